import CSndFile

/// A growable byte buffer that libsndfile reads and writes through its virtual I/O hooks
/// (`sf_open_virtual`), so audio can be decoded from and encoded to memory.
///
/// Not thread-safe: one `SoundFile` uses it at a time.
final class MemoryFile {
    var bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// The `SF_VIRTUAL_IO` table whose callbacks reach a `MemoryFile` through `user_data`.
    static var callbacks: SF_VIRTUAL_IO {
        SF_VIRTUAL_IO(
            get_filelen: { user in
                sf_count_t(MemoryFile.from(user).bytes.count)
            },
            seek: { offset, whence, user in
                let file = MemoryFile.from(user)
                let base: Int
                switch whence {
                case SEEK_CUR: base = file.position
                case SEEK_END: base = file.bytes.count
                default: base = 0
                }
                let target = base + Int(offset)
                guard target >= 0 else { return -1 }
                file.position = target
                return sf_count_t(target)
            },
            read: { destination, count, user in
                let file = MemoryFile.from(user)
                guard let destination, count > 0, file.position < file.bytes.count else { return 0 }
                let n = min(Int(count), file.bytes.count - file.position)
                file.bytes.withUnsafeBytes { source in
                    destination.copyMemory(from: source.baseAddress! + file.position, byteCount: n)
                }
                file.position += n
                return sf_count_t(n)
            },
            write: { source, count, user in
                let file = MemoryFile.from(user)
                guard let source, count > 0 else { return 0 }
                let n = Int(count)
                let end = file.position + n
                if end > file.bytes.count {
                    file.bytes.append(contentsOf: repeatElement(0, count: end - file.bytes.count))
                }
                file.bytes.withUnsafeMutableBytes { target in
                    (target.baseAddress! + file.position).copyMemory(from: source, byteCount: n)
                }
                file.position = end
                return sf_count_t(n)
            },
            tell: { user in
                sf_count_t(MemoryFile.from(user).position)
            })
    }

    private static func from(_ pointer: UnsafeMutableRawPointer?) -> MemoryFile {
        Unmanaged<MemoryFile>.fromOpaque(pointer!).takeUnretainedValue()
    }
}
