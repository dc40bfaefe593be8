import ArgumentParser
import JukeboxVerify

/// `jukeboxd verify DIR`: the reference's golden cases against this port.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run every golden case of a folder; one PASS, FAIL or SKIP line per case.",
        discussion: """
            The folder is laid out like the reference's golden test vectors: <case>.json with its \
            tensors. Exits 0 only when every case passes; a case of a kind this release cannot run \
            yet is a SKIP and makes the exit status 1, like a FAIL.
            """)

    @Argument(help: "Folder of golden cases (e.g. ../shared/golden).")
    var directory: String

    func run() throws {
        let results: [VerifyResult]
        do {
            results = try GoldenVerifier(directory: directory).run { print($0) }
        } catch {
            printError("jukeboxd: cannot read \(directory): \(error)")
            throw ExitCode(SysExit.noInput)
        }
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        let passed = counts[.pass] ?? 0
        let failed = counts[.fail] ?? 0
        let skipped = counts[.skip] ?? 0
        print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        if results.isEmpty {
            printError("jukeboxd: no cases found in \(directory)")
            throw ExitCode(SysExit.noInput)
        }
        if failed + skipped > 0 { throw ExitCode.failure }
    }
}
