import Foundation
import JukeboxWeights

/// Who makes a job, for the provenance of its takes (``TakeProvenance``): the model as the
/// user named it, the bundle's checksum, the program and the job's id. Saved in the job's
/// `generation.json`, so a resumed job stamps its takes the same way.
public struct JobOrigin: Codable, Sendable, Equatable {
    /// The model's name as the user chose it (the daemon's models folder name, or the bundle's name).
    public var model: String
    /// Lower-case hex SHA-256 of the bundle's `config.json`, which lists the SHA-256 of every
    /// checkpoint a converted bundle was made from (``BundleIdentity/configSHA256(bundlePath:)``).
    public var bundleSHA256: String
    /// The program and its version, e.g. `jukeboxd 0.1.0`.
    public var software: String
    /// The job's id, when a daemon runs it.
    public var job: String?

    /// An origin; arguments match the properties.
    public init(model: String, bundleSHA256: String, software: String, job: String? = nil) {
        self.model = model
        self.bundleSHA256 = bundleSHA256
        self.software = software
        self.job = job
    }

    enum CodingKeys: String, CodingKey {
        case model, software, job
        case bundleSHA256 = "bundle_sha256"
    }
}

extension BundleIdentity {
    /// Lower-case hex SHA-256 of the `config.json` of the bundle folder at `bundlePath`; empty
    /// when it cannot be read.
    public static func configSHA256(bundlePath: String) -> String {
        guard let data = FileManager.default.contents(atPath: bundlePath + "/" + BundleConfig.FileName.config) else {
            return ""
        }
        var hash = SHA256()
        hash.update([UInt8](data))
        return hash.hexDigest()
    }
}
