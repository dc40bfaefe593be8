import Foundation
import Glibc

/// Writes `text` to `path`.
func write(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: false, encoding: .utf8)
}

/// A `sockaddr_un` for `path` (a leading `@` means the abstract namespace) and its length.
func unixAddress(_ path: String) -> (sockaddr_un, socklen_t) {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    var bytes = Array(path.utf8)
    let abstract = bytes.first == UInt8(ascii: "@")
    if abstract { bytes[0] = 0 }
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
    let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1)
    return (address, socklen_t(length))
}

/// A new socket of `type` bound to `path`; precondition on failure (test set-up).
func boundSocket(_ path: String, type: __socket_type) -> Int32 {
    let fd = socket(AF_UNIX, Int32(type.rawValue), 0)
    precondition(fd >= 0)
    var (address, length) = unixAddress(path)
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    precondition(result == 0, "bind \(path): \(String(cString: strerror(errno)))")
    return fd
}

/// Connects a new stream socket to `path`; returns the descriptor, or -1 with `errno` set.
func connectTo(_ path: String) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var (address, length) = unixAddress(path)
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
    }
    if result != 0 {
        let saved = errno
        close(fd)
        errno = saved
        return -1
    }
    return fd
}

/// Runs `executable` with `arguments`; returns the exit status and everything it wrote.
func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The package's root folder (this file is Tests/JukeboxDaemonTests/TestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
