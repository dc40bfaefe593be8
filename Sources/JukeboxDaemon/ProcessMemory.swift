#if canImport(Glibc)
    import Glibc
#endif

/// This process's memory as the kernel counts it.
enum ProcessMemory {
    /// Resident bytes now (`/proc/self/statm`'s second field times the page size): the mapped
    /// weight pages of the model in use, the running job's caches and activations, the rest of
    /// the process. 0 where `/proc` cannot be read.
    static func residentBytes() -> Int64 {
        guard let file = fopen("/proc/self/statm", "r") else { return 0 }
        defer { fclose(file) }
        var size = 0
        var resident = 0
        guard
            withUnsafeMutablePointer(
                to: &size,
                { s in
                    withUnsafeMutablePointer(to: &resident) { r in
                        withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) }
                    }
                }) == 2
        else { return 0 }
        return Int64(resident) * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
