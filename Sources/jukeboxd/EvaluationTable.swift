import Foundation

/// The human-readable form of an ``EvaluationReport``.
enum EvaluationTable {
    /// One block per recording, then the acceptance checks.
    static func render(_ report: EvaluationReport) -> String {
        var lines = ["bundle \(report.bundle)\(report.trained ? "" : " (untrained)"), \(report.sampleRate) Hz"]
        for item in report.items {
            lines.append("")
            lines.append(String(format: "%@ (%@, %@): %.2f s", item.name, item.artist, item.genre, item.seconds))
            for c in item.codec {
                lines.append(
                    String(
                        format: "  vqvae level %d: SNR %6.2f dB, spectral convergence %.3f, %d codes used", c.level,
                        c.snrDb, c.spectralConvergence, c.codesUsed))
            }
            for p in item.priors {
                lines.append(
                    String(
                        format: "  prior level %d: %.3f bits/token over %d tokens (their unigram entropy %.3f)",
                        p.level,
                        p.bitsPerToken, p.tokens, p.unigramBits))
            }
            if let s = item.sample {
                lines.append(
                    String(
                        format: "  sample: %.2f s after %.2f s, seed %llu, %.1f s to compute; longest top-level run %d "
                            + "(real %d), %d distinct codes", s.newSeconds, s.promptSeconds, s.seed, s.computeSeconds,
                        s.longestRun, s.realLongestRun, s.distinctCodes))
                for f in s.levels + [s.real] { lines.append("    " + describe(f)) }
            }
        }
        if !report.checks.isEmpty {
            lines.append("")
            for check in report.checks {
                lines.append(
                    String(
                        format: "check %@ %@: %.3f %@", check.item, check.rule, check.value,
                        check.passed ? "pass" : "FAIL"))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func describe(_ f: EvaluationReport.AudioFigures) -> String {
        let name = f.level.map { "level \($0)" } ?? "real   "
        return String(
            format: "%@: silence %5.1f %%, spectral flux %.3f, %6.1f dBFS", name, f.silenceShare * 100, f.spectralFlux,
            f.rmsDbfs)
    }
}
