/// How a job makes music: the one list of modes, shared by the wire protocol, the engine's
/// job spec and both command lines.
public enum GenerationMode: String, Sendable, Codable, CaseIterable {
    /// From nothing: sample the top level from its start.
    case ancestral
    /// Continue a primer clip: every level starts from the VQ-VAE codes of the clip.
    case primed
    /// Extend a take of an earlier job by more seconds.
    case `continue`
    /// Run the lower levels for a take of an earlier job that stopped at a higher level.
    case upsample

    /// Whether the mode samples new seconds after what it starts from (all but ``upsample``).
    public var addsSeconds: Bool { self != .upsample }
}
