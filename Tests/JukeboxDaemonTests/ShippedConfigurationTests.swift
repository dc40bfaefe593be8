import Foundation
import JukeboxDaemon
import Testing

/// Systemd/jukeboxd.conf, the commented default file the install puts in /etc/jukeboxd: it
/// lists every key of jukeboxd.conf(5) once, at the daemon's own default.
struct ShippedConfigurationTests {
    static let path = packageRoot + "/Systemd/jukeboxd.conf"

    /// The file with every `#key = value` line made a setting.
    func uncommented() throws -> String {
        try String(contentsOfFile: Self.path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                line.hasPrefix("#") && line.dropFirst().first?.isLetter == true
                    ? String(line.dropFirst()) : String(line)
            }
            .joined(separator: "\n")
    }

    @Test func asShippedItSetsNothing() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(try ConfigurationFile.parse(text: text, path: Self.path).entries.isEmpty)
    }

    @Test func itListsEveryKeyOnceAtTheDaemonsDefault() throws {
        let file = try ConfigurationFile.parse(text: try uncommented(), path: Self.path)
        #expect(Set(file.entries.map(\.key)) == Set(ConfigurationKey.allCases))
        #expect(file.entries.count == ConfigurationKey.allCases.count)
        var configuration = DaemonConfiguration()
        try file.apply(to: &configuration)
        #expect(configuration == DaemonConfiguration())
    }

    /// The check that the test reads real settings: a changed value does change the result.
    @Test func aChangedValueIsNotTheDefault() throws {
        let changed = try uncommented().replacingOccurrences(of: "queue_limit = 16", with: "queue_limit = 15")
        var configuration = DaemonConfiguration()
        try ConfigurationFile.parse(text: changed, path: Self.path).apply(to: &configuration)
        #expect(configuration.queueLimit == 15)
        #expect(configuration != DaemonConfiguration())
    }
}
