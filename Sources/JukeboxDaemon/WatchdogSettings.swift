/// The service watchdog systemd runs for this process (`WatchdogSec=` in the unit), read from
/// `$WATCHDOG_USEC` and `$WATCHDOG_PID` as `sd_watchdog_enabled(3)` does.
public struct WatchdogSettings: Equatable, Sendable {
    /// How long systemd waits for a `WATCHDOG=1` before it kills and restarts the daemon, in
    /// microseconds.
    public let intervalMicroseconds: UInt64

    /// The watchdog interval.
    public var interval: Duration { .microseconds(Int64(clamping: intervalMicroseconds)) }

    /// How often to send `WATCHDOG=1`: half the interval, as systemd recommends.
    public var pingInterval: Duration { .microseconds(Int64(clamping: intervalMicroseconds / 2)) }

    /// The watchdog for process `pid`, or nil when there is none: `$WATCHDOG_USEC` unset, or
    /// `$WATCHDOG_PID` set to another process (the variables were inherited).
    /// - Parameters:
    ///   - environment: The process environment (``ProcessEnvironment/current()``).
    ///   - pid: This process's id (``ProcessEnvironment/pid``).
    /// - Throws: ``SocketError/badEnvironment(variable:value:reason:)`` for a value that is not
    ///   a positive decimal number.
    public init?(environment: [String: String], pid: Int32) throws(SocketError) {
        guard let usecText = environment["WATCHDOG_USEC"] else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let owner = Int32(pidText), owner > 0 else {
                throw .badEnvironment(variable: "WATCHDOG_PID", value: pidText, reason: "not a process id")
            }
            guard owner == pid else { return nil }
        }
        guard let usec = UInt64(usecText), usec > 0 else {
            throw .badEnvironment(
                variable: "WATCHDOG_USEC", value: usecText, reason: "not a positive number of microseconds")
        }
        intervalMicroseconds = usec
    }
}
