import Foundation

/// The reference's golden test vectors, read from `../shared/golden` beside the checkout
/// (CI has it there too): the one place every test target finds them.
public enum Golden {
    /// The golden folder.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // JukeboxTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/golden")
        .standardizedFileURL

    /// Absolute path of a golden file.
    public static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Bytes of a golden file.
    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A golden JSON file whose top level is an object, parsed with Foundation.
    public static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestSupportError("\(name) is not a JSON object")
        }
        return object
    }
}

/// A helper's precondition on its input failed; the message says which.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
