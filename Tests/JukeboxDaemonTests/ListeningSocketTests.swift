import Foundation
import Glibc
import JukeboxDaemon
import JukeboxTestSupport
import Testing

@Test func bindingCreatesASocketWithMode0660() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/jukeboxd.sock"
        let socket = try ListeningSocket.bind(path: path)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(socket.origin == .bound(path: path))
        #expect(fcntl(socket.fd, F_GETFD) & FD_CLOEXEC != 0)
        try SocketActivation.check(fd: socket.fd)

        let client = connectTo(path)
        #expect(client >= 0)
        let connection = try socket.accept()
        let peer = try PeerCredentials(socket: connection)
        #expect(peer == PeerCredentials.current)
        close(connection)
        close(client)

        socket.close()
        #expect(lstat(path, &info) != 0 && errno == ENOENT)
    }
}

@Test func aStaleSocketFileIsReplaced() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/jukeboxd.sock"
        let dead = boundSocket(path, type: SOCK_STREAM)
        close(dead)  // the file stays behind, as after a crash
        let socket = try ListeningSocket.bind(path: path)
        defer { socket.close() }
        #expect(connectTo(path) >= 0)
    }
}

@Test func aLiveSocketIsNeverTakenOver() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/jukeboxd.sock"
        let first = try ListeningSocket.bind(path: path)
        defer { first.close() }
        #expect(throws: SocketError.alreadyListening(path: path)) { try ListeningSocket.bind(path: path) }
    }
}

@Test func closingNeverRemovesASocketFileAnotherDaemonBoundSince() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/jukeboxd.sock"
        let first = try ListeningSocket.bind(path: path)
        unlink(path)  // as an operator who removed it, before a second daemon started
        let second = try ListeningSocket.bind(path: path)
        defer { second.close() }
        var before = stat()
        #expect(lstat(path, &before) == 0)
        first.close()
        var after = stat()
        #expect(
            lstat(path, &after) == 0 && after.st_ino == before.st_ino, "the first daemon removed the second's socket")
        #expect(connectTo(path) >= 0)
    }
}

@Test func aFileThatIsNotASocketIsLeftAlone() throws {
    try withTemporaryDirectory { folder in
        let path = folder + "/jukeboxd.sock"
        try write("precious", to: path)
        #expect(throws: SocketError.notASocketFile(path: path)) { try ListeningSocket.bind(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }
}

@Test func bindFailuresAreReported() throws {
    let long = "/tmp/" + String(repeating: "x", count: 120)
    #expect(throws: SocketError.pathTooLong(path: long, limit: 107)) { try ListeningSocket.bind(path: long) }
    try withTemporaryDirectory { folder in
        let path = folder + "/missing/dir/j.sock"
        #expect(throws: SocketError.systemCall(call: "bind(\(path))", errno: ENOENT)) {
            try ListeningSocket.bind(path: path)
        }
    }
}

@Test func openPrefersTheActivatedSocket() throws {
    try withTemporaryDirectory { folder in
        let fallback = folder + "/fallback.sock"
        let passed = boundSocket(folder + "/passed.sock", type: SOCK_STREAM)
        #expect(listen(passed, 4) == 0)
        defer { close(passed) }
        // Without activation variables: binds the configured path.
        let bound = try ListeningSocket.open(path: fallback, environment: [:], pid: getpid())
        #expect(bound.origin == .bound(path: fallback))
        bound.close()
        // With them (descriptor 3 is the test runner's, so check the passed one directly).
        let environment = ["LISTEN_PID": "\(getpid())", "LISTEN_FDS": "1", "LISTEN_FDNAMES": "jukeboxd.socket"]
        let adopted = try SocketActivation.listeningSocket(environment: environment, pid: getpid(), firstFD: passed)
        #expect(adopted?.origin == .activated(name: "jukeboxd.socket"))
    }
}
