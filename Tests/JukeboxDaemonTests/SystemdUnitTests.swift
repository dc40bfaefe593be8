import Foundation
import JukeboxTestSupport
import Testing

/// Where `systemd-analyze` is, or nil when this machine has none.
private let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Copies the units in `folder` of Systemd/ to `destination` with ExecStart pointed at
/// /bin/true (the daemon is not installed where the tests run).
private func copyUnits(from folder: String, to destination: String) throws -> [String] {
    try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.hasSuffix(".service") || $0.hasSuffix(".socket") }.sorted()
    for name in names {
        let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        #expect(text.contains("\nExecStart=/usr/bin/jukeboxd serve") || name.hasSuffix(".socket"))
        let patched = text.replacingOccurrences(of: "\nExecStart=/usr/bin/jukeboxd ", with: "\nExecStart=/bin/true ")
        try patched.write(toFile: destination + "/" + name, atomically: false, encoding: .utf8)
    }
    return names.map { destination + "/" + $0 }
}

/// A MANPATH tree holding the package's man pages, so that `Documentation=man:` links are checked.
private func manTree(in folder: String) throws -> String {
    let tree = folder + "/man"
    for page in try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/man") {
        guard let section = page.split(separator: ".").last, section.count == 1 else { continue }
        let sectionFolder = tree + "/man" + section
        try FileManager.default.createDirectory(atPath: sectionFolder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: sectionFolder + "/" + page, withDestinationPath: packageRoot + "/man/" + page)
    }
    return tree
}

/// Runs systemd-analyze with `arguments` under `environment` additions.
private func analyze(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
    var command = ["/usr/bin/env"] + environment.map { "\($0.key)=\($0.value)" }
    command.append(systemdAnalyze!)
    return try run(command[0], Array(command.dropFirst()) + arguments)
}

@Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed; the units are not verified"))
func systemUnitsVerifyClean() throws {
    try withTemporaryDirectory { folder in
        let units = try copyUnits(from: packageRoot + "/Systemd", to: folder + "/units")
        #expect(units.map { ($0 as NSString).lastPathComponent } == ["jukeboxd.service", "jukeboxd.socket"])
        let result = try analyze(["verify"] + units, environment: ["MANPATH": try manTree(in: folder)])
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }
}

@Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed; the units are not verified"))
func userUnitsVerifyClean() throws {
    try withTemporaryDirectory { folder in
        let units = try copyUnits(from: packageRoot + "/Systemd/user", to: folder + "/units")
        #expect(units.count == 2)
        let runtime = folder + "/runtime"
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let environment = ["MANPATH": try manTree(in: folder), "XDG_RUNTIME_DIR": runtime]
        let result = try analyze(["--user", "verify"] + units, environment: environment)
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }
}

@Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed; the exposure is not measured"))
func theServiceIsHardened() throws {
    let result = try analyze(
        ["security", "--offline=true", packageRoot + "/Systemd/jukeboxd.service"], environment: [:])
    let marker = "Overall exposure level for jukeboxd.service: "
    let line = try #require(result.output.split(separator: "\n").first { $0.contains(marker) }, "\(result.output)")
    let score = try #require(Double(line.components(separatedBy: marker)[1].prefix { $0 != " " }))
    #expect(score <= 1.0, "exposure \(score)")
}

@Test func everyHardeningLineHasAComment() throws {
    let text = try String(contentsOfFile: packageRoot + "/Systemd/jukeboxd.service", encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(where: { $0.hasPrefix("# Hardening") }) else {
        Issue.record("no hardening section")
        return
    }
    for (i, line) in lines.enumerated().dropFirst(start + 1) {
        if line.hasPrefix("[") { break }
        if line.isEmpty || line.hasPrefix("#") { continue }
        #expect(lines[i - 1].hasPrefix("#"), "no comment above \(line)")
    }
    for directive in [
        "ProtectSystem=strict", "ProtectHome=true", "PrivateNetwork=yes", "RestrictAddressFamilies=AF_UNIX",
        "NoNewPrivileges=yes", "PrivateTmp=yes", "PrivateDevices=yes", "SystemCallFilter=@system-service",
        "SystemCallArchitectures=native", "MemoryDenyWriteExecute=yes", "CapabilityBoundingSet=\n", "Type=notify",
        "Documentation=man:jukeboxd(8)", "WatchdogSec=", "StateDirectory=jukeboxd", "RuntimeDirectory=jukeboxd",
    ] {
        #expect(text.contains(directive), "\(directive)")
    }
}
