import Dispatch
import Foundation

/// The thread that keeps systemd informed while the daemon runs: `WATCHDOG=1` at half of
/// `WatchdogSec=` when a watchdog is set, and `STATUS=` with the current job and its progress
/// whenever it changes (checked once a second).
final class ServiceNotifier: Sendable {
    private let notifier: SystemdNotifier
    private let watchdog: WatchdogSettings?
    private let status: @Sendable () -> String
    private let log: DaemonLog
    private let stopped = DispatchSemaphore(value: 0)

    /// A notifier thread for `notifier`; `status` gives the current `STATUS=` text.
    init(
        notifier: SystemdNotifier, watchdog: WatchdogSettings?, log: DaemonLog,
        status: @escaping @Sendable () -> String
    ) {
        self.notifier = notifier
        self.watchdog = watchdog
        self.status = status
        self.log = log
    }

    /// Sends one message, logging a failure (systemd gone is not a reason to stop).
    func send(_ messages: [NotifyMessage]) {
        do {
            try notifier.send(messages)
        } catch {
            log("sd_notify: \(error)")
        }
    }

    /// Starts the thread (nothing to do without `$NOTIFY_SOCKET`).
    func start() {
        guard notifier.isEnabled else { return }
        let thread = Thread { [self] in loop() }
        thread.name = "jukeboxd-notify"
        thread.start()
    }

    /// Ends the thread.
    func stop() {
        stopped.signal()
    }

    private func loop() {
        let tick = min(watchdog.map { Double($0.intervalMicroseconds) / 2e6 } ?? 1, 1)
        var lastStatus = ""
        var lastPing = ContinuousClock.now
        let pingInterval = watchdog?.pingInterval
        while stopped.wait(timeout: .now() + tick) == .timedOut {
            var messages: [NotifyMessage] = []
            if let pingInterval, ContinuousClock.now - lastPing >= pingInterval - .milliseconds(Int(tick * 1000)) {
                messages.append(.watchdog)
                lastPing = .now
            }
            let text = status()
            if text != lastStatus {
                messages.append(.status(text))
                lastStatus = text
            }
            if !messages.isEmpty { send(messages) }
        }
    }
}
