import Foundation
import JukeboxEngine

#if canImport(Glibc)
    import Glibc
#endif

/// The state folder's disk: its free space, what a folder holds, and what a job will write.
enum DiskSpace {
    /// Room kept free beyond a job's own files: its records (`job.json`, `generation.json`,
    /// rewritten whole) and the daemon's other small files.
    static let reserveBytes: Int64 = 1 << 20
    /// Room for one take's provenance sidecar (`take-K.json`): its JSON, bounded by the
    /// request's limits on labels, in whole file system blocks.
    static let sidecarBytes: Int64 = 16 << 10

    /// The bytes an unprivileged writer may still use on the file system of `path`
    /// (`statvfs`: `f_bavail` blocks of `f_frsize` bytes); nil when it cannot be read.
    static func freeBytes(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// The disk space of `path` and everything under it, in bytes of allocated blocks (as
    /// du(1) counts them); symbolic links are not followed. Entries that vanish meanwhile count 0.
    static func usedBytes(under path: String) -> Int64 {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        var total = Int64(info.st_blocks) * 512
        guard info.st_mode & S_IFMT == S_IFDIR else { return total }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            total += usedBytes(under: path + "/" + name)
        }
        return total
    }

    /// What a job writes into its folder at most, in bytes: for every level it samples, the
    /// tokens file of all takes, one audio file per take (16-bit WAV, the larger container) and
    /// its provenance sidecar (``sidecarBytes``); one preview per take (the top level's audio so
    /// far, at most the whole length); the files rewritten through a temporary copy counted
    /// twice; the primer's bytes; and ``reserveBytes``.
    /// - Parameters:
    ///   - record: The job's lengths and spec (``GenerationRun/record``).
    ///   - hopLengths: The model's audio samples per token, level 0 first.
    ///   - primerBytes: The primer file's size (0 without one).
    static func bytesNeeded(by record: JobRecord, hopLengths: [Int], primerBytes: Int) -> Int64 {
        let takes = Int64(record.spec.takes)
        let samples = Int64(record.sampleLength)
        var total = Int64(primerBytes) + reserveBytes
        for level in record.spec.levels where hopLengths.indices.contains(level) {
            let tokens = samples / Int64(max(1, hopLengths[level])) + 1
            let tokenFile = 20 + takes * tokens * 2  // TokenFile: header, then UInt16 per token
            let audioFiles = takes * (44 + samples * 2)  // mono 16-bit WAV per take
            total += 2 * (tokenFile + audioFiles) + takes * sidecarBytes
        }
        total += 2 * takes * (44 + samples * 2)  // previews, replaced after every top-level window
        return total
    }
}
