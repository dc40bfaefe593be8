import JukeboxJSON

/// Reads the members of one JSON object field by field, naming fields by their path in
/// errors, and (when strict) refusing members nobody read.
///
/// Requests are read strictly: a member the operation does not define is
/// ``MessageError/unknownField(_:)``, so a misspelt option never passes silently. Replies
/// are read leniently, so a client keeps working when a later daemon adds members.
/// A member holding `null` counts as absent.
struct FieldReader {
    /// Turns a member's value into a Swift value; the second argument is the member's path.
    typealias Convert<T> = (JSONValue, String) throws(MessageError) -> T

    /// The object being read.
    let object: JSONObject
    /// The path of the object itself ("" for the message).
    let path: String
    /// Whether unread members are an error in ``finish()``.
    let strict: Bool
    /// The keys read so far.
    private var readKeys: Set<String> = []

    /// A reader over `value`, which must be an object.
    /// - Parameters:
    ///   - value: The message or member to read.
    ///   - path: Its path ("" for the message).
    ///   - strict: Whether members nobody reads are an error.
    /// - Throws: ``MessageError/notAnObject(field:)``.
    init(_ value: JSONValue, path: String = "", strict: Bool) throws(MessageError) {
        guard let object = value.objectValue else { throw .notAnObject(field: path) }
        self.object = object
        self.path = path
        self.strict = strict
    }

    /// The path of member `key`.
    func path(of key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// Whether the object holds `key` with a value other than `null`.
    func has(_ key: String) -> Bool {
        if let value = object[key], !value.isNull { return true }
        return false
    }

    /// The value of `key` converted, or nil when it is absent or `null`.
    mutating func optional<T>(_ key: String, _ convert: Convert<T>) throws(MessageError) -> T? {
        readKeys.insert(key)
        guard let value = object[key], !value.isNull else { return nil }
        return try convert(value, path(of: key))
    }

    /// The value of `key` converted.
    /// - Throws: ``MessageError/missingField(_:)`` when it is absent or `null`, else what `convert` throws.
    mutating func required<T>(_ key: String, _ convert: Convert<T>) throws(MessageError) -> T {
        guard let value = try optional(key, convert) else { throw .missingField(path(of: key)) }
        return value
    }

    /// Refuses, before anything is read, a member not in `keys` (nor `op`, `id` or `type`,
    /// which the message envelope reads), so a misspelt option is reported as such rather
    /// than as the missing field it was meant to be.
    /// - Throws: ``MessageError/unknownField(_:)`` naming the first such member in message order.
    func allow(only keys: [String]) throws(MessageError) {
        guard strict else { return }
        let envelope = ["op", "id", "type"]
        if let unknown = object.keys.first(where: { !keys.contains($0) && !envelope.contains($0) }) {
            throw .unknownField(path(of: unknown))
        }
    }

    /// Marks `key` as read without reading it (for `op` and `type`, read before dispatch).
    mutating func skip(_ key: String) {
        readKeys.insert(key)
    }

    /// Ends reading: for a strict reader, the first member (in message order) nobody read is
    /// an error.
    /// - Throws: ``MessageError/unknownField(_:)``.
    func finish() throws(MessageError) {
        guard strict else { return }
        if let unknown = object.keys.first(where: { !readKeys.contains($0) }) {
            throw .unknownField(path(of: unknown))
        }
    }
}

// MARK: - Converters

extension FieldReader {
    /// A string.
    static func string(_ value: JSONValue, _ field: String) throws(MessageError) -> String {
        guard let string = value.stringValue else { throw .wrongType(field: field, expected: "a string") }
        return string
    }

    /// A string that is not empty.
    static func nonEmptyString(_ value: JSONValue, _ field: String) throws(MessageError) -> String {
        let string = try self.string(value, field)
        guard !string.isEmpty else { throw .invalidValue(field: field, reason: "must not be empty") }
        return string
    }

    /// A string of at most `maxBytes` UTF-8 bytes (possibly empty).
    static func string(maxBytes: Int) -> Convert<String> {
        { (value, field) throws(MessageError) in
            let string = try string(value, field)
            let bytes = string.utf8.count
            guard bytes <= maxBytes else {
                throw .outOfRange(field: field, range: "\(bytes) bytes, at most \(maxBytes)")
            }
            return string
        }
    }

    /// A non-empty string of at most `maxBytes` UTF-8 bytes (an artist or genre name).
    static func label(maxBytes: Int) -> Convert<String> {
        { (value, field) throws(MessageError) in
            let string = try string(maxBytes: maxBytes)(value, field)
            guard !string.isEmpty else { throw .invalidValue(field: field, reason: "must not be empty") }
            return string
        }
    }

    /// A Boolean.
    static func bool(_ value: JSONValue, _ field: String) throws(MessageError) -> Bool {
        guard let bool = value.boolValue else { throw .wrongType(field: field, expected: "true or false") }
        return bool
    }

    /// An integer (an integral number such as `3.0` is accepted).
    static func int(_ value: JSONValue, _ field: String) throws(MessageError) -> Int {
        guard let int = value.intValue else { throw .wrongType(field: field, expected: "an integer") }
        return int
    }

    /// A number, integer or not.
    static func double(_ value: JSONValue, _ field: String) throws(MessageError) -> Double {
        guard let double = value.doubleValue else { throw .wrongType(field: field, expected: "a number") }
        return double
    }

    /// An integer within `range`.
    static func int(in range: ClosedRange<Int>) -> Convert<Int> {
        { (value, field) throws(MessageError) in
            let int = try int(value, field)
            guard range.contains(int) else {
                throw .outOfRange(field: field, range: "\(int) is not in \(range.lowerBound)...\(range.upperBound)")
            }
            return int
        }
    }

    /// A number `x` with `lower < x <= upper` (when `openBelow`) or `lower <= x <= upper`.
    static func double(from lower: Double, openBelow: Bool, to upper: Double) -> Convert<Double> {
        { (value, field) throws(MessageError) in
            let x = try double(value, field)
            let aboveLower = openBelow ? x > lower : x >= lower
            guard aboveLower, x <= upper else {
                let range = openBelow ? "(\(lower), \(upper)]" : "[\(lower), \(upper)]"
                throw .outOfRange(field: field, range: "\(x) is not in \(range)")
            }
            return x
        }
    }

    /// An array whose elements `element` converts; element paths are `field[i]`.
    static func array<T>(_ element: @escaping Convert<T>) -> Convert<[T]> {
        { (value, field) throws(MessageError) in
            guard let elements = value.arrayValue else { throw .wrongType(field: field, expected: "an array") }
            var result: [T] = []
            result.reserveCapacity(elements.count)
            for (i, element_) in elements.enumerated() {
                result.append(try element(element_, "\(field)[\(i)]"))
            }
            return result
        }
    }

    /// An object read by `read` with a nested reader of the given strictness; ``finish()``
    /// is called after `read`.
    static func object<T>(strict: Bool, _ read: @escaping (inout FieldReader) throws(MessageError) -> T) -> Convert<T> {
        { (value, field) throws(MessageError) in
            var reader = try FieldReader(value, path: field, strict: strict)
            let result = try read(&reader)
            try reader.finish()
            return result
        }
    }

    /// A value of a string-backed enum, naming the accepted words in the error.
    static func word<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> Convert<T> where T.RawValue == String {
        { (value, field) throws(MessageError) in
            let string = try string(value, field)
            guard let word = T(rawValue: string) else {
                let words = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw .invalidValue(field: field, reason: "\"\(string)\" is not one of \(words)")
            }
            return word
        }
    }
}
