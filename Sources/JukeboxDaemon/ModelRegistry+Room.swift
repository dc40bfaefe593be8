import JukeboxTensor

/// Unloading idle models so that a job of another model fits in `memory_budget`.
///
/// A loaded model counts for the bytes of its weight files: they are mapped, and a job that
/// uses the model makes its pages resident. That is an upper bound: an idle model holds none of
/// its files' pages (``load(_:)`` drops them after building the models, each phase of a job
/// after it), only its models' heap memory (float32 copies of a 16-bit bundle's small tensors,
/// tied output layers, label tables). A job counts for its memory plan (``MemoryPlan``), which
/// holds its own model's largest phase.
extension ModelRegistry {
    /// Unloads the least recently used loaded models, other than `name` and those in `inUse`,
    /// until `bytes` (the plan of a job of `name`) and the weight files of the other loaded
    /// models fit in ``budget``. A model that no job uses any more is freed at once (its files
    /// unmapped, its heap copies freed and the heap trimmed); one still held elsewhere (a job
    /// queued before its model was unloaded holds its models) is freed when that job ends.
    /// - Parameters:
    ///   - name: the model the job runs, never unloaded here.
    ///   - bytes: the job's planned peak, in bytes.
    ///   - inUse: the models of queued and running jobs, never unloaded.
    /// - Returns: the models unloaded, least recently used first.
    @discardableResult
    func makeRoom(for name: String, needing bytes: Int64, inUse: Set<String>) -> [String] {
        let before = ProcessMemory.residentBytes()
        var unloaded: [String] = []
        while let victim = unloadLeastRecentlyUsed(keeping: inUse.union([name]), needing: bytes, budget: budget) {
            unloaded.append(victim)
        }
        guard !unloaded.isEmpty else { return [] }
        HeapPolicy.releaseFreeMemory()
        let after = ProcessMemory.residentBytes()
        log(
            "model \(unloaded.joined(separator: ", ")): unloaded (least recently used) to make room for \(name), "
                + "which plans \(bytes >> 20) MiB of \(budget >> 20) MiB; resident memory \(before >> 20) MiB before, "
                + "\(after >> 20) MiB after")
        return unloaded
    }

    /// Removes the least recently used loaded model not in `kept` when `bytes` and the weight
    /// files of the loaded models not in `kept` do not fit in `budget`.
    /// - Returns: its name; nil when it all fits or every other loaded model is kept.
    private func unloadLeastRecentlyUsed(keeping kept: Set<String>, needing bytes: Int64, budget: Int64) -> String? {
        let times = lastUsed.withLock { $0 }
        let victim = resident.withLock { models -> ResidentModel? in
            let held = models.values.reduce(Int64(0)) { $0 + Int64($1.weightBytes) }
            let own = kept.reduce(Int64(0)) { $0 + Int64(models[$1]?.weightBytes ?? 0) }
            guard bytes + held - own > budget else { return nil }
            let idle = models.values.filter { !kept.contains($0.name) }
            guard let oldest = idle.min(by: { (times[$0.name] ?? .now) < (times[$1.name] ?? .now) }) else { return nil }
            return models.removeValue(forKey: oldest.name)
        }
        guard let victim else { return nil }
        lastUsed.withLock { _ = $0.removeValue(forKey: victim.name) }
        unloads.withLock { $0 += 1 }
        return victim.name
    }
}
