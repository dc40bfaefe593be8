import Foundation
import JukeboxEngine
import JukeboxProtocol

/// Prices jobs on this machine (the `estimate` reply, the `accepted` event, the queue's start
/// times) and learns from finished levels.
///
/// The machine's rates are measured once, on the first estimate (``MachineRates/quick()``,
/// well under a second), not at start-up, so that readiness never waits for them; a daemon
/// started with rates given uses those. Each model level's correction factor
/// (``EstimateCorrections``) moves when a level finishes and is kept in the state folder's
/// `estimate-corrections.json` (written atomically; a damaged file is logged and ignored).
final class Estimator: Sendable {
    /// The corrections file in the state folder.
    let path: String
    private let log: DaemonLog
    private let rates: Locked<MachineRates?>
    private let corrections: Locked<EstimateCorrections>
    /// Each resident bundle's prior costs, by bundle identity.
    private let costs = Locked<[String: [PriorCost]]>([:])

    /// The file's name in the state folder.
    static let fileName = "estimate-corrections.json"

    /// An estimator keeping its corrections in `stateDirectory`.
    /// - Parameter rates: the machine's rates, or nil to measure them on the first estimate.
    init(stateDirectory: String, rates: MachineRates?, log: DaemonLog) {
        path = stateDirectory + "/" + Self.fileName
        self.log = log
        self.rates = Locked(rates)
        var loaded = EstimateCorrections()
        if let bytes = StateFile.read(path, limit: 1 << 20) {
            do {
                loaded = try JSONDecoder().decode(EstimateCorrections.self, from: Data(bytes))
            } catch {
                log("\(path) could not be read (\(error)); estimates start again from the floors")
            }
        }
        corrections = Locked(loaded)
    }

    /// The machine's rates, measured on first use.
    func machineRates() -> MachineRates {
        rates.withLock { rates in
            if let rates { return rates }
            let measured = MachineRates.quick()
            log(
                String(
                    format: "measured for estimates: sgemm %.0f GFLOP/s, streaming read %.1f GB/s",
                    measured.sgemmGFLOPS, measured.readGBps))
            rates = measured
            return measured
        }
    }

    /// The estimate of `run` on `model`'s bundle, corrected by the model's finished levels.
    /// - Throws: `CheckpointSchema`'s errors for priors without a schema (not for a loaded bundle).
    func estimate(_ run: GenerationRun, model: ResidentModel) throws -> JobEstimate {
        let costs = try self.costs(of: model)
        let table = corrections.withLock { $0 }
        return run.estimate(costs: costs, rates: machineRates()) { table.factor(model: model.name, level: $0) }
    }

    /// `estimate` on the wire.
    func wire(_ estimate: JobEstimate) -> WorkEstimate {
        let rates = machineRates()
        let corrected = estimate.levels.filter { $0.corrections > 0 }.count
        let basis: WorkEstimate.Basis =
            corrected == 0 ? .floors : corrected == estimate.levels.count ? .corrected : .mixed
        return WorkEstimate(
            levels: estimate.levels.map {
                WorkEstimate.Level(
                    level: $0.level, timeS: $0.seconds, floorS: $0.floorSeconds, newTokens: $0.newTokens,
                    refedTokens: $0.refedTokens, corrections: $0.corrections)
            }, timeS: estimate.seconds, peakMemoryBytes: estimate.peakMemoryBytes, basis: basis,
            sgemmGFLOPS: rates.sgemmGFLOPS, readGBps: rates.readGBps)
    }

    /// Folds a finished level into `model`'s factor and saves the table (a failed write is logged).
    func levelFinished(model: String, level: Int, measuredSeconds: Double, floorSeconds: Double) {
        let table = corrections.withLock { table in
            table.record(model: model, level: level, measured: measuredSeconds, floor: floorSeconds)
            return table
        }
        let factor = table.factor(model: model, level: level)
        log(
            String(
                format: "estimates: %@ level %d took %.1f s against a floor of %.2f s; factor now %.3g "
                    + "(from %d finished levels)",
                model, level, measuredSeconds, floorSeconds, factor.factor, factor.count))
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try StateFile.write([UInt8](try encoder.encode(table)), to: path)
        } catch {
            log("\(path) could not be written (\(error)); the corrections hold until the daemon stops")
        }
    }

    /// Every level's prior cost of `model`, from the dtypes its weight files store.
    private func costs(of model: ResidentModel) throws -> [PriorCost] {
        if let known = costs.withLock({ $0[model.identity] }) { return known }
        let vqvae = model.bundle.config.vqvae
        let made = try zip(model.bundle.config.priors, model.bundle.priors).map { hp, reader in
            try PriorCost(hp, vqvae: vqvae, storedIn: reader)
        }
        costs.withLock { $0[model.identity] = made }
        return made
    }
}
