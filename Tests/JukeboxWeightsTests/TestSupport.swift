import Foundation
import Testing

@testable import JukeboxWeights

/// Runs `body`, which must throw a ``WeightsError``, and returns that error (recording an issue otherwise).
func weightsError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) -> WeightsError? {
    do {
        _ = try body()
        Issue.record("expected a WeightsError, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as WeightsError {
        return error
    } catch {
        Issue.record("expected a WeightsError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Little-endian bytes of an integer.
func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// Little-endian bytes of Floats.
func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { littleEndian($0.bitPattern) }
}
