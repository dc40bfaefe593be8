import CSndFile

/// An open libsndfile handle (`SNDFILE*`) over a path or a `MemoryFile`; closed on deinit.
///
/// Internal: the public surface is `AudioReader` and `AudioWriter`.
final class SoundFile {
    let handle: OpaquePointer
    var info: SF_INFO
    /// Keeps the memory source alive while libsndfile holds a pointer to it.
    private let memory: MemoryFile?
    private var virtualIO: SF_VIRTUAL_IO

    /// Opens `path` for reading with `sf_open`.
    init(readingPath path: String) throws(AudioError) {
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw AudioError.notAudio(source: path, detail: SoundFile.lastError(nil))
        }
        self.handle = handle
        self.info = info
        self.memory = nil
        self.virtualIO = SF_VIRTUAL_IO()
    }

    /// Opens an in-memory file with `sf_open_virtual`, for reading (`SFM_READ`) or writing
    /// (`SFM_WRITE`, with `info` describing the format to produce).
    init(memory: MemoryFile, mode: Int32, info: SF_INFO = SF_INFO(), name: String) throws(AudioError) {
        var info = info
        var virtualIO = MemoryFile.callbacks
        let user = Unmanaged.passUnretained(memory).toOpaque()
        guard let handle = sf_open_virtual(&virtualIO, mode, &info, user) else {
            let detail = SoundFile.lastError(nil)
            if mode == Int32(SFM_READ) {
                throw AudioError.notAudio(source: name, detail: detail)
            }
            throw AudioError.writeFailed(destination: name, detail: detail)
        }
        self.handle = handle
        self.info = info
        self.memory = memory
        self.virtualIO = virtualIO
    }

    /// Opens `path` for writing with `sf_open` in `SFM_WRITE` mode.
    init(writingPath path: String, info: SF_INFO) throws(AudioError) {
        var info = info
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw AudioError.writeFailed(destination: path, detail: SoundFile.lastError(nil))
        }
        self.handle = handle
        self.info = info
        self.memory = nil
        self.virtualIO = SF_VIRTUAL_IO()
    }

    deinit {
        sf_close(handle)
    }

    /// libsndfile's message for the last error on `handle` (`sf_strerror`), or the global one.
    static func lastError(_ handle: OpaquePointer?) -> String {
        guard let message = sf_strerror(handle) else { return "unknown libsndfile error" }
        return String(cString: message)
    }

    /// The current error message of this handle.
    var errorMessage: String { SoundFile.lastError(handle) }

    /// " (message)" when libsndfile has recorded an error on this handle, else "".
    var errorSuffix: String { hasError ? " (\(errorMessage))" : "" }

    /// Whether libsndfile has recorded an error on this handle (`sf_error`).
    var hasError: Bool { sf_error(handle) != 0 }

    /// libsndfile's parse log of the header (`SFC_GET_LOG_INFO`).
    var log: String {
        var buffer = [CChar](repeating: 0, count: 8192)
        _ = sf_command(handle, Int32(SFC_GET_LOG_INFO), &buffer, Int32(buffer.count))
        let text = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether the header parse log shows the file is shorter than its header says: a
    /// size line marked "(should be ...)" for the audio data chunk or the whole container,
    /// or an Ogg stream that ended without its end-of-stream flag. Returns that log line.
    var truncationEvidence: String? {
        for line in log.split(separator: "\n") {
            let text = line.trimmingPrefixSpaces()
            let chunk = text.prefix(while: { $0 != " " })
            if text.contains("(should be"), ["data", "SSND", "RIFF", "RF64", "FORM"].contains(String(chunk)) {
                return String(text)
            }
            if text.contains("ended unexpectedly") { return String(text) }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingPrefixSpaces() -> Substring {
        drop(while: { $0 == " " || $0 == "\t" })
    }
}
