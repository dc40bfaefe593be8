import CJSONC

/// Parses untrusted JSON text with json-c, within a size and a depth limit.
///
/// One call parses exactly one value: `{"op":"models","id":"1"}` with optional whitespace
/// around it (so a line may keep its `\n`). The input is checked more strictly than json-c
/// alone does (see `StrictScanner.swift`), and what is accepted and what is refused is:
///
/// - Exactly RFC 8259 JSON: no `NaN`/`Infinity`, no leading zeros, no comments, no single
///   quotes, no raw control characters in strings, no trailing commas.
/// - Strings must be UTF-8; `\u` escapes must not be lone surrogates (``JSONError/notUTF8(offset:)``).
///   `\u0000` is kept in string values (json-c stores the length), but refused in object
///   keys, which json-c keeps as C strings.
/// - Integers (no fraction or exponent) must fit `Int64`; json-c would saturate them, so a
///   larger one is ``JSONError/numberOutOfRange(literal:offset:)`` rather than a silently
///   wrong value. Numbers that overflow `Double` (`1e400`) are refused the same way.
/// - An object must not repeat a key (``JSONError/duplicateKey(key:offset:)``); json-c would
///   keep the last value and drop the rest without telling.
///
/// The parser holds only its limits, so one value can be shared by every connection.
public struct JSONParser: Sendable {
    /// The largest input accepted, in bytes (whitespace included).
    public let maxBytes: Int
    /// The deepest nesting of arrays and objects accepted: 0 allows only scalars, 1 allows
    /// `[1]` and `{"a":1}` but not `[[1]]`, and so on.
    public let maxDepth: Int

    /// The largest `maxDepth` supported: conversion and serialisation recurse once per level.
    public static let depthCeiling = 1000

    /// A parser with the given limits.
    ///
    /// - Parameters:
    ///   - maxBytes: Largest input in bytes; at most `Int32.max - 1` (json-c takes an `int` length).
    ///   - maxDepth: Deepest nesting of arrays and objects, in `0...depthCeiling`.
    public init(maxBytes: Int = 64 << 20, maxDepth: Int = 64) {
        precondition((0..<Int(Int32.max)).contains(maxBytes), "JSONParser: maxBytes out of range")
        precondition((0...Self.depthCeiling).contains(maxDepth), "JSONParser: maxDepth out of range")
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// Parses one JSON value from `bytes`.
    ///
    /// Calls `json_tokener_new_ex`, `json_tokener_set_flags` (`JSON_TOKENER_STRICT |
    /// JSON_TOKENER_ALLOW_TRAILING_CHARS`), `json_tokener_parse_ex`, `json_tokener_get_error`,
    /// `json_tokener_get_parse_end` and `json_tokener_error_desc`, copies the result into a
    /// ``JSONValue`` and frees every json-c object (`json_object_put`, `json_tokener_free`).
    ///
    /// - Parameter bytes: UTF-8 JSON text; need not be NUL-terminated.
    /// - Returns: The value.
    /// - Throws: ``JSONError``; see its cases.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        guard bytes.count <= maxBytes else { throw .tooLarge(bytes: bytes.count, limit: maxBytes) }
        guard bytes.count > 0 else { throw .incomplete(offset: 0) }
        return try parseNonEmpty(bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Parses one JSON value from a collection of bytes (an `[UInt8]`, `Data`, a `String.UTF8View`, ...).
    ///
    /// Same as ``parse(_:)-(UnsafeRawBufferPointer)``; a collection without contiguous storage
    /// is copied first.
    /// - Throws: ``JSONError``; see its cases.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONError) -> JSONValue {
        guard bytes.count <= maxBytes else { throw .tooLarge(bytes: bytes.count, limit: maxBytes) }
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let contiguous { return try contiguous.get() }
        return try Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try parse(buffer) }
        }.get()
    }

    /// Parses one JSON value from the UTF-8 form of `text`.
    ///
    /// Same as ``parse(_:)-(UnsafeRawBufferPointer)``.
    /// - Throws: ``JSONError``; see its cases.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }.get()
    }

    /// Runs json-c, then the strict pass, then the conversion.
    private func parseNonEmpty(_ text: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        guard let tokener = json_tokener_new_ex(Int32(maxDepth + 1)) else { throw .outOfMemory }
        defer { json_tokener_free(tokener) }
        // json-c counts the scalar inside the innermost container as a level, hence + 1;
        // the strict pass enforces maxDepth exactly.
        json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS)

        var root: OpaquePointer? = nil
        defer { json_object_put(root) }
        let chars = UnsafeRawPointer(text.baseAddress!).assumingMemoryBound(to: CChar.self)
        root = json_tokener_parse_ex(tokener, chars, Int32(text.count))
        var status = json_tokener_get_error(tokener)
        var end = json_tokener_get_parse_end(tokener)
        if status == json_tokener_continue {
            // json-c used every byte but has not seen the value end: a top-level number
            // ("42" could go on), or a value cut short. One more space settles it.
            root = json_tokener_parse_ex(tokener, " ", 1)
            status = json_tokener_get_error(tokener)
            end = text.count
            if status == json_tokener_continue { throw .incomplete(offset: text.count) }
        }
        guard status == json_tokener_success else { throw jsonCError(status, at: end, in: text) }

        if let junk = text[end...].firstIndex(where: { !Self.isWhitespace($0) }) {
            throw .trailingData(offset: junk)
        }
        let value = UnsafeBufferPointer(rebasing: text[..<end])
        let objects = try StrictScanner.scan(value, maxDepth: maxDepth)
        var converter = TreeConverter(text: value, objects: objects)
        return try converter.convert(root)
    }

    /// Maps a json-c error at byte `offset` to a ``JSONError``.
    private func jsonCError(
        _ status: json_tokener_error, at offset: Int, in text: UnsafeBufferPointer<UInt8>
    ) -> JSONError {
        switch status {
        case json_tokener_error_depth:
            // json-c points at the value that needed one level too many; the strict pass over
            // the text before it finds the container that went past the limit.
            do {
                _ = try StrictScanner.scan(UnsafeBufferPointer(rebasing: text[..<offset]), maxDepth: maxDepth)
            } catch {
                return error
            }
            return .tooDeep(limit: maxDepth, offset: offset)
        case json_tokener_error_parse_eof where offset > 0 && text[offset - 1] == 0:
            // json-c stops at a NUL byte as if the input ended there, and counts it as read.
            return .malformed(message: "raw NUL byte (inside a string, write \\u0000)", offset: offset - 1)
        case json_tokener_error_parse_utf8_string:
            return .notUTF8(offset: offset)
        default:
            return .malformed(message: String(cString: json_tokener_error_desc(status)), offset: offset)
        }
    }

    /// JSON's whitespace: space, tab, LF, CR.
    static func isWhitespace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\t")
    }
}
