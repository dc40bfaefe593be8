import Foundation
import Glibc

/// `jukeboxd serve` as a real process on a test's folders (the executable built beside the
/// tests, ``jukeboxdExecutable()``), one compute thread, its standard error collected.
final class ServeProcess {
    let process = Process()
    /// The daemon's standard error (a file: a pipe nobody reads could fill and stop it).
    let logPath: String

    /// Starts the daemon and waits until its socket answers.
    init(_ folders: DaemonFolders, executable: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.arguments = [
            "serve", "--no-config", "--socket", folders.socket, "--models", folders.models, "--state", folders.state,
            "--threads", "1",
        ]
        logPath = folders.root + "/serve-\(UUID().uuidString.prefix(8)).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        guard eventually(timeout: 30, { (try? TestClient(folders.socket)) != nil }) else {
            kill(process.processIdentifier, SIGKILL)
            throw POSIXError(.ETIMEDOUT)
        }
    }

    /// Kills the daemon with SIGKILL (no shutdown of any kind) and waits for it.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the daemon with SIGTERM, waits for it, and returns its log.
    @discardableResult
    func stop() -> String {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}
