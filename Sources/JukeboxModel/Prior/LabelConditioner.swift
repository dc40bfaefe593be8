// Port of jukebox/prior/conditioners.py (LabelConditioner, SimpleEmbedding) @ 08efbbc
import JukeboxTensor
import JukeboxWeights

/// Integer indices the label conditioner looks up (the golden files' `cond.bins.*`).
public struct LabelBins: Sendable, Equatable {
    /// (batch) artist ids.
    public var artist: [Int]
    /// (batch, max_bow_genre_size) genre ids as looked up (`max(id, 0)`; masked slots give 0 rows).
    public var genre: [[Int]]
    /// (batch) total-length bins; empty without timing.
    public var totalLength: [Int]
    /// (batch, n_time) absolute-position bins; empty without timing.
    public var absolutePosition: [[Int]]
    /// (batch, n_time) relative-position bins; empty without timing.
    public var relativePosition: [[Int]]
}

/// Artist + genre start embedding and, for top priors, the timing embedding.
/// Keys `y_emb.bow_genre_emb.emb.weight`, `y_emb.artist_emb.emb.weight` and (timing)
/// `y_emb.{total_length,absolute_pos,relative_pos}_emb.emb.weight`.
struct LabelConditioner: Sendable {
    let genreTable: Tensor  // (genres, width)
    let artistTable: Tensor  // (artists, width)
    let genreSlots: Int
    let width: Int
    let totalLength: RangeEmbedding?
    let absolutePosition: RangeEmbedding?
    let relativePosition: RangeEmbedding?

    init(_ store: WeightStore, _ hp: PriorHyperparameters, timePositions: Int) throws {
        let w = hp.priorWidth
        genreTable = try store.tensor("y_emb.bow_genre_emb.emb.weight", shape: [hp.yBins[0], w]).converted(to: .float32)
        artistTable = try store.tensor("y_emb.artist_emb.emb.weight", shape: [hp.yBins[1], w]).converted(to: .float32)
        genreSlots = hp.maxBowGenreSize
        width = w
        if !hp.hasUpperLevel {
            let sr = Double(hp.sr)
            let minimum = (hp.minDuration ?? 0) * sr
            let maximum = (hp.maxDuration ?? 0) * sr
            totalLength = try RangeEmbedding(
                store, "y_emb.total_length_emb", positions: 1, bins: hp.tBins, range: (minimum, maximum), width: w)
            absolutePosition = try RangeEmbedding(
                store, "y_emb.absolute_pos_emb", positions: timePositions, bins: hp.tBins, range: (0, maximum),
                width: w)
            relativePosition = try RangeEmbedding(
                store, "y_emb.relative_pos_emb", positions: timePositions, bins: hp.tBins, range: (0, 1), width: w,
                clamp: true)
        } else {
            (totalLength, absolutePosition, relativePosition) = (nil, nil, nil)
        }
    }

    /// The indices every table is looked up with.
    /// - Parameter labels: (batch, 4 + genre slots): total_length, offset, length, artist, genres (-1 empty).
    /// - Throws: `ModelError.invalidInput` for a short label vector or a timing value out of range.
    func bins(_ labels: [[Int]]) throws -> LabelBins {
        var result = LabelBins(artist: [], genre: [], totalLength: [], absolutePosition: [], relativePosition: [])
        for y in labels {
            guard y.count >= 4 + genreSlots else {
                throw ModelError.invalidInput(reason: "label vector of \(y.count), expected \(4 + genreSlots)")
            }
            result.artist.append(y[3])
            result.genre.append(y[4..<(4 + genreSlots)].map { max($0, 0) })
            if let totalLength, let absolutePosition, let relativePosition {
                let total = Float(y[0])
                let start = Float(y[1])
                let end = Float(y[1] + y[2])
                result.totalLength += try totalLength.bins(start: total, end: total)
                result.absolutePosition.append(try absolutePosition.bins(start: start, end: end))
                result.relativePosition.append(try relativePosition.bins(start: start / total, end: end / total))
            }
        }
        return result
    }

    /// `y_cond` = artist row + sum of the genre rows of the non-empty slots: (batch, 1, width).
    func startEmbedding(_ labels: [[Int]]) throws -> Tensor {
        let b = try bins(labels)
        let artists = try embedding(artistTable, ids: b.artist).floats()  // (batch, width)
        let genres = try embedding(genreTable, ids: b.genre.flatMap { $0 }).floats()  // (batch * slots, width)
        var out = [Float](repeating: 0, count: labels.count * width)
        for (i, y) in labels.enumerated() {
            for c in 0..<width {
                var sum: Float = 0
                for g in 0..<genreSlots {
                    let mask: Float = y[4 + g] >= 0 ? 1 : 0
                    sum += genres[(i * genreSlots + g) * width + c] * mask
                }
                out[i * width + c] = sum + artists[i * width + c]
            }
        }
        return Tensor(out, shape: [labels.count, 1, width])
    }

    /// Timing embedding `(total + absolute) + relative`: (batch, n_time, width); `nil` for upsamplers.
    func timing(_ labels: [[Int]]) throws -> Tensor? {
        guard let totalLength, let absolutePosition, let relativePosition else { return nil }
        let b = try bins(labels)
        let n = absolutePosition.positions
        var out: [Float] = []
        out.reserveCapacity(labels.count * n * width)
        for i in labels.indices {
            let total = try totalLength.embed([b.totalLength[i]]).floats()  // (1, width)
            let absolute = try absolutePosition.embed(b.absolutePosition[i]).floats()  // (n, width)
            let relative = try relativePosition.embed(b.relativePosition[i]).floats()  // (n, width)
            for t in 0..<n {
                for c in 0..<width { out.append((total[c] + absolute[t * width + c]) + relative[t * width + c]) }
            }
        }
        return Tensor(out, shape: [labels.count, n, width])
    }
}
