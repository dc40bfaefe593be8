// Typed reads. Every accessor returns nil when the value has another kind, and none of
// them loses information: a number converts only when the conversion is exact.

extension JSONValue {
    /// `true` for ``null``.
    public var isNull: Bool { self == .null }

    /// The Boolean of a ``bool(_:)``, else `nil`.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The string of a ``string(_:)``, else `nil`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of an ``integer(_:)``, or of a ``number(_:)`` that is integral and exactly
    /// representable (`3.0` gives 3, `3.5` and `1e300` give `nil`), else `nil`.
    ///
    /// Accepting integral doubles lets clients whose JSON library writes every number as a
    /// double (`"samples": 3.0`) still be understood.
    public var int64Value: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d):
            // Not Int64(exactly:), which calls libm's floor/ceil and so needs -lm at link time.
            guard d >= -0x1p63, d < 0x1p63 else { return nil }  // also false for NaN
            let i = Int64(d)  // truncates toward zero
            return Double(i) == d ? i : nil
        default: return nil
        }
    }

    /// ``int64Value`` as `Int`, when it fits.
    public var intValue: Int? {
        int64Value.flatMap { Int(exactly: $0) }
    }

    /// The value of a ``number(_:)``, or of an ``integer(_:)`` that a `Double` holds exactly
    /// (every integer up to 2^53 in magnitude, and larger ones that happen to be representable),
    /// else `nil`.
    public var doubleValue: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(exactly: i)
        default: return nil
        }
    }

    /// The elements of an ``array(_:)``, else `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members of an ``object(_:)``, else `nil`.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The value under `key` of an ``object(_:)``; `nil` if the key is missing or the value
    /// is not an object.
    ///
    /// Setting requires the value to be an object (precondition) and follows
    /// ``JSONObject/subscript(_:)``: replace in place, append, or remove with `nil`.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            guard case .object(var object) = self else {
                preconditionFailure("JSONValue: setting key \"\(key)\" on a non-object")
            }
            self = .null  // Drop the enum's reference so `object` is uniquely owned.
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The element at `index` of an ``array(_:)``; `nil` if the index is out of range or
    /// the value is not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
