/// The bytes behind a tensor: either memory this object allocated and frees, or a view of memory
/// that someone else owns (for example a memory-mapped checkpoint file).
///
/// A storage never changes its address or size. Owned storage is 64-byte aligned and zero-filled
/// on creation. A borrowed view keeps its `owner` alive for as long as the storage lives, so a
/// tensor made from a mapped file stays valid after the loader that mapped it has returned.
///
/// Thread safety: the class itself holds only immutable references. Writes go through
/// ``Tensor``'s mutating accessors, which copy a storage that is shared or borrowed before writing
/// (copy-on-write), so a storage reachable from more than one tensor is never written. That is what
/// makes `@unchecked Sendable` sound here.
public final class TensorStorage: @unchecked Sendable {
    /// Alignment of owned allocations in bytes (one cache line, enough for any SIMD load).
    public static let alignment = 64

    /// Start of the bytes.
    public let baseAddress: UnsafeMutableRawPointer
    /// Number of bytes available from `baseAddress`.
    public let byteCount: Int
    /// The object that keeps borrowed memory alive; `nil` for owned storage.
    public let owner: (AnyObject & Sendable)?

    /// Whether this storage allocated its bytes (and frees them in `deinit`).
    public var isOwned: Bool { owner == nil }

    /// Allocates `byteCount` bytes, 64-byte aligned, filled with zeros.
    ///
    /// - Parameter byteCount: Size in bytes; zero is allowed (a 64-byte block is still allocated
    ///   so that `baseAddress` is never dangling).
    public convenience init(byteCount: Int) {
        self.init(uninitializedByteCount: byteCount)
        baseAddress.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
    }

    /// Allocates `byteCount` bytes without clearing them. Only for kernels that overwrite every
    /// element before anyone reads it.
    init(uninitializedByteCount byteCount: Int) {
        precondition(byteCount >= 0, "negative byte count \(byteCount)")
        self.baseAddress = UnsafeMutableRawPointer.allocate(
            byteCount: max(byteCount, Self.alignment), alignment: Self.alignment)
        self.byteCount = byteCount
        self.owner = nil
    }

    /// Makes a view of `byteCount` bytes at `pointer` without copying them.
    ///
    /// The memory must stay valid and unchanged while `owner` is alive; the storage holds a strong
    /// reference to `owner`. Tensors over a borrowed storage are read-only in place: a mutating
    /// accessor copies the bytes into owned memory first.
    ///
    /// - Parameters:
    ///   - pointer: First byte of the external memory.
    ///   - byteCount: Number of readable bytes at `pointer`.
    ///   - owner: The object whose lifetime guarantees the memory (e.g. the mapped file).
    public init(borrowing pointer: UnsafeRawPointer, byteCount: Int, owner: AnyObject & Sendable) {
        precondition(byteCount >= 0, "negative byte count \(byteCount)")
        self.baseAddress = UnsafeMutableRawPointer(mutating: pointer)
        self.byteCount = byteCount
        self.owner = owner
    }

    deinit {
        if owner == nil {
            baseAddress.deallocate()
        }
    }
}
