import JukeboxEngine
import JukeboxProtocol

extension RequestHandler {
    /// `estimate`: a `submit`'s checks (except room in the queue: nothing is queued; free space
    /// is checked as for a submit, `no_space`), then the
    /// job's price on this machine. Writes nothing and creates no job; the model is loaded if
    /// it was not, as a `submit` would.
    func estimate(_ submit: SubmitRequest, from peer: PeerCredentials) throws -> WorkEstimate {
        let checked = try check(submit, from: peer)
        try checkSpace(for: checked.run, model: checked.model, primerBytes: checked.primerBytes)
        return estimator.wire(try estimator.estimate(checked.run, model: checked.model))
    }
}
