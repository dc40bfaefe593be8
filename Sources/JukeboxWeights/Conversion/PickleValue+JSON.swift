import Foundation

extension PickleValue {
    /// The value as a Foundation JSON object (`JSONSerialization`), for reading hyper-parameter
    /// dictionaries stored in checkpoints. Tensors, bytes and opaque objects become null; dict
    /// entries with non-string keys are dropped.
    var jsonObject: Any {
        switch self {
        case .none, .tensor, .opaque, .bytes, .bigInt: NSNull()
        case .bool(let value): value
        case .int(let value): value
        case .float(let value): value.isFinite ? value : NSNull()
        case .string(let value): value
        case .tuple(let items), .list(let items): items.map(\.jsonObject)
        case .dict(let pairs):
            Dictionary(
                pairs.compactMap { pair in pair.key.stringValue.map { ($0, pair.value.jsonObject) } },
                uniquingKeysWith: { _, last in last })
        }
    }
}
