import JukeboxJSON

/// The greeting the daemon sends as soon as a client connects, before any request:
/// `{"type":"hello","protocol":1,"server":"jukeboxd","version":"0.1.0","ops":[...],"limits":{...}}`.
public struct Hello: Equatable, Sendable, WireObject {
    /// The protocol version (``JukeboxVersion/protocolVersion``); a client refuses a version it
    /// does not speak.
    public var protocolVersion: Int
    /// The daemon's release (``JukeboxVersion/string``).
    public var serverVersion: String
    /// The operations this daemon serves; a request for another one gets `unknown_op`.
    public var operations: [Operation]
    /// The daemon's limits.
    public var limits: ServerLimits

    /// A greeting.
    /// - Parameters:
    ///   - protocolVersion: The protocol version.
    ///   - serverVersion: The daemon's release.
    ///   - operations: The operations served.
    ///   - limits: The daemon's limits.
    public init(
        protocolVersion: Int = JukeboxVersion.protocolVersion, serverVersion: String = JukeboxVersion.string,
        operations: [Operation], limits: ServerLimits
    ) {
        self.protocolVersion = protocolVersion
        self.serverVersion = serverVersion
        self.operations = operations
        self.limits = limits
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        protocolVersion = try reader.required("protocol", FieldReader.int)
        serverVersion = try reader.required("version", FieldReader.string)
        // Operations this client does not know are of no use to it and are dropped.
        let names = try reader.required("ops", FieldReader.array(FieldReader.string))
        operations = names.compactMap(Operation.init(rawValue:))
        limits = try reader.required("limits", ServerLimits.nested)
    }

    func encode(into object: inout JSONObject) {
        object["protocol"] = JSONValue(protocolVersion)
        object["server"] = "jukeboxd"
        object["version"] = .string(serverVersion)
        object["ops"] = .array(operations.map { .string($0.rawValue) })
        object["limits"] = limits.wireJSON
    }
}

/// The limits a daemon announces in its greeting.
public struct ServerLimits: Equatable, Sendable, WireObject {
    /// The longest line either side may send, in bytes, not counting its `\n` (`max_line_bytes`).
    public var maxLineBytes: Int
    /// The longest primer the daemon accepts, in seconds (`max_primer_seconds`).
    public var maxPrimerSeconds: Double
    /// The most jobs the daemon queues at once (`queue_limit`).
    public var queueLimit: Int

    /// A set of limits.
    /// - Parameters:
    ///   - maxLineBytes: Longest line in bytes.
    ///   - maxPrimerSeconds: Longest primer in seconds.
    ///   - queueLimit: Most queued jobs.
    public init(maxLineBytes: Int, maxPrimerSeconds: Double, queueLimit: Int) {
        self.maxLineBytes = maxLineBytes
        self.maxPrimerSeconds = maxPrimerSeconds
        self.queueLimit = queueLimit
    }

    init(from reader: inout FieldReader) throws(MessageError) {
        maxLineBytes = try reader.required("max_line_bytes", FieldReader.int)
        maxPrimerSeconds = try reader.required("max_primer_seconds", FieldReader.double)
        queueLimit = try reader.required("queue_limit", FieldReader.int)
    }

    func encode(into object: inout JSONObject) {
        object["max_line_bytes"] = JSONValue(maxLineBytes)
        object["max_primer_seconds"] = .number(maxPrimerSeconds)
        object["queue_limit"] = JSONValue(queueLimit)
    }
}
