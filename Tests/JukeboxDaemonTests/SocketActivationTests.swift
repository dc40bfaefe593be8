import Glibc
import JukeboxDaemon
import JukeboxTestSupport
import Testing

/// The environment systemd sets for `count` sockets passed to this process.
private func activation(count: Int, names: String? = nil, pid: Int32 = getpid()) -> [String: String] {
    var environment = ["LISTEN_PID": "\(pid)", "LISTEN_FDS": "\(count)"]
    if let names { environment["LISTEN_FDNAMES"] = names }
    return environment
}

/// A listening Unix stream socket bound in `folder`.
private func listeningSocket(in folder: String, name: String = "s") -> Int32 {
    let fd = boundSocket(folder + "/" + name, type: SOCK_STREAM)
    precondition(listen(fd, 4) == 0)
    return fd
}

@Test func aPassedListeningSocketIsAdopted() throws {
    try withTemporaryDirectory { folder in
        let fd = listeningSocket(in: folder)
        defer { close(fd) }
        _ = fcntl(fd, F_SETFD, 0)
        let socket = try #require(
            try SocketActivation.listeningSocket(
                environment: activation(count: 1, names: "jukeboxd.socket"), pid: getpid(), firstFD: fd))
        #expect(socket.fd == fd && socket.origin == .activated(name: "jukeboxd.socket"))
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        // The adopted socket serves connections.
        let client = connectTo(folder + "/s")
        #expect(client >= 0)
        let connection = try socket.accept()
        #expect(connection >= 0)
        close(connection)
        close(client)
    }
}

@Test func withoutActivationVariablesNothingIsAdopted() throws {
    #expect(try SocketActivation.listeningSocket(environment: [:], pid: getpid()) == nil)
    #expect(
        try SocketActivation.listeningSocket(environment: activation(count: 1, pid: getpid() + 1), pid: getpid()) == nil
    )
    #expect(try SocketActivation.listeningSocket(environment: activation(count: 0), pid: getpid()) == nil)
    #expect(try SocketActivation.listeningSocket(environment: ["LISTEN_PID": "\(getpid())"], pid: getpid()) == nil)
}

@Test func malformedActivationVariablesAreErrors() {
    let pid = getpid()
    #expect(throws: SocketError.self) {
        try SocketActivation.listeningSocket(environment: ["LISTEN_PID": "x"], pid: pid)
    }
    #expect(throws: SocketError.self) {
        try SocketActivation.listeningSocket(environment: ["LISTEN_PID": "\(pid)", "LISTEN_FDS": "-1"], pid: pid)
    }
    #expect(throws: SocketError.self) {
        try SocketActivation.listeningSocket(environment: activation(count: 1, names: "a:b"), pid: pid)
    }
}

@Test func amongSeveralSocketsTheNamedOneIsTaken() throws {
    try withTemporaryDirectory { folder in
        // Two consecutive descriptors, as systemd passes them.
        let first = listeningSocket(in: folder, name: "a")
        let second = listeningSocket(in: folder, name: "b")
        let base: Int32 = 500
        #expect(dup2(first, base) == base && dup2(second, base + 1) == base + 1)
        defer { for fd in [first, second, base, base + 1] { close(fd) } }
        let picked = try SocketActivation.listeningSocket(
            environment: activation(count: 2, names: "other:jukeboxd.socket"), pid: getpid(), firstFD: base)
        #expect(picked?.fd == base + 1)
        #expect(throws: SocketError.noMatchingSocket(count: 2, name: "jukeboxd.socket")) {
            try SocketActivation.listeningSocket(
                environment: activation(count: 2, names: "x:y"), pid: getpid(), firstFD: base)
        }
    }
}

@Test func aPassedDescriptorMustBeAListeningUnixStreamSocket() throws {
    try withTemporaryDirectory { folder in
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        defer {
            close(pipeEnds[0])
            close(pipeEnds[1])
        }
        #expect(throws: SocketError.notASocket(fd: pipeEnds[0])) { try SocketActivation.check(fd: pipeEnds[0]) }

        let datagram = boundSocket(folder + "/d", type: SOCK_DGRAM)
        defer { close(datagram) }
        #expect(throws: SocketError.wrongType(fd: datagram, type: Int32(SOCK_DGRAM.rawValue))) {
            try SocketActivation.check(fd: datagram)
        }

        let idle = boundSocket(folder + "/i", type: SOCK_STREAM)
        defer { close(idle) }
        #expect(throws: SocketError.notListening(fd: idle)) { try SocketActivation.check(fd: idle) }

        let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(tcp) }
        if tcp >= 0, listen(tcp, 1) == 0 {
            #expect(throws: SocketError.wrongFamily(fd: tcp, family: AF_INET)) { try SocketActivation.check(fd: tcp) }
        }

        // Through the environment, the same check applies.
        #expect(throws: SocketError.notListening(fd: idle)) {
            try SocketActivation.listeningSocket(environment: activation(count: 1), pid: getpid(), firstFD: idle)
        }
    }
}
