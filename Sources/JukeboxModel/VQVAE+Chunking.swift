import JukeboxTensor

/// Long audio in pieces: each piece is computed with enough context on both sides that the
/// convolutions see exactly what they would see over the whole signal, then cropped, so the
/// result matches an unchunked run up to float rounding while memory stays bounded by the
/// piece size.
extension VQVAE {
    /// Samples of context either side that an output of encoder `level` depends on: the
    /// receptive radius of its strided convolutions and dilated residual stacks, rounded up to
    /// a whole number of top-level hops so pieces stay aligned with every stride.
    public func encoderContext(level: Int) -> Int {
        let hp = hyperparameters
        var step = 1  // input samples per step at the current point
        var radius = 0
        for block in 0...level {
            for _ in 0..<hp.downsT[block] {
                radius += step * 2 * hp.stridesT[block]
                step *= hp.stridesT[block]
                radius += step * dilationSum(level: level)
            }
            radius += step  // the closing 3-tap conv
        }
        return roundUp(radius, to: hopLengths.max() ?? 1)
    }

    /// Codes of context either side that the audio decoded from code `t` of `level` depends on.
    public func decoderContext(level: Int) -> Int {
        let hp = hyperparameters
        var step = hopLengths[level]  // output samples per step at the current point
        var radius = 0
        for block in (0...level).reversed() {
            radius += step  // the opening 3-tap conv
            for _ in 0..<hp.downsT[block] {
                radius += step * dilationSum(level: level) + step
                step /= hp.stridesT[block]
            }
        }
        radius += 1  // the output conv
        return (radius + hopLengths[level] - 1) / hopLengths[level]
    }

    /// `encode` in pieces of about `chunkSamples` samples (rounded to whole top-level hops).
    /// - Parameters:
    ///   - audio: (batch, 1, time), time a multiple of the top hop.
    ///   - chunkSamples: samples per piece before context is added.
    public func encode(_ audio: Tensor, levels: [Int], chunkSamples: Int) throws -> [[[Int]]] {
        let top = hopLengths.max() ?? 1
        let time = audio.shape[2]
        let chunk = max(top, chunkSamples / top * top)
        if time <= chunk { return try encode(audio, levels: levels) }
        var result = levels.map { _ in [[Int]](repeating: [], count: audio.shape[0]) }
        for (index, level) in levels.enumerated() {
            let context = encoderContext(level: level)
            let hop = hopLengths[level]
            var start = 0
            while start < time {
                let end = min(time, start + chunk)
                let low = max(0, start - context)
                let high = min(time, end + context)
                let piece = try encode(Self.timeSlice(audio, low..<high), levels: [level])[0]  // (batch, codes)
                let first = (start - low) / hop
                let count = (end - start) / hop
                for b in 0..<piece.count { result[index][b] += piece[b][first..<(first + count)] }
                start = end
            }
        }
        return result
    }

    /// `decode` in pieces of about `chunkCodes` codes.
    public func decode(_ codes: [[Int]], level: Int, chunkCodes: Int) throws -> Tensor {
        let length = codes.first?.count ?? 0
        if length <= chunkCodes { return try decode(codes, level: level) }
        let context = decoderContext(level: level)
        let hop = hopLengths[level]
        let batch = codes.count
        var output = [Float](repeating: 0, count: batch * length * hop)  // (batch, 1, time)
        var start = 0
        while start < length {
            let end = min(length, start + max(1, chunkCodes))
            let low = max(0, start - context)
            let high = min(length, end + context)
            // (batch, 1, (high - low) * hop)
            let piece = try decode(codes.map { Array($0[low..<high]) }, level: level).floats()
            let pieceLength = (high - low) * hop
            for b in 0..<batch {
                let from = b * pieceLength + (start - low) * hop
                let to = b * length * hop + start * hop
                output.replaceSubrange(
                    to..<(to + (end - start) * hop), with: piece[from..<(from + (end - start) * hop)])
            }
            start = end
        }
        return Tensor(output, shape: [batch, 1, length * hop])
    }

    /// Sum of the dilations of one residual stack at `level`.
    private func dilationSum(level: Int) -> Int {
        let hp = hyperparameters
        return (0..<hp.depth(level: level)).reduce(0) { sum, d in
            sum + Resnet1D.power(hp.dilationGrowthRate, hp.dilationCycle.map { d % $0 } ?? d)
        }
    }

    private func roundUp(_ value: Int, to multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }

    /// Samples `range` of every item of `audio` (batch, 1, time) as a new tensor.
    static func timeSlice(_ audio: Tensor, _ range: Range<Int>) -> Tensor {
        let (batch, time) = (audio.shape[0], audio.shape[2])
        var out: [Float] = []
        out.reserveCapacity(batch * range.count)
        audio.withUnsafeFloats { values in
            for b in 0..<batch { out += values[(b * time + range.lowerBound)..<(b * time + range.upperBound)] }
        }
        return Tensor(out, shape: [batch, 1, range.count])
    }
}
