import JukeboxTensor
import Testing

@testable import JukeboxModel

/// Timing bins at the official window sizes (worked values of the reference specification,
/// section 4.3: a 180 s song, offset 0).
struct PriorRangeEmbeddingTests {
    static let sr = 44_100.0

    static func bins(
        total: Int, offset: Int, window: Int, positions: Int, bins: Int, minDuration: Double
    ) throws -> (total: Int, absolute: [Int], relative: [Int]) {
        let table = Tensor.zeros([bins, 1])
        let totalEmbedding = RangeEmbedding(table: table, positions: 1, range: (minDuration * sr, 600 * sr))
        let absolute = RangeEmbedding(table: table, positions: positions, range: (0, 600 * sr))
        let relative = RangeEmbedding(table: table, positions: positions, range: (0, 1), clamp: true)
        let (t, start, end) = (Float(total), Float(offset), Float(offset + window))
        return (
            try totalEmbedding.bins(start: t, end: t)[0], try absolute.bins(start: start, end: end),
            try relative.bins(start: start / t, end: end / t)
        )
    }

    @Test func fiveBWindow() throws {
        let b = try Self.bins(
            total: 7_938_000, offset: 0, window: 1_048_576, positions: 8192, bins: 128, minDuration: 60)
        #expect(b.total == 28)
        #expect(b.absolute.first == 0 && b.absolute.last == 5)
        #expect(b.relative.first == 0 && b.relative.last == 16)
        let lyrics = try Self.bins(
            total: 7_938_000, offset: 0, window: 1_048_576, positions: 8192, bins: 128, minDuration: 23.8)
        #expect(lyrics.total == 34)
    }

    @Test func oneBWindow() throws {
        let b = try Self.bins(
            total: 7_938_000, offset: 0, window: 786_432, positions: 6144, bins: 64, minDuration: 17.84)
        #expect(b.total == 17)
        #expect(b.absolute.first == 0 && b.absolute.last == 1)
        #expect(b.relative.first == 0 && b.relative.last == 6)
    }

    @Test func outOfRangeValuesThrowAsTheReferenceAsserts() {
        #expect(throws: ModelError.self) {
            // total length below min_duration (the seconds-instead-of-samples mistake of issue #207)
            _ = try Self.bins(total: 180, offset: 0, window: 1_048_576, positions: 8192, bins: 128, minDuration: 60)
        }
        #expect(throws: ModelError.self) {
            _ = try Self.bins(
                total: 7_938_000, offset: 7_938_000, window: 1000, positions: 16, bins: 128, minDuration: 60)
        }
    }
}
