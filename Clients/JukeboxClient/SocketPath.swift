#if canImport(Glibc)
    import Glibc
#endif

/// Where the client finds the daemon's socket.
public enum SocketPath {
    /// The system daemon's socket, as jukeboxd.socket creates it.
    public static let systemDefault = "/run/jukeboxd/jukeboxd.sock"

    /// The environment variable that overrides the default.
    public static let environmentVariable = "JUKEBOX_SOCKET"

    /// The socket to use: an explicit `--socket` flag first, then `$JUKEBOX_SOCKET` (when set
    /// and not empty), then `systemDefault`.
    /// - Parameters:
    ///   - flag: the value of `--socket`, if given.
    ///   - environment: the process environment (injectable for tests).
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return systemDefault
    }
}
