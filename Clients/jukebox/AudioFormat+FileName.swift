import JukeboxProtocol

extension AudioFormat {
    /// The format a file name asks for: FLAC for a `.flac` name, else nil (the job's own).
    static func asked(byFileName name: String) -> AudioFormat? {
        name.lowercased().hasSuffix(".flac") ? .flac : nil
    }
}
