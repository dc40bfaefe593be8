import Foundation
import Testing

@testable import JukeboxWeights

/// The shared golden files, found relative to this source file: `<repo>/../shared/golden`.
enum Golden {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // JukeboxWeightsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/golden")
        .standardizedFileURL

    /// Absolute path of a golden file.
    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// A golden JSON file parsed with Foundation.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Bytes of a golden file.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jukebox-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` and returns the path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// File names present in the directory.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func cleanup() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body`, which must throw a ``WeightsError``, and returns that error (recording an issue otherwise).
func weightsError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) -> WeightsError? {
    do {
        _ = try body()
        Issue.record("expected a WeightsError, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as WeightsError {
        return error
    } catch {
        Issue.record("expected a WeightsError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Little-endian bytes of an integer.
func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// Little-endian bytes of Floats.
func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { littleEndian($0.bitPattern) }
}
