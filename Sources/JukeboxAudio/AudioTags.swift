import CSndFile

/// Text a file carries beside its audio: libsndfile's strings, which it keeps in a WAV
/// file's `LIST`/`INFO` chunk (`INAM`, `ISFT`, `ICMT`) and in a FLAC file's Vorbis comments
/// (`title`, `software`, `comment`).
///
/// libsndfile 1.2 drops every string of a WAV file on reading when one of them is
/// ``maxBytes`` bytes or longer, so ``AudioWriter`` refuses longer strings instead of writing
/// a file whose text cannot be read back. libsndfile appends its own version to
/// ``software`` when it writes a file, e.g. `jukeboxd 0.1.0 (libsndfile-1.2.0)`.
public struct AudioTags: Sendable, Equatable {
    /// The title (`SF_STR_TITLE`).
    public var title: String?
    /// The program that wrote the file (`SF_STR_SOFTWARE`).
    public var software: String?
    /// A free-form comment (`SF_STR_COMMENT`).
    public var comment: String?

    /// The longest string, in UTF-8 bytes, that every container libsndfile writes reads back.
    public static let maxBytes = 2000

    /// Tags; arguments match the properties.
    public init(title: String? = nil, software: String? = nil, comment: String? = nil) {
        self.title = title
        self.software = software
        self.comment = comment
    }

    /// Whether no tag is set.
    public var isEmpty: Bool { title == nil && software == nil && comment == nil }

    /// Each set tag with libsndfile's string type.
    var entries: [(type: Int32, name: String, value: String)] {
        [
            (Int32(SF_STR_TITLE), "title", title), (Int32(SF_STR_SOFTWARE), "software", software),
            (Int32(SF_STR_COMMENT), "comment", comment),
        ].compactMap { entry in entry.2.map { (entry.0, entry.1, $0) } }
    }

    /// The strings of an open file (`sf_get_string`).
    init(of file: SoundFile) {
        func string(_ type: Int32) -> String? {
            sf_get_string(file.handle, type).map { String(cString: $0) }
        }
        self.init(
            title: string(Int32(SF_STR_TITLE)), software: string(Int32(SF_STR_SOFTWARE)),
            comment: string(Int32(SF_STR_COMMENT)))
    }

    /// Sets the strings on a file opened for writing, before its first frame (`sf_set_string`).
    /// - Throws: `AudioError.invalidInput` for a string of ``maxBytes`` or more or with a NUL
    ///   byte; `.writeFailed` with libsndfile's message when it refuses one.
    func apply(to file: SoundFile, name: String) throws(AudioError) {
        for entry in entries {
            guard entry.value.utf8.count < Self.maxBytes, !entry.value.utf8.contains(0) else {
                throw AudioError.invalidInput(
                    detail: "the \(entry.name) tag for \(name) has \(entry.value.utf8.count) bytes or a NUL byte; "
                        + "at most \(Self.maxBytes - 1) bytes read back from every container")
            }
            guard sf_set_string(file.handle, entry.type, entry.value) == 0 else {
                throw AudioError.writeFailed(destination: name, detail: "the \(entry.name) tag: \(file.errorMessage)")
            }
        }
    }
}
