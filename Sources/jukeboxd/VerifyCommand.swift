import ArgumentParser
import JukeboxVerify
import JukeboxWeights

/// `jukeboxd verify DIR`: the reference's golden cases against this port.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run every golden case of a folder; one PASS, FAIL or SKIP line per case.",
        discussion: """
            The folder is laid out like the reference's golden test vectors: <case>.json with its \
            tensors. Exits 0 only when every case passes; a case of a kind this release cannot run \
            yet is a SKIP and makes the exit status 1, like a FAIL.

            --weights T measures a 16-bit conversion instead: the priors' weights are written as \
            `convert --dtype T` writes them (the VQ-VAE as stored) and each prior and pipeline case \
            prints a REPORT line (largest logit error, arg-max and greedy-token agreement) instead \
            of PASS or FAIL; REPORT lines do not change the exit status.
            """)

    @Argument(help: "Folder of golden cases (e.g. ../shared/golden).")
    var directory: String

    @Option(
        help: "Measure the priors converted to this type (keep, f32, f16, bf16, bf16-matrices) instead of checking.")
    var weights: String?

    func validate() throws {
        if let weights, WeightDTypeChoice(rawValue: weights) == nil {
            throw ValidationError("unknown --weights '\(weights)'")
        }
    }

    func run() throws {
        let results: [VerifyResult]
        do {
            let verifier = GoldenVerifier(
                directory: directory, priorWeights: weights.flatMap(WeightDTypeChoice.init(rawValue:)))
            results = try verifier.run { print($0) }
        } catch {
            printError("jukeboxd: cannot read \(directory): \(error)")
            throw ExitCode(SysExit.noInput)
        }
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        let passed = counts[.pass] ?? 0
        let failed = counts[.fail] ?? 0
        let skipped = counts[.skip] ?? 0
        let reported = counts[.report] ?? 0
        print(
            "\(passed) passed, \(failed) failed, \(skipped) skipped" + (weights == nil ? "" : ", \(reported) reported"))
        if results.isEmpty {
            printError("jukeboxd: no cases found in \(directory)")
            throw ExitCode(SysExit.noInput)
        }
        if failed + skipped > 0 { throw ExitCode.failure }
    }
}
