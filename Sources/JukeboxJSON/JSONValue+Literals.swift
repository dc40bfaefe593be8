// Literal conformances and plain initialisers, so the protocol layer can write messages as
// `["type": "progress", "id": id, "completed": .init(done), "total": 100]`.

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true` / `false` are JSON booleans.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer literal is ``integer(_:)``.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A floating-point literal is ``number(_:)``.
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A string literal (interpolation allowed) is ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array literal is ``array(_:)``.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A dictionary literal is ``object(_:)`` with the keys in the order written; a repeated
    /// key is a programmer error (precondition).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(uniqueKeysWithValues: elements))
    }
}

extension JSONValue {
    /// ``string(_:)`` holding `value`.
    public init(_ value: String) { self = .string(value) }

    /// ``bool(_:)`` holding `value`.
    public init(_ value: Bool) { self = .bool(value) }

    /// ``integer(_:)`` holding `value`.
    public init(_ value: Int) { self = .integer(Int64(value)) }

    /// ``integer(_:)`` holding `value`.
    public init(_ value: Int64) { self = .integer(value) }

    /// ``number(_:)`` holding `value`. A non-finite value is kept, but serialises as `null`.
    public init(_ value: Double) { self = .number(value) }

    /// ``array(_:)`` holding `values` in order.
    public init(_ values: [JSONValue]) { self = .array(values) }

    /// ``object(_:)`` holding `object`.
    public init(_ object: JSONObject) { self = .object(object) }
}
