import Foundation

/// A fresh folder under the system's temporary folder, removed by ``cleanup()``.
public struct TemporaryDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// Creates `<tmp>/<prefix>-<uuid>`.
    public init(prefix: String = "jukebox-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The folder's path.
    public var root: String { url.path }

    /// The path of `name` inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` and returns the path.
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let target = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// File names present in the folder, sorted.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Removes the folder and everything in it.
    public func cleanup() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with the path of a fresh empty folder, removed when `body` returns or throws.
public func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let folder = try TemporaryDirectory(prefix: "jukeboxd-test")
    defer { folder.cleanup() }
    return try body(folder.root)
}
