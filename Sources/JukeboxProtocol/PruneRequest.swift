import JukeboxJSON

/// `{"op":"prune","id":1,"older_than_days":30}`: removes the client's ended jobs (done, failed
/// or cancelled) that ended more than `older_than_days` days ago; root's prune covers every user.
public struct PruneRequest: Equatable, Sendable {
    /// Jobs that ended at least this many days ago are removed; 0 removes every ended job.
    public var olderThanDays: Double

    /// The allowed range of ``olderThanDays``: up to a hundred years.
    public static let daysRange = 0.0...36_500.0

    /// A prune request.
    /// - Parameter olderThanDays: Days since a job ended, in ``daysRange``.
    public init(olderThanDays: Double) {
        self.olderThanDays = olderThanDays
    }

    /// Reads the request's own members.
    init(from reader: inout FieldReader) throws(MessageError) {
        olderThanDays = try reader.required(
            "older_than_days",
            FieldReader.double(from: Self.daysRange.lowerBound, openBelow: false, to: Self.daysRange.upperBound))
    }

    /// Writes the request's own members into `object`.
    func encode(into object: inout JSONObject) {
        object["older_than_days"] = .number(olderThanDays)
    }
}
