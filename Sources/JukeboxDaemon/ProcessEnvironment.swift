#if canImport(Glibc)
    import Glibc
#endif

/// The process environment, read once so that the systemd glue can take it as a plain
/// dictionary (and tests can hand it their own).
public enum ProcessEnvironment {
    /// The current environment, from `environ`; for a repeated name the first entry wins,
    /// as `getenv` does.
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), result[String(text[..<equals])] == nil {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// This process's id (`getpid`).
    public static var pid: Int32 { getpid() }
}
