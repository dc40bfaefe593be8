/// The daemon's configuration flags, parsed from its command line.
///
/// Each key of jukeboxd.conf(5) has a flag with dashes for underscores (`socket_path` is
/// `--socket-path`), written `--flag value` or `--flag=value`; the last of a repeated flag
/// wins. Three flags choose the configuration file:
/// `--config PATH` (must exist), `--optional-config PATH` (read if it exists) and
/// `--no-config`; by default ``DaemonConfiguration/defaultFilePath`` is read if it exists.
public struct DaemonCommandLine: Equatable, Sendable {
    /// Which configuration file to read.
    public enum File: Equatable, Sendable {
        /// None.
        case none
        /// The file at `path`; when `required` is false, a missing file is skipped.
        case path(String, required: Bool)
    }

    /// Which configuration file to read.
    public var file: File
    /// The settings given as flags, in command-line order.
    public var settings: [(key: ConfigurationKey, value: String)]

    /// No flags: the default file, no overrides.
    public init() {
        file = .path(DaemonConfiguration.defaultFilePath, required: false)
        settings = []
    }

    /// Parses flags.
    /// - Parameter arguments: The flags, without the program name or subcommand.
    /// - Throws: ``ConfigurationError/unknownFlag(_:)`` (also for anything not a flag) or
    ///   ``ConfigurationError/missingFlagValue(flag:)``.
    public init(arguments: [String]) throws(ConfigurationError) {
        self.init()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            let name: String
            var inlineValue: String? = nil
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }
            if name == "--no-config" {
                guard inlineValue == nil else {
                    throw .badFlagValue(flag: name, value: inlineValue!, reason: "takes no value")
                }
                file = .none
                continue
            }
            let isFileFlag = name == "--config" || name == "--optional-config"
            guard isFileFlag || ConfigurationKey(flag: name) != nil else { throw .unknownFlag(argument) }
            guard let value = inlineValue ?? rest.popFirst() else { throw .missingFlagValue(flag: name) }
            if isFileFlag {
                file = .path(value, required: name == "--config")
            } else if let key = ConfigurationKey(flag: name) {
                settings.append((key: key, value: value))
            }
        }
    }

    /// Two command lines are equal when they read the same file and give the same settings in order.
    public static func == (lhs: DaemonCommandLine, rhs: DaemonCommandLine) -> Bool {
        lhs.file == rhs.file && lhs.settings.elementsEqual(rhs.settings) { $0.key == $1.key && $0.value == $1.value }
    }
}
