/// Why a model could not be built or run.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A weight the model needs is not in its weights file.
    case missingWeight(name: String)
    /// A weight has a shape the hyper-parameters do not imply.
    case weightShape(name: String, expected: [Int], actual: [Int])
    /// An input has the wrong shape or length; `reason` says what was expected.
    case invalidInput(reason: String)
    /// A computation produced NaN or infinity (weights holding NaN/Inf, or values that
    /// overflow float32); `detail` says where. The input or the weights must change.
    case nonFinite(detail: String)

    public var description: String {
        switch self {
        case .missingWeight(let name): "missing weight \(name)"
        case .weightShape(let name, let expected, let actual): "weight \(name) is \(actual), expected \(expected)"
        case .invalidInput(let reason): "invalid input: \(reason)"
        case .nonFinite(let detail): "non-finite values (NaN or infinity) in \(detail)"
        }
    }
}
