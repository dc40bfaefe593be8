/// Why a model bundle or its configuration was refused.
public enum BundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hyper-parameter is missing, out of range or inconsistent with another.
    case invalidHyperparameters(model: String, field: String, reason: String)
    /// No preset has this name.
    case unknownPreset(name: String, known: [String])
    /// A line of an artist or genre id file is not `name;id`.
    case invalidLabelFile(file: String, line: Int, text: String)
    /// The bundle was written in a layout this release does not read.
    case unsupportedFormat(found: Int, supported: Int)
    /// A file of the bundle is missing or unreadable.
    case missingFile(path: String)
    /// A JSON file of the bundle does not decode; `reason` says where.
    case invalidFile(path: String, reason: String)
    /// The weights lack a tensor the model needs.
    case missingTensor(file: String, tensor: String, expectedShape: [Int])
    /// The weights hold a tensor the model does not have.
    case unexpectedTensor(file: String, tensor: String)
    /// A tensor has the wrong shape.
    case shapeMismatch(file: String, tensor: String, expected: [Int], actual: [Int])
    /// A tensor is not of a floating-point type the model can use.
    case wrongDType(file: String, tensor: String, dtype: String)
    /// A conversion input cannot be assigned to a part of the bundle.
    case unrecognisedInput(path: String, reason: String)
    /// The output folder already exists.
    case outputExists(path: String)
    /// The label tables do not fit the model (ids past the table, wrong vocabulary size).
    case invalidLabels(reason: String)

    public var description: String {
        switch self {
        case .invalidHyperparameters(let model, let field, let reason):
            return "hyper-parameter \(field) of \(model): \(reason)"
        case .unknownPreset(let name, let known):
            return "no preset named '\(name)' (known: \(known.joined(separator: ", ")))"
        case .invalidLabelFile(let file, let line, let text):
            return "\(file):\(line): expected 'name;id', found '\(text)'"
        case .unsupportedFormat(let found, let supported):
            return "bundle format version \(found) is not supported (this release reads \(supported))"
        case .missingFile(let path):
            return "\(path) is missing or unreadable"
        case .invalidFile(let path, let reason):
            return "\(path): \(reason)"
        case .missingTensor(let file, let tensor, let shape):
            return "\(file) lacks tensor \(tensor) (expected shape \(shape))"
        case .unexpectedTensor(let file, let tensor):
            return "\(file) holds tensor \(tensor), which the model does not have"
        case .shapeMismatch(let file, let tensor, let expected, let actual):
            return "\(file): tensor \(tensor) has shape \(actual), expected \(expected)"
        case .wrongDType(let file, let tensor, let dtype):
            return "\(file): tensor \(tensor) is \(dtype), expected float32, float16 or bfloat16"
        case .unrecognisedInput(let path, let reason):
            return "\(path): \(reason)"
        case .outputExists(let path):
            return "\(path) already exists (remove it or choose another --out)"
        case .invalidLabels(let reason):
            return "labels: \(reason)"
        }
    }
}
