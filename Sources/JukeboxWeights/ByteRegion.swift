#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The raw bytes of one tensor: either an array it owns or a slice of a memory-mapped file.
///
/// A mapped region keeps its ``MappedFile`` alive, so it stays valid after the reader that produced it is gone.
/// Bytes are little-endian and carry no alignment guarantee; read them with unaligned loads.
public struct ByteRegion: Sendable {
    private enum Backing: Sendable {
        case owned([UInt8])
        case mapped(MappedFile, Range<Int>)
    }

    private let backing: Backing

    /// Wraps bytes the region owns.
    public init(_ bytes: [UInt8]) {
        backing = .owned(bytes)
    }

    /// A view of `range` of a mapped file; the caller has checked the range.
    init(file: MappedFile, range: Range<Int>) {
        backing = .mapped(file, range)
    }

    /// Number of bytes.
    public var count: Int {
        switch backing {
        case .owned(let bytes): bytes.count
        case .mapped(_, let range): range.count
        }
    }

    /// Whether the bytes are a view into a mapped file rather than a copy.
    public var isMapped: Bool {
        if case .mapped = backing { return true }
        return false
    }

    /// Calls `body` with the bytes; the buffer is valid only inside `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch backing {
        case .owned(let bytes):
            return try bytes.withUnsafeBytes(body)
        case .mapped(let file, let range):
            return try withExtendedLifetime(file) { try body(file.buffer(checked: range)) }
        }
    }

    /// For a mapped region, drops its pages from resident memory (`MappedFile.release`); the
    /// bytes stay readable and are paged in again if touched. Does nothing for owned bytes.
    public func releaseMappedPages() {
        if case .mapped(let file, let range) = backing { file.release(range) }
    }

    /// A copy of the bytes as an array.
    public func toArray() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

extension ByteRegion: Equatable {
    /// Two regions are equal when they hold the same bytes, wherever the bytes live.
    public static func == (lhs: ByteRegion, rhs: ByteRegion) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 { return true }
        return lhs.withUnsafeBytes { a in
            rhs.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }
}
