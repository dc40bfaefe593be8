import CJSONC

/// Finds the repeated key of an object json-c merged. Runs only on that error path.
enum DuplicateKeyFinder {
    /// The ``JSONError/duplicateKey(key:offset:)`` for the object whose `{` is at `start`.
    ///
    /// Walks the object's members in the text, decodes each key with json-c
    /// (`json_tokener_parse_ex` on the quoted key) and compares keys by their UTF-8 bytes,
    /// as json-c does.
    static func error(in text: UnsafeBufferPointer<UInt8>, objectAt start: Int) -> JSONError {
        var seen: Set<[UInt8]> = []
        var i = skipWhitespace(text, start + 1)
        while i < text.count, text[i] == UInt8(ascii: "\"") {
            let keyEnd = endOfString(text, i)
            let key = decodeString(UnsafeBufferPointer(rebasing: text[i..<keyEnd]))
            if !seen.insert(Array(key.utf8)).inserted {
                return .duplicateKey(key: key, offset: i)
            }
            i = skipWhitespace(text, keyEnd) + 1  // past ':'
            i = skipWhitespace(text, endOfValue(text, skipWhitespace(text, i)))
            if i < text.count, text[i] == UInt8(ascii: ",") { i = skipWhitespace(text, i + 1) }
        }
        return .duplicateKey(key: "", offset: start)  // not reached for text json-c accepted
    }

    private static func skipWhitespace(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var i = i
        while i < text.count, JSONParser.isWhitespace(text[i]) { i += 1 }
        return i
    }

    /// The offset after the string whose opening quote is at `i`.
    private static func endOfString(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i + 1
        while j < text.count, text[j] != UInt8(ascii: "\"") {
            j += text[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(j + 1, text.count)
    }

    /// The offset after the value starting at `i`.
    private static func endOfValue(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i
        var depth = 0
        while j < text.count {
            switch text[j] {
            case UInt8(ascii: "\""):
                j = endOfString(text, j)
                if depth == 0 { return j }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 { return j + (depth == 0 ? 1 : 0) }
            case UInt8(ascii: ","):
                if depth == 0 { return j }
            default:
                if depth == 0, JSONParser.isWhitespace(text[j]) { return j }
            }
            j += 1
        }
        return j
    }

    /// Decodes a quoted JSON string with json-c.
    private static func decodeString(_ quoted: UnsafeBufferPointer<UInt8>) -> String {
        guard let tokener = json_tokener_new() else { return String(decoding: quoted, as: UTF8.self) }
        defer { json_tokener_free(tokener) }
        let chars = UnsafeRawPointer(quoted.baseAddress!).assumingMemoryBound(to: CChar.self)
        guard let object = json_tokener_parse_ex(tokener, chars, Int32(quoted.count)) else {
            return String(decoding: quoted, as: UTF8.self)
        }
        defer { json_object_put(object) }
        return TreeConverter.string(object)
    }
}
