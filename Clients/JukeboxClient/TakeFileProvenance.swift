import JukeboxProtocol

/// A take's ``Provenance`` read from its audio file, in plain Swift: the client links no audio
/// library. The daemon stores the record as the file's comment through libsndfile, which puts
/// it in a WAV file's `LIST`/`INFO` chunk (`ICMT`) and in a FLAC file's Vorbis comment block
/// (`comment=`); this walks those structures and nothing else, so a file copied anywhere, with
/// no daemon running, still says how it was made.
public enum TakeFileProvenance {
    /// The provenance of the take file at `path`.
    /// - Throws: ``ClientError/cannotRead(path:call:errno:)``; ``ClientError/noProvenance(path:reason:)``
    ///   for a file that is not WAV or FLAC, has no comment, or whose comment is not a provenance record.
    public static func read(_ path: String) throws(ClientError) -> Provenance {
        let bytes = try FileIO.read(path)
        guard let text = comment(in: bytes) else {
            throw .noProvenance(path: path, reason: "no WAV INFO or FLAC Vorbis comment")
        }
        do {
            return try Provenance(json: text)
        } catch {
            throw .noProvenance(path: path, reason: "its comment is not a provenance record (\(error))")
        }
    }

    /// The comment of a WAV or FLAC file's bytes, or nil.
    static func comment(in bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("RIFF".utf8)), bytes.count >= 12, bytes[8..<12].elementsEqual("WAVE".utf8) {
            return wavComment(bytes)
        }
        if bytes.starts(with: Array("fLaC".utf8)) { return flacComment(bytes) }
        return nil
    }

    /// `ICMT` of the first `LIST` chunk of type `INFO`: RIFF chunks are a 4-byte id, a 32-bit
    /// little-endian size and the data, padded to an even length.
    private static func wavComment(_ bytes: [UInt8]) -> String? {
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = Int(littleEndian32(bytes, offset + 4))
            let body = offset + 8
            guard body + size <= bytes.count else { return nil }
            if bytes[offset..<offset + 4].elementsEqual("LIST".utf8), size >= 4,
                bytes[body..<body + 4].elementsEqual("INFO".utf8)
            {
                var item = body + 4
                while item + 8 <= body + size {
                    let length = Int(littleEndian32(bytes, item + 4))
                    guard item + 8 + length <= body + size else { return nil }
                    if bytes[item..<item + 4].elementsEqual("ICMT".utf8) {
                        return String(decoding: bytes[item + 8..<item + 8 + length].prefix { $0 != 0 }, as: UTF8.self)
                    }
                    item += 8 + length + (length & 1)
                }
            }
            offset = body + size + (size & 1)
        }
        return nil
    }

    /// `comment=` of the Vorbis comment block (type 4): FLAC metadata blocks are a byte with
    /// the last-block flag and the type, then a 24-bit big-endian length; a Vorbis comment is
    /// a vendor string and a count of `KEY=value` strings, each with a 32-bit little-endian length.
    private static func flacComment(_ bytes: [UInt8]) -> String? {
        var offset = 4
        while offset + 4 <= bytes.count {
            let header = bytes[offset]
            let length = Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let body = offset + 4
            guard body + length <= bytes.count else { return nil }
            if header & 0x7F == 4 {
                guard length >= 8 else { return nil }
                var item = body + 4 + Int(littleEndian32(bytes, body))
                guard item + 4 <= body + length else { return nil }
                let count = Int(littleEndian32(bytes, item))
                item += 4
                for _ in 0..<count {
                    guard item + 4 <= body + length else { return nil }
                    let size = Int(littleEndian32(bytes, item))
                    guard item + 4 + size <= body + length else { return nil }
                    let entry = bytes[item + 4..<item + 4 + size]
                    if let equals = entry.firstIndex(of: UInt8(ascii: "=")),
                        String(decoding: entry[..<equals], as: UTF8.self).lowercased() == "comment"
                    {
                        return String(decoding: entry[(equals + 1)...], as: UTF8.self)
                    }
                    item += 4 + size
                }
                return nil
            }
            if header & 0x80 != 0 { return nil }
            offset = body + length
        }
        return nil
    }

    private static func littleEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
