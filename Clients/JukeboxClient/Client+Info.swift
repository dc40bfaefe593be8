import JukeboxProtocol

// Reading how a take was made, from the file alone.

extension Client {
    /// `jukebox info FILE`: the provenance of a take file (``TakeFileProvenance``), one
    /// `name: value` line each, or with ``json`` the record as one JSON line. Needs no daemon.
    /// - Returns: The exit status: 0, or 65 for a file without provenance, 66 for one that
    ///   cannot be read.
    public func info(_ path: String) -> Int32 {
        do {
            let provenance = try TakeFileProvenance.read(path)
            if json {
                console.resultLine(Array(provenance.json.utf8))
            } else {
                provenance.lines.forEach(show)
            }
            return ExitStatus.ok
        } catch {
            report(error)
            return error.exitStatus
        }
    }
}
