/// A plain value decoded from a pickle by the restricted interpreter.
///
/// Only data is ever produced: numbers, strings, containers, references to tensors stored in the checkpoint, and
/// opaque placeholders for tolerated non-tensor objects (e.g. numpy scalars in metadata).
public indirect enum PickleValue: Sendable, Equatable {
    /// Python `None`.
    case none
    /// Python `bool`.
    case bool(Bool)
    /// Python `int` that fits in 64 bits.
    case int(Int64)
    /// Python `int` beyond 64 bits: little-endian two's complement bytes, as pickle's `LONG1`/`LONG4` store them.
    case bigInt([UInt8])
    /// Python `float`.
    case float(Double)
    /// Python `str` (and Python 2 `str` from old pickles).
    case string(String)
    /// Python `bytes`.
    case bytes([UInt8])
    /// Python `tuple`.
    case tuple([PickleValue])
    /// Python `list`.
    case list([PickleValue])
    /// Python `dict` or `collections.OrderedDict`, entries in insertion order.
    case dict([Pair])
    /// A tensor stored in the checkpoint (not yet read).
    case tensor(TorchTensorRef)
    /// A tolerated object the reader does not model; the string says what it was (e.g. `numpy.dtype`).
    case opaque(String)

    /// One key/value entry of a dict.
    public struct Pair: Sendable, Equatable {
        /// The key.
        public let key: PickleValue
        /// The value.
        public let value: PickleValue

        /// Makes an entry.
        public init(key: PickleValue, value: PickleValue) {
            self.key = key
            self.value = value
        }
    }

    /// For a dict: the value stored under the string `key`; `nil` otherwise.
    public subscript(key: String) -> PickleValue? {
        guard case .dict(let pairs) = self else { return nil }
        return pairs.first(where: { $0.key == .string(key) })?.value
    }

    /// The entries of a dict whose keys are strings, in order; `nil` if this is not a dict.
    public var stringKeyedEntries: [(key: String, value: PickleValue)]? {
        guard case .dict(let pairs) = self else { return nil }
        return pairs.compactMap { pair in
            if case .string(let key) = pair.key { return (key, pair.value) }
            return nil
        }
    }

    /// The value of an `int` (or `bool`), if it is one.
    public var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    /// The value of a `float` or `int` as a Double.
    public var doubleValue: Double? {
        switch self {
        case .float(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }

    /// The text of a `str`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value of a `bool`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of a `list` or `tuple`.
    public var elements: [PickleValue]? {
        switch self {
        case .list(let items), .tuple(let items): items
        default: nil
        }
    }
}
