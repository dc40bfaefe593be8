import Glibc
import JukeboxDaemon
import Testing

extension PeerCredentials {
    /// This process's credentials, which the peer of a socketpair has.
    static var current: PeerCredentials {
        var ends: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        return try! PeerCredentials(socket: ends[0])
    }
}

@Test func aSocketpairPeerIsThisProcess() throws {
    var ends: [Int32] = [0, 0]
    #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
    defer {
        close(ends[0])
        close(ends[1])
    }
    let peer = try PeerCredentials(socket: ends[1])
    #expect(peer.pid == getpid())
    #expect(peer.uid == getuid())
    #expect(peer.gid == getgid())
}

@Test func credentialsOfANonSocketAreAnError() {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    defer {
        close(ends[0])
        close(ends[1])
    }
    #expect(throws: SocketError.systemCall(call: "getsockopt(SO_PEERCRED)", errno: ENOTSOCK)) {
        try PeerCredentials(socket: ends[0])
    }
}
