#if canImport(Glibc)
    import Glibc
#endif

/// The process environment as a dictionary, read from `environ` (no Foundation: the client
/// stays small and starts instantly).
enum ProcessInfoEnvironment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let line = String(cString: entry)
            if let equals = line.firstIndex(of: "=") {
                result[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            cursor += 1
        }
        return result
    }
}
