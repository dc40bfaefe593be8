// Port of jukebox/sample.py (the driver's asserts) @ 08efbbc

/// Why a sampling job cannot run.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A level's length, window or hop does not give a schedule; check the job's lengths.
    case invalidSchedule(reason: String)
    /// A setting of the job is outside its bounds or does not fit the mode (the wire protocol's
    /// field name, and why); fix that field.
    case invalidSetting(field: String, reason: String)
    /// The job's settings do not fit the models (lengths, levels, batch sizes); fix the request.
    case invalidJob(reason: String)
    /// Tokens given to the job (primer codes, loaded codes, upper-level codes) have the wrong
    /// shape or do not cover what a level needs; regenerate or cut them to the job's length.
    case invalidCodes(level: Int, reason: String)
    /// A saved codes file does not hold `zs` as the reference writes it; check the file.
    case unreadableCodesFile(path: String, reason: String)
    /// A job checkpoint could not be written or read; check the state folder's space and rights.
    case checkpointFailed(path: String, reason: String)
    /// The primer gives no usable audio (shorter than one top-level token once cut); send a longer clip.
    case unusablePrimer(reason: String)
    /// The job would need more memory than its budget; fewer takes or a smaller model fit.
    case memoryBudgetExceeded(neededBytes: Int64, budgetBytes: Int64, detail: String)
    /// The job was stopped before its end: cancelled, or interrupted by a shutdown (resumable).
    case stopped(StopReason)
    /// A job folder holds tokens of another bundle than the one asked to resume it.
    case bundleMismatch(expected: String, found: String)
    /// The file system holding the job folder is full or over quota; nothing was lost, the job
    /// can go on from its last saved window once there is space.
    case diskFull(path: String)

    /// A readable message with what to do next.
    public var description: String {
        switch self {
        case .invalidSchedule(let reason): "invalid window schedule: \(reason)"
        case .invalidSetting(let field, let reason): "invalid \(field): \(reason)"
        case .invalidJob(let reason): "invalid sampling job: \(reason)"
        case .invalidCodes(let level, let reason): "invalid codes at level \(level): \(reason)"
        case .unreadableCodesFile(let path, let reason): "cannot read codes from \(path): \(reason)"
        case .checkpointFailed(let path, let reason): "job checkpoint \(path): \(reason)"
        case .unusablePrimer(let reason): "unusable primer: \(reason)"
        case .memoryBudgetExceeded(let needed, let budget, let detail):
            "the job needs about \(Self.mebibytes(needed)) MiB, over the memory budget of \(Self.mebibytes(budget)) MiB (\(detail)); use fewer takes or a smaller model"
        case .stopped(.cancel): "the job was cancelled"
        case .stopped(.shutdown): "the job was interrupted by a shutdown; it resumes from its last finished window"
        case .diskFull(let path):
            "no space left on the file system of \(path); the job goes on from its last saved window when there is room"
        case .bundleMismatch(let expected, let found):
            "the job's tokens belong to bundle \(found), not \(expected); resume it with the bundle it started with"
        }
    }

    private static func mebibytes(_ bytes: Int64) -> Int64 { (bytes + (1 << 20) - 1) >> 20 }
}
