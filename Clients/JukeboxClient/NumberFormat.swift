/// Number formatting for people, without Foundation.
enum NumberFormat {
    /// `value` with exactly `digits` decimals, rounded half away from zero: `fixed(41.47, 1)`
    /// is `41.5`. Non-finite values are written `?`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return value.isFinite ? String(Int64(value)) : "?" }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = String(scaled / scale)
        guard digits > 0 else { return sign + whole }
        let fraction = String(scaled % scale)
        return sign + whole + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// A duration in seconds as `45s`, `2m28s` or `1h05m`, rounded to the second.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int64(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + twoDigits(total % 60) + "s" }
        return "\(total / 3600)h" + twoDigits(total / 60 % 60) + "m"
    }

    /// A byte count in binary units: `512 B`, `1.5 MiB`, `2.6 GiB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard count >= 1024 else { return "\(count) B" }
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return fixed(value, 1) + " " + units[unit]
    }

    /// `n` with a leading zero below 10.
    private static func twoDigits(_ n: Int64) -> String {
        n < 10 ? "0\(n)" : "\(n)"
    }
}
