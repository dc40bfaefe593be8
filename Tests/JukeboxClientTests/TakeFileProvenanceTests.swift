import Foundation
import JukeboxClient
import JukeboxProtocol
import Testing

/// The client reads a take's provenance from WAV `LIST`/`INFO` and FLAC Vorbis comment
/// structures built here byte by byte (the end-to-end tests read the daemon's real files), and
/// refuses anything else without crashing.
struct TakeFileProvenanceTests {
    static let record =
        #"{"provenance_format":1,"software":"jukeboxd 0.1.0","model":"tiny","bundle_identity":"tiny","#
        + #""bundle_sha256":"ab","job":"j1","take":1,"takes":2,"level":0,"mode":"continue","seed":42,"#
        + #""levels":[2,1,0],"temperatures":[0.98,0.99,0.99],"top_k":0,"hop_fractions":[0.125,0.5,0.5],"#
        + #""artist":"demo_band","genres":["rock"],"song_offset_s":2,"song_length_s":30,"duration_s":0.7,"#
        + #""sample_rate_hz":44100,"format":"wav","parent_job":"j0","parent_take":1}"#

    func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }

    func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        Array(id.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    func wav(comment: String) -> [UInt8] {
        let info =
            Array("INFO".utf8) + chunk("ISFT", Array("jukeboxd\0".utf8)) + chunk("ICMT", Array(comment.utf8) + [0])
        let body =
            Array("WAVE".utf8) + chunk("fmt ", [UInt8](repeating: 0, count: 16)) + chunk("LIST", info)
            + chunk("data", [0, 0, 0, 0])
        return chunk("RIFF", body)
    }

    func flac(comment: String) -> [UInt8] {
        let vendor = Array("reference libFLAC".utf8)
        let entries = ["title=take", "COMMENT=" + comment].map { Array($0.utf8) }
        var vorbis = le32(vendor.count) + vendor + le32(entries.count)
        for entry in entries { vorbis += le32(entry.count) + entry }
        let streamInfo: [UInt8] = [0x00, 0, 0, 34] + [UInt8](repeating: 0, count: 34)
        let block: [UInt8] = [
            0x84, UInt8(vorbis.count >> 16), UInt8((vorbis.count >> 8) & 0xFF), UInt8(vorbis.count & 0xFF),
        ]
        return Array("fLaC".utf8) + streamInfo + block + vorbis
    }

    func file(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aWAVCommentIsRead() throws {
        let path = try file(wav(comment: Self.record), "take.wav")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let provenance = try TakeFileProvenance.read(path)
        #expect(provenance.seed == 42 && provenance.take == 1 && provenance.genres == ["rock"])
        #expect(provenance.parent == TakeReference(job: JobID("j0")!, take: 1))
        #expect(provenance.songOffsetS == 2 && provenance.songLengthS == 30)
        #expect(try Provenance(json: provenance.json) == provenance)
    }

    @Test func aFLACVorbisCommentIsRead() throws {
        let path = try file(flac(comment: Self.record), "take.flac")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TakeFileProvenance.read(path).job == JobID("j1"))
    }

    @Test func filesWithoutARecordAreRefused() throws {
        let cut = Array(wav(comment: Self.record).prefix(60))
        let cases: [([UInt8], String)] = [
            (wav(comment: "recorded at home"), "other.wav"), (cut, "cut.wav"), (flac(comment: "{}"), "empty.flac"),
            (Array("not audio at all".utf8), "notes.txt"),
        ]
        for (bytes, name) in cases {
            let path = try file(bytes, name)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try TakeFileProvenance.read(path)
                Issue.record("\(name) was read as a take")
            } catch {
                guard case .noProvenance(let at, _) = error else {
                    Issue.record("\(name): \(error)")
                    continue
                }
                #expect(at == path && error.exitStatus == 65)
            }
        }
    }
}
