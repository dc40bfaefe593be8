/// Floating-point operations of the VQ-VAE's convolutions (2 per multiply-add), for
/// benchmarks that report achieved GFLOP/s.
extension VQVAE {
    /// Operations to encode `samples` samples at `level` (encoder and codebook search).
    public func encodeFLOPs(samples: Int, level: Int) -> Double {
        let hp = hyperparameters
        let width = Double(hp.width(level: level))
        let hidden = Double(Int(hp.mConv * Double(hp.width(level: level))))
        let emb = Double(hp.embWidth)
        var time = Double(samples)
        var channels = 1.0
        var total = 0.0
        for block in 0...level {
            let stride = Double(hp.stridesT[block])
            for _ in 0..<hp.downsT[block] {
                time /= stride
                total += 2 * width * channels * 2 * stride * time  // strided conv
                total += Double(hp.depth(level: level)) * 2 * hidden * width * 4 * time  // 3-tap + 1x1
                channels = width
            }
            total += 2 * emb * width * 3 * time  // closing conv
            channels = emb
        }
        return total + 2 * time * emb * Double(hp.lBins)  // distances to every code
    }

    /// Operations to decode `codes` codes of `level` to audio.
    public func decodeFLOPs(codes: Int, level: Int) -> Double {
        let hp = hyperparameters
        let width = Double(hp.width(level: level))
        let hidden = Double(Int(hp.mConv * Double(hp.width(level: level))))
        let emb = Double(hp.embWidth)
        var time = Double(codes)
        var total = 0.0
        for block in (0...level).reversed() {
            let stride = Double(hp.stridesT[block])
            total += 2 * width * emb * 3 * time  // opening conv
            for stage in 0..<hp.downsT[block] {
                total += Double(hp.depth(level: level)) * 2 * hidden * width * 4 * time
                let out = stage == hp.downsT[block] - 1 ? emb : width
                total += 2 * width * out * 2 * stride * time  // transposed conv
                time *= stride
            }
        }
        return total + 2 * emb * 3 * time  // output conv
    }
}
