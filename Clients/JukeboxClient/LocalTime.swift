#if canImport(Glibc)
    import Glibc
#endif

/// Times for people, in the local time zone.
enum LocalTime {
    /// `2026-11-25 17:30` for a time in seconds since the Unix epoch (`localtime_r`, `strftime`).
    static func text(unixSeconds: Int64) -> String {
        var time = time_t(unixSeconds)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return "\(unixSeconds)" }
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
