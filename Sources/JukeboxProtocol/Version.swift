/// The version of jukeboxd and jukebox, and of the wire protocol they speak.
///
/// Both executables print `JukeboxVersion.string` for `--version`; the daemon's greeting carries
/// `JukeboxVersion.protocolVersion`.
public enum JukeboxVersion {
    /// The release of the daemon, the client and the libraries (semantic versioning).
    public static let string = "0.1.0"
    /// The protocol version the daemon announces in its greeting. Incremented on any
    /// incompatible change to the messages documented in jukebox-protocol(7).
    public static let protocolVersion = 1
}
