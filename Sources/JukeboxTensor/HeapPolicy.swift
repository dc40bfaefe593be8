// How the C heap treats the large, short-lived buffers of the convolution stacks.
#if canImport(Glibc)
    import Glibc
#endif

/// The process heap's handling of large blocks.
///
/// glibc serves every block above 32 MiB with a fresh `mmap` and unmaps it on `free`, so each
/// layer of the VQ-VAE at full time resolution (56 MiB per activation for 10 s of audio) paid
/// page faults and kernel page zeroing for memory it had just given back: about a third of the
/// decode time on the 2-core machine. ``keepFreedBlocks()`` makes the heap reuse them instead.
public enum HeapPolicy {
    /// Serves large blocks from the heap and keeps freed memory for reuse
    /// (`mallopt(M_MMAP_MAX, 0)`, `mallopt(M_TRIM_THRESHOLD, 1 TiB)`). Call once at startup,
    /// before threads start; a no-op where the C library is not glibc.
    public static func keepFreedBlocks() {
        #if canImport(Glibc)
            _ = glibcMallopt(glibcMMapMax, 0)
            _ = glibcMallopt(glibcTrimThreshold, Int32.max)
        #endif
    }

    /// Returns the heap's free memory to the system (`malloc_trim(0)`), for a long-running
    /// process after a job, so the peak of one job does not stay resident while idle.
    public static func releaseFreeMemory() {
        #if canImport(Glibc)
            _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
    // <malloc.h> is not part of the Glibc module Swift imports, so its two functions are
    // declared here with their C names and the constants copied from glibc's malloc.h.
    private let glibcTrimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
    private let glibcMMapMax: Int32 = -4  // M_MMAP_MAX

    /// `int mallopt(int param, int value)`.
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

    /// `int malloc_trim(size_t pad)`.
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
