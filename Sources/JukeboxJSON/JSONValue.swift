/// One JSON value: the in-memory form of every message the daemon and its clients exchange.
///
/// Values are plain data (`Sendable`, `Equatable`) and never refer to json-c objects:
/// `JSONParser` copies everything out of json-c and frees its objects before returning.
///
/// - Integers and numbers are separate cases. A literal without a fraction or exponent
///   (`42`, `-7`) parses as ``integer(_:)``; one with them (`1.0`, `2e3`) parses as
///   ``number(_:)``. `.integer(1)` and `.number(1.0)` are therefore *not* equal; use the
///   accessors (``intValue``, ``doubleValue``) to read either kind.
/// - Objects keep their keys in the order received or built (see ``JSONObject``), and two
///   objects are equal only when they hold the same keys, in the same order, with equal values.
/// - Equality of ``number(_:)`` is `Double` equality: `-0.0 == 0.0`, and NaN (which the
///   parser never produces) equals nothing.
public enum JSONValue: Sendable, Equatable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent, within `Int64` range.
    case integer(Int64)
    /// A number written with a fraction or exponent. The parser only produces finite values;
    /// the serialiser writes a non-finite value as `null`.
    case number(Double)
    /// A string of Unicode scalars; may contain U+0000.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// An object whose keys are unique and keep their order.
    case object(JSONObject)
}

extension JSONValue: CustomStringConvertible {
    /// The compact one-line JSON text of this value, as ``serialized()`` writes it.
    public var description: String { serialized() }
}
