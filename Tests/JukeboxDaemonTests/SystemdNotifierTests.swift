import Glibc
import JukeboxDaemon
import JukeboxTestSupport
import Testing

/// Receives one datagram (waiting at most a second) from `fd`.
private func receive(_ fd: Int32) -> String? {
    var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard Glibc.poll(&poll, 1, 1000) == 1 else { return nil }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = recv(fd, &buffer, buffer.count, 0)
    return count < 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self)
}

@Test func notificationsReachASocketAtAPath() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/notify"
        let fd = boundSocket(path, type: SOCK_DGRAM)
        defer { close(fd) }
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        #expect(notifier.isEnabled)
        #expect(try notifier.send([.ready, .status("serving 2 models")]))
        #expect(receive(fd) == "READY=1\nSTATUS=serving 2 models")
        try notifier.send(.watchdog)
        #expect(receive(fd) == "WATCHDOG=1")
        try notifier.send([.stopping, .extendTimeout(microseconds: 30_000_000)])
        #expect(receive(fd) == "STOPPING=1\nEXTEND_TIMEOUT_USEC=30000000")
    }
}

@Test func notificationsReachAnAbstractSocket() throws {
    let name = "@jukeboxd-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = boundSocket(name, type: SOCK_DGRAM)
    defer { close(fd) }
    let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": name])
    try notifier.send(.status("line one\nline two"))
    #expect(receive(fd) == "STATUS=line one line two")
}

@Test func withoutNotifySocketNothingIsSent() throws {
    let notifier = try SystemdNotifier(environment: [:])
    #expect(!notifier.isEnabled)
    #expect(try notifier.send(.ready) == false)
    #expect(try SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isEnabled == false)
}

@Test func aMalformedNotifySocketIsAnError() {
    for value in ["relative/path", "@"] {
        #expect(throws: SocketError.self) { try SystemdNotifier(environment: ["NOTIFY_SOCKET": value]) }
    }
}

@Test func aVanishedNotifySocketIsAnError() throws {
    try withTemporaryDirectory { folder in
        let notifier = try SystemdNotifier(environment: ["NOTIFY_SOCKET": folder + "/gone"])
        #expect(throws: SocketError.systemCall(call: "sendto(\(folder)/gone)", errno: ENOENT)) {
            try notifier.send(.ready)
        }
    }
}

@Test func watchdogSettingsFollowSdWatchdogEnabled() throws {
    let pid: Int32 = 4242
    #expect(try WatchdogSettings(environment: [:], pid: pid) == nil)
    let mine = try #require(
        try WatchdogSettings(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "4242"], pid: pid))
    #expect(mine.intervalMicroseconds == 30_000_000)
    #expect(mine.interval == .seconds(30) && mine.pingInterval == .seconds(15))
    #expect(
        try WatchdogSettings(environment: ["WATCHDOG_USEC": "1000000"], pid: pid)?.intervalMicroseconds == 1_000_000)
    #expect(try WatchdogSettings(environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"], pid: pid) == nil)
    for bad in ["0", "-5", "ten", ""] {
        #expect(throws: SocketError.self) { try WatchdogSettings(environment: ["WATCHDOG_USEC": bad], pid: pid) }
    }
    #expect(throws: SocketError.self) {
        try WatchdogSettings(environment: ["WATCHDOG_USEC": "5", "WATCHDOG_PID": "x"], pid: pid)
    }
}

@Test func theProcessEnvironmentIsRead() {
    let environment = ProcessEnvironment.current()
    #expect(environment["PATH"] != nil || environment.isEmpty == false)
    #expect(ProcessEnvironment.pid == getpid())
}
