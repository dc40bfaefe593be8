import JukeboxTensor

/// `keep_alive`: a loaded model that no queued or running job uses is unloaded once its last
/// job ended that many seconds ago (``ModelKeepAlive`` checks).
extension ModelRegistry {
    /// Marks `name` as used now (its job just ended).
    func touch(_ name: String) {
        lastUsed.withLock { times in if times[name] != nil { times[name] = .now } }
    }

    /// Unloads the loaded models not in `inUse` whose last use is `seconds` or more ago.
    /// - Returns: the models unloaded.
    @discardableResult
    func unloadIdle(after seconds: Int, inUse: Set<String>) -> [String] {
        let now = ContinuousClock.now
        let times = lastUsed.withLock { $0 }
        let before = ProcessMemory.residentBytes()
        let unloaded = resident.withLock { models -> [String] in
            let idle = models.keys.filter { name in
                !inUse.contains(name) && (times[name].map { now - $0 >= .seconds(seconds) } ?? true)
            }
            for name in idle { models.removeValue(forKey: name) }
            return idle.sorted()
        }
        guard !unloaded.isEmpty else { return [] }
        lastUsed.withLock { times in for name in unloaded { times.removeValue(forKey: name) } }
        unloads.withLock { $0 += unloaded.count }
        HeapPolicy.releaseFreeMemory()
        let after = ProcessMemory.residentBytes()
        log(
            "model \(unloaded.joined(separator: ", ")): unloaded (idle for keep_alive = \(seconds) s); resident "
                + "memory \(before >> 20) MiB before, \(after >> 20) MiB after")
        return unloaded
    }
}
