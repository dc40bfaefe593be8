import ArgumentParser
import JukeboxProtocol

extension AudioFormat: ExpressibleByArgument {}

extension JobID: ExpressibleByArgument {
    /// A job id from the command line.
    public init?(argument: String) {
        self.init(argument)
    }
}

/// `JOB:TAKE` of `--from`: a job and one of its takes, counted from 1 (`JOB` alone is take 1).
struct TakeAddress: ExpressibleByArgument {
    /// The job and the take from 0, as on the wire.
    let reference: TakeReference

    init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let job = JobID(String(parts[0])) else { return nil }
        let take = parts.count == 2 ? Int(parts[1]) : 1
        guard let take, TakeNumber.range.contains(take) else { return nil }
        reference = TakeReference(job: job, take: take - 1)
    }
}

/// The take numbers of the command line count from 1; the protocol's from 0.
enum TakeNumber {
    /// The allowed `--take` values.
    static let range = 1...GenerationLimits.takes.upperBound

    /// Checks a `--take` value.
    static func validate(_ take: Int) throws {
        guard range.contains(take) else {
            throw ValidationError("--take counts from 1 to \(range.upperBound); got \(take)")
        }
    }
}
