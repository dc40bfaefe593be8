import JukeboxWeights

/// The identity a job records for the bundle its tokens come from: the bundle's name and
/// the first twelve hex digits of each source file's SHA-256.
public enum BundleIdentity {
    /// The identity of `config`.
    public static func of(_ config: BundleConfig) -> String {
        ([config.name] + config.sources.map { String($0.sha256.prefix(12)) }).joined(separator: " ")
    }
}
