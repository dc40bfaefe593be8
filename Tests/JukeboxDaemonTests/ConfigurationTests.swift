import Foundation
import JukeboxDaemon
import JukeboxProtocol
import JukeboxTestSupport
import Testing

/// Loads the settings from a file holding `text` and the given flags.
private func load(file text: String?, flags: [String] = []) throws -> DaemonConfiguration {
    try withTemporaryDirectory { folder in
        var arguments = flags
        if let text {
            try write(text, to: folder + "/jukeboxd.conf")
            arguments = ["--config", folder + "/jukeboxd.conf"] + flags
        } else {
            arguments = ["--no-config"] + flags
        }
        return try DaemonConfiguration.load(commandLine: DaemonCommandLine(arguments: arguments))
    }
}

/// The error loading `text` as the file at `/etc/jukeboxd.conf` gives.
private func fileError(_ text: String) -> ConfigurationError? {
    do {
        var configuration = DaemonConfiguration()
        try ConfigurationFile.parse(text: text, path: "/etc/j.conf").apply(to: &configuration)
        return nil
    } catch {
        return error
    }
}

@Test func defaultsAreTheDocumentedOnes() throws {
    let defaults = DaemonConfiguration()
    #expect(defaults.socketPath == "/run/jukeboxd/jukeboxd.sock")
    #expect(defaults.modelsDirectory == "/var/lib/jukeboxd/models")
    #expect(defaults.stateDirectory == "/var/lib/jukeboxd")
    #expect(defaults.memoryBudgetBytes == 16 << 30)
    #expect(defaults.queueLimit == 16 && defaults.threads == 0 && defaults.loadPolicy == .onFirstUse)
    #expect(defaults.maxPrimerSeconds == 60 && defaults.maxLineBytes == 64 << 20)
    #expect(try load(file: nil) == defaults)
    #expect(DaemonCommandLine().file == .path("/etc/jukeboxd/jukeboxd.conf", required: false))
}

@Test func theFileSetsEveryKey() throws {
    let text = """
        # jukeboxd settings
        socket_path = /run/j/j.sock
        models_dir=/srv/models
          state_dir =  /srv/state\t
        memory_budget = 24G

        queue_limit = 100
        threads = 8
        load_policy = on-start
        max_primer_seconds = 12.5
        max_line_bytes = 128MiB
        """
    let configuration = try load(file: text)
    var expected = DaemonConfiguration()
    expected.socketPath = "/run/j/j.sock"
    expected.modelsDirectory = "/srv/models"
    expected.stateDirectory = "/srv/state"
    expected.memoryBudgetBytes = 24 << 30
    expected.queueLimit = 100
    expected.threads = 8
    expected.loadPolicy = .onStart
    expected.maxPrimerSeconds = 12.5
    expected.maxLineBytes = 128 << 20
    #expect(configuration == expected)
    #expect(
        configuration.serverLimits == ServerLimits(maxLineBytes: 128 << 20, maxPrimerSeconds: 12.5, queueLimit: 100))
}

@Test func flagsOverrideTheFileWhichOverridesTheDefaults() throws {
    let configuration = try load(
        file: "queue_limit = 5\nthreads = 2\n", flags: ["--threads", "4", "--socket-path=/tmp/x.sock", "--threads=6"])
    #expect(configuration.queueLimit == 5)  // file over default
    #expect(configuration.threads == 6)  // last flag over earlier flag over file
    #expect(configuration.socketPath == "/tmp/x.sock")  // flag over default
    #expect(configuration.memoryBudgetBytes == 16 << 30)  // default
}

@Test func everyKeyHasAFlag() throws {
    #expect(
        ConfigurationKey.allCases.map(\.flag) == [
            "--socket-path", "--models-dir", "--state-dir", "--memory-budget", "--queue-limit", "--threads",
            "--load-policy", "--max-primer-seconds", "--max-line-bytes", "--max-connections-per-user", "--idle-timeout",
            "--line-timeout", "--max-buffered-bytes", "--disk-full-retry", "--job-retention-days", "--keep-alive",
        ])
    for key in ConfigurationKey.allCases { #expect(ConfigurationKey(flag: key.flag) == key) }
}

@Test func commentsBlankLinesAndCRLFAreAccepted() throws {
    let configuration = try load(file: "\r\n# comment = yes\r\n   # indented comment\r\nthreads = 3\r\n\r\n")
    #expect(configuration.threads == 3)
    // A '#' after a value is part of the value, so paths may hold one.
    #expect(try load(file: "models_dir = /srv/m#1\n").modelsDirectory == "/srv/m#1")
}

@Test func sizesTakeBinaryUnits() throws {
    let cases: [(String, Int64)] = [
        ("67108864", 64 << 20), ("64M", 64 << 20), ("64m", 64 << 20), ("512MiB", 512 << 20), ("12G", 12 << 30),
        ("12gib", 12 << 30), ("1T", 1 << 40), ("1048576K", 1 << 30),
    ]
    for (text, bytes) in cases {
        #expect(try load(file: "memory_budget = \(text)").memoryBudgetBytes == bytes, "\(text)")
    }
}

@Test func anUnknownKeyNamesFileAndLine() {
    let error = fileError("threads = 2\n\nsockt_path = /x\n")
    #expect(error == .unknownKey(path: "/etc/j.conf", line: 3, key: "sockt_path"))
    #expect(error?.description.hasPrefix("/etc/j.conf:3: unknown key \"sockt_path\"") == true)
    #expect(fileError("Threads = 2") == .unknownKey(path: "/etc/j.conf", line: 1, key: "Threads"))
}

