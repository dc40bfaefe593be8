import ArgumentParser
import JukeboxProtocol

extension AudioFormat: ExpressibleByArgument {}

extension JobID: ExpressibleByArgument {
    /// A job id from the command line.
    public init?(argument: String) {
        self.init(argument)
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
