import Foundation
import JukeboxTensor
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The shared golden files: `<repository>/../shared/golden`.
extension Golden {
    /// `hps` of a case decoded as `T`.
    static func hyperparameters<T: Decodable>(_ type: T.Type, case name: String) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("\(name).json")))
        return try JSONDecoder().decode(HPS<T>.self, from: data).hps
    }

    /// A case's tensors file.
    static func tensors(_ name: String) throws -> SafeTensorsReader {
        try SafeTensorsReader(path: path(name))
    }
}

struct HPS<T: Decodable>: Decodable {
    var hps: T
}

/// Largest absolute difference between two float arrays of equal length.
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count) differ")
    var worst: Float = 0
    for i in 0..<a.count {
        let d = abs(a[i] - b[i])
        if d.isNaN { return .infinity }
        worst = max(worst, d)
    }
    return worst
}

/// The first `count` steps of the last axis of an NCT tensor's values.
func firstSteps(_ x: Tensor, _ count: Int) -> [Float] {
    let (batch, channels, time) = (x.shape[0], x.shape[1], x.shape[2])
    let values = x.floats()
    var out: [Float] = []
    for b in 0..<batch {
        for c in 0..<channels {
            let start = (b * channels + c) * time
            out += values[start..<(start + count)]
        }
    }
    return out
}
