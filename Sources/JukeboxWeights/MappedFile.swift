#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only into memory with `mmap`, unmapped when the last reference goes away.
///
/// The mapping never changes after `init`, so the object is safe to share between threads. Every read goes
/// through a bounds check that throws ``WeightsError/outOfBounds(path:offset:count:size:)`` instead of touching
/// memory outside the file.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened with.
    public let path: String
    /// Size of the file in bytes.
    public let count: Int
    /// Start of the mapping; `nil` for an empty file (which cannot be mapped).
    private let base: UnsafeRawPointer?

    /// Opens and maps a file read-only.
    ///
    /// - Parameter path: file to map.
    /// - Throws: ``WeightsError/cannotOpen(path:reason:)`` if the file cannot be opened or is not a regular
    ///   file, ``WeightsError/cannotMap(path:reason:)`` if `mmap` fails.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WeightsError.cannotOpen(path: path, reason: MappedFile.lastError()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw WeightsError.cannotOpen(path: path, reason: MappedFile.lastError())
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw WeightsError.cannotOpen(path: path, reason: "not a regular file")
        }
        count = Int(info.st_size)
        if count == 0 {
            base = nil
            return
        }
        guard let pointer = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw WeightsError.cannotMap(path: path, reason: MappedFile.lastError())
        }
        base = UnsafeRawPointer(pointer)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// Tells the kernel the pages of `range` are not needed for now (`madvise(MADV_DONTNEED)`):
    /// they leave this process's resident memory and are read from the file again if touched.
    /// Streaming readers call it after each tensor so a file larger than memory converts in
    /// bounded space. Ranges outside the file are ignored.
    public func release(_ range: Range<Int>) {
        guard let base, range.lowerBound >= 0, range.upperBound <= count, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page  // whole pages only; neighbours are re-read if needed
        madvise(UnsafeMutableRawPointer(mutating: base + start), range.upperBound - start, MADV_DONTNEED)
    }

    /// Checks that `count` bytes at `offset` lie inside the file and returns them as a range.
    ///
    /// - Throws: ``WeightsError/outOfBounds(path:offset:count:size:)`` when they do not (also for negative
    ///   values or an overflowing sum).
    public func range(offset: Int, count length: Int) throws -> Range<Int> {
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard offset >= 0, length >= 0, !overflow, end <= count else {
            throw WeightsError.outOfBounds(path: path, offset: offset, count: length, size: count)
        }
        return offset..<end
    }

    /// Calls `body` with the bytes of `range`, after checking that the range lies inside the file.
    ///
    /// The buffer is only valid inside `body`.
    /// - Throws: ``WeightsError/outOfBounds(path:offset:count:size:)``, or whatever `body` throws.
    public func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let checked = try self.range(offset: range.lowerBound, count: range.count)
        guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + checked.lowerBound, count: checked.count))
    }

    /// Reads a little-endian integer at `offset`.
    ///
    /// - Throws: ``WeightsError/outOfBounds(path:offset:count:size:)`` if it does not fit in the file.
    public func readLittleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) throws -> T {
        try withBytes(try range(offset: offset, count: MemoryLayout<T>.size)) { bytes in
            T(littleEndian: bytes.loadUnaligned(as: T.self))
        }
    }

    /// Copies the bytes of `range` into an array.
    ///
    /// - Throws: ``WeightsError/outOfBounds(path:offset:count:size:)``.
    public func copyBytes(_ range: Range<Int>) throws -> [UInt8] {
        try withBytes(range) { Array($0) }
    }

    /// A ``ByteRegion`` viewing `range` of this file without copying; it keeps the mapping alive.
    ///
    /// - Throws: ``WeightsError/outOfBounds(path:offset:count:size:)``.
    public func region(_ range: Range<Int>) throws -> ByteRegion {
        let checked = try self.range(offset: range.lowerBound, count: range.count)
        return ByteRegion(file: self, range: checked)
    }

    /// The bytes of a range already checked with ``range(offset:count:)``; valid while `self` is alive.
    func buffer(checked range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "unchecked range")
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
