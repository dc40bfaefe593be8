import JukeboxJSON
import JukeboxProtocol

// Fetching takes and writing them to files.

extension Client {
    /// `jukebox fetch`: writes one take's audio, or its tokens as a JSON array, to `output`.
    /// - Parameters:
    ///   - request: What to fetch (the take counted from 0, as on the wire).
    ///   - output: The file to write.
    /// - Returns: The exit status.
    public func fetch(_ request: FetchRequest, to output: String) -> Int32 {
        run { (connection) throws(ClientError) in
            try fetch(request, to: output, on: connection)
        }
    }

    /// Fetches one take and writes it to `output`, then names the file on standard output
    /// (standard error with `--json`).
    func fetch(_ request: FetchRequest, to output: String, on connection: Connection) throws(ClientError) {
        let reply = try call(.fetch(request), on: connection)
        let bytes: [UInt8]
        switch reply {
        case .audio(let audio) where !request.tokens:
            bytes = audio.audio
        case .tokens(let tokens) where request.tokens:
            bytes = JSONValue.array(tokens.tokens.map { JSONValue($0) }).serializedBytes() + [UInt8(ascii: "\n")]
        default:
            throw Self.unexpected(reply, expected: request.tokens ? "tokens" : "audio")
        }
        try FileIO.writeAtomically(bytes, to: output)
        if json { console.message("jukebox: wrote \(output)") } else { console.result(output) }
    }

    /// Fetches the made takes of a finished job at `level` and writes them to the files
    /// ``TakeFiles`` names after `output` (a dropped take leaves a gap in the numbers).
    /// - Parameters:
    ///   - takes: The takes made to the end (from 0; ``DoneEvent/madeTakes``).
    ///   - count: The takes the job was asked for, which the file names count.
    func fetchTakes(
        of job: JobID, takes: [Int], of count: Int, level: Int, format: AudioFormat?, to output: String,
        on connection: Connection
    ) throws(ClientError) {
        for take in takes {
            let request = FetchRequest(job: job, take: take, level: level, format: format)
            do {
                try fetch(request, to: TakeFiles.path(output, take: take + 1, of: count), on: connection)
            } catch .interrupted {
                throw .interruptedFetching(job: job)
            }
        }
    }
}