@Test func malformedAndRepeatedLinesStopStartUp() {
    #expect(fileError("threads 2") == .malformedLine(path: "/etc/j.conf", line: 1, text: "threads 2"))
    #expect(fileError("# ok\n= 2") == .malformedLine(path: "/etc/j.conf", line: 2, text: "= 2"))
    #expect(fileError("[daemon]") == .malformedLine(path: "/etc/j.conf", line: 1, text: "[daemon]"))
    #expect(
        fileError("threads = 2\nthreads = 3")
            == .repeatedKey(path: "/etc/j.conf", line: 2, key: "threads", firstLine: 1))
}

/// Values each key must refuse.
private let badValues: [(ConfigurationKey, String)] = [
    (.socketPath, "run/j.sock"), (.socketPath, ""), (.socketPath, "/" + String(repeating: "s", count: 107)),
    (.modelsDirectory, "models"), (.stateDirectory, "~/state"),
    (.memoryBudget, "12"), (.memoryBudget, "12X"), (.memoryBudget, "-1G"), (.memoryBudget, "G"),
    (.memoryBudget, "1.5G"),
    (.memoryBudget, "63M"), (.memoryBudget, "99999999999T"),
    (.queueLimit, "0"), (.queueLimit, "10001"), (.queueLimit, "ten"), (.queueLimit, "+5"), (.queueLimit, ""),
    (.threads, "-1"), (.threads, "1025"), (.threads, "2.0"),
    (.loadPolicy, "eager"), (.loadPolicy, "on_start"), (.loadPolicy, "ON-START"),
    (.maxPrimerSeconds, "0"), (.maxPrimerSeconds, "3601"), (.maxPrimerSeconds, "nan"), (.maxPrimerSeconds, "1e2"),
    (.maxPrimerSeconds, "-5"), (.maxPrimerSeconds, "inf"),
    (.maxLineBytes, "1K"), (.maxLineBytes, "2G"), (.maxLineBytes, "lots"),
]

@Test func aBadValueNamesFileLineKeyAndValue() {
    for (key, value) in badValues {
        let error = fileError("# settings\n\(key.rawValue) = \(value)\n")
        guard case .badValue(let path, let line, let name, let text, let reason)? = error else {
            Issue.record("\(key.rawValue) = \(value): \(String(describing: error))")
            continue
        }
        #expect(path == "/etc/j.conf" && line == 2 && name == key.rawValue && text == value && !reason.isEmpty)
        #expect(error!.description.hasPrefix("/etc/j.conf:2: bad value"))
    }
}

@Test func aBadFlagValueNamesTheFlag() {
    #expect(
        throws: ConfigurationError.badFlagValue(
            flag: "--threads", value: "many", reason: "expected a whole number from 0 to 1024")
    ) {
        try DaemonConfiguration.load(commandLine: DaemonCommandLine(arguments: ["--no-config", "--threads", "many"]))
    }
}

@Test func flagMistakesAreErrors() {
    #expect(throws: ConfigurationError.unknownFlag("--thread")) { try DaemonCommandLine(arguments: ["--thread", "2"]) }
    #expect(throws: ConfigurationError.unknownFlag("serve")) { try DaemonCommandLine(arguments: ["serve"]) }
    #expect(throws: ConfigurationError.missingFlagValue(flag: "--threads")) {
        try DaemonCommandLine(arguments: ["--threads"])
    }
    #expect(throws: ConfigurationError.missingFlagValue(flag: "--config")) {
        try DaemonCommandLine(arguments: ["--config"])
    }
    #expect(throws: ConfigurationError.badFlagValue(flag: "--no-config", value: "1", reason: "takes no value")) {
        try DaemonCommandLine(arguments: ["--no-config=1"])
    }
}

@Test func configFileFlagsChooseTheFile() throws {
    #expect(try DaemonCommandLine(arguments: ["--config", "/a.conf"]).file == .path("/a.conf", required: true))
    #expect(try DaemonCommandLine(arguments: ["--optional-config=/b.conf"]).file == .path("/b.conf", required: false))
    #expect(try DaemonCommandLine(arguments: ["--config", "/a.conf", "--no-config"]).file == .none)
}

@Test func aMissingFileIsAnErrorOnlyWhenNamed() throws {
    try withTemporaryDirectory { folder in
        let missing = folder + "/absent.conf"
        let optional = try DaemonCommandLine(arguments: ["--optional-config", missing])
        #expect(try DaemonConfiguration.load(commandLine: optional) == DaemonConfiguration())
        let required = try DaemonCommandLine(arguments: ["--config", missing])
        #expect(throws: ConfigurationError.unreadableFile(path: missing, reason: "No such file or directory")) {
            try DaemonConfiguration.load(commandLine: required)
        }
        #expect(throws: ConfigurationError.unreadableFile(path: folder, reason: "Is a directory")) {
            try DaemonConfiguration.load(commandLine: DaemonCommandLine(arguments: ["--config", folder]))
        }
    }
}

@Test func aFileThatIsNotUTF8IsRefused() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/bad.conf"
        try Data([0x74, 0x68, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError.unreadableFile(path: path, reason: "not UTF-8 text")) {
            try ConfigurationFile.read(path: path, required: true)
        }
    }
}

@Test func theErrorFromAFileNamesItsRealPath() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/jukeboxd.conf"
        try write("threads = 2\nbogus = 1\n", to: path)
        #expect(throws: ConfigurationError.unknownKey(path: path, line: 2, key: "bogus")) {
            try DaemonConfiguration.load(commandLine: DaemonCommandLine(arguments: ["--config", path]))
        }
    }
}
