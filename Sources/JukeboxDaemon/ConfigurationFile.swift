#if canImport(Glibc)
    import Glibc
#endif

/// The parsed lines of a configuration file: `key = value` settings, `#` comments, blank lines.
///
/// A comment is a line whose first non-blank character is `#`; a `#` after a value is part of
/// the value. Blanks around the key and the value are dropped. Keys are case-sensitive; each
/// may be set once.
public struct ConfigurationFile: Equatable, Sendable {
    /// One `key = value` line.
    public struct Entry: Equatable, Sendable {
        /// The setting.
        public let key: ConfigurationKey
        /// The value's text.
        public let value: String
        /// The 1-based line number.
        public let line: Int
    }

    /// The file's path, for messages.
    public let path: String
    /// The settings in file order.
    public let entries: [Entry]

    /// The largest configuration file read, in bytes.
    static let maxBytes = 1 << 20

    /// Parses the text of the file at `path`.
    /// - Throws: ``ConfigurationError/malformedLine(path:line:text:)``,
    ///   ``ConfigurationError/unknownKey(path:line:key:)`` or
    ///   ``ConfigurationError/repeatedKey(path:line:key:firstLine:)`` for the first bad line.
    public static func parse(text: String, path: String) throws(ConfigurationError) -> ConfigurationFile {
        var entries: [Entry] = []
        for (index, rawLine) in lines(of: text).enumerated() {
            let number = index + 1
            let line = trimmed(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .malformedLine(path: path, line: number, text: String(line.prefix(80)))
            }
            let name = trimmed(line[..<equals])
            guard !name.isEmpty else { throw .malformedLine(path: path, line: number, text: String(line.prefix(80))) }
            guard let key = ConfigurationKey(rawValue: String(name)) else {
                throw .unknownKey(path: path, line: number, key: String(name))
            }
            if let first = entries.first(where: { $0.key == key }) {
                throw .repeatedKey(path: path, line: number, key: key.rawValue, firstLine: first.line)
            }
            entries.append(Entry(key: key, value: String(trimmed(line[line.index(after: equals)...])), line: number))
        }
        return ConfigurationFile(path: path, entries: entries)
    }

    /// Stores every entry's value in `configuration`.
    /// - Throws: ``ConfigurationError/badValue(path:line:key:value:reason:)`` for the first bad value.
    public func apply(to configuration: inout DaemonConfiguration) throws(ConfigurationError) {
        for entry in entries {
            do {
                try entry.key.apply(entry.value, to: &configuration)
            } catch {
                throw .badValue(
                    path: path, line: entry.line, key: entry.key.rawValue, value: entry.value, reason: error.reason)
            }
        }
    }

    /// The text of the file at `path`, or nil when it does not exist and is not `required`.
    /// - Throws: ``ConfigurationError/unreadableFile(path:reason:)``, also for a file that is
    ///   not UTF-8 or larger than 1 MiB.
    public static func read(path: String, required: Bool) throws(ConfigurationError) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT, !required { return nil }
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= maxBytes else { throw .unreadableFile(path: path, reason: "larger than 1 MiB") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// The lines of `text`; a line may end in LF or CR LF (which Swift keeps as one character).
    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    /// `text` without leading and trailing spaces, tabs and carriage returns.
    private static func trimmed(_ text: Substring) -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) })
        else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }
}
