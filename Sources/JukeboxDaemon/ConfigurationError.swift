/// Why the daemon's settings could not be built; each stops start-up.
public enum ConfigurationError: Error, Equatable, Sendable {
    /// The configuration file at `path` could not be read; `reason` is the system's message.
    /// The default file may be absent; a file named on the command line must exist.
    case unreadableFile(path: String, reason: String)
    /// Line `line` of `path` is neither `key = value`, a `#` comment nor blank.
    case malformedLine(path: String, line: Int, text: String)
    /// Line `line` of `path` sets `key`, which is not a setting; jukeboxd.conf(5) lists them.
    case unknownKey(path: String, line: Int, key: String)
    /// Line `line` of `path` sets `key` a second time (first set on `firstLine`).
    case repeatedKey(path: String, line: Int, key: String, firstLine: Int)
    /// Line `line` of `path` gives `key` the unusable `value`; `reason` says what is accepted.
    case badValue(path: String, line: Int, key: String, value: String, reason: String)
    /// A command-line flag that is not a setting.
    case unknownFlag(String)
    /// A flag that takes a value was last on the command line.
    case missingFlagValue(flag: String)
    /// A flag's value is unusable; `reason` says what is accepted.
    case badFlagValue(flag: String, value: String, reason: String)
}

extension ConfigurationError: CustomStringConvertible {
    /// A one-line message in the `file:line: problem` form editors and the journal show well.
    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the configuration file: \(reason)"
        case .malformedLine(let path, let line, let text):
            return "\(path):\(line): expected \"key = value\", a # comment or a blank line, found \"\(text)\""
        case .unknownKey(let path, let line, let key):
            let known = ConfigurationKey.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(path):\(line): unknown key \"\(key)\" (known keys: \(known))"
        case .repeatedKey(let path, let line, let key, let firstLine):
            return "\(path):\(line): key \"\(key)\" is already set on line \(firstLine)"
        case .badValue(let path, let line, let key, let value, let reason):
            return "\(path):\(line): bad value \"\(value)\" for \(key): \(reason)"
        case .unknownFlag(let flag):
            return "unknown option \(flag)"
        case .missingFlagValue(let flag):
            return "option \(flag) needs a value"
        case .badFlagValue(let flag, let value, let reason):
            return "bad value \"\(value)\" for \(flag): \(reason)"
        }
    }
}

/// Why one setting's value was refused; wrapped with the file and line, or the flag, by the caller.
public struct ValueError: Error, Equatable, Sendable {
    /// What is accepted, such as "a size such as 512M or 12G".
    public let reason: String

    /// An error with its reason.
    public init(_ reason: String) {
        self.reason = reason
    }
}
