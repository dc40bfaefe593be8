import Foundation
import JukeboxProtocol
import Testing

/// The `jukebox` executable the build put beside this test bundle.
private let jukebox: String = {
    var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    while folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
    return folder.appendingPathComponent("jukebox").path
}()

/// Runs `jukebox` with `arguments`; returns its status, stdout and stderr.
private func runJukebox(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: jukebox)
    process.arguments = arguments
    process.environment = ["JUKEBOX_SOCKET": "/tmp/jukebox-client-test-unused.sock"]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: jukebox), "jukebox is not built"))
func theExecutableTalksToTheSocketItIsGiven() throws {
    let status = StatusResult(
        uptimeS: 5, jobsQueued: 0, jobsRunning: 0, modelsLoaded: [], memoryBudgetBytes: 1024, memoryUsedBytes: 0)
    let line = reply(1, .status(status))
    let server = ScriptedServer(script: [.read, .send(line)])
    let result = try runJukebox(["status", "--json", "--socket", server.path])
    #expect(result.status == 0)
    #expect(result.stdout == line + "\n")
    #expect(result.stderr.isEmpty)
}

@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: jukebox), "jukebox is not built"))
func theExecutableExitsWithTheDocumentedStatuses() throws {
    let unreachable = try runJukebox(["jobs"])
    #expect(unreachable.status == 69)
    #expect(unreachable.stderr.contains("/tmp/jukebox-client-test-unused.sock"))
    let missingPrimer = try runJukebox(["continue", "/nonexistent/primer.wav", "--seconds", "4", "-o", "/tmp/x.wav"])
    #expect(missingPrimer.status == 66)
    #expect(missingPrimer.stderr == "jukebox: cannot read /nonexistent/primer.wav: open: No such file or directory\n")
    let usage = try runJukebox(["generate", "--seconds", "4"])
    #expect(usage.status == 64)
}
