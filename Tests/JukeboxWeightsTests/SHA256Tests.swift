import Foundation
import JukeboxTestSupport
import JukeboxWeights
import Testing

/// The hash recorded for conversion inputs agrees with the published vectors and with
/// the golden manifest's own SHA-256 of real files.
struct SHA256Tests {
    @Test func publishedVectors() {
        func digest(_ text: String) -> String {
            var hash = SHA256()
            hash.update(Array(text.utf8))
            return hash.hexDigest()
        }
        #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            digest(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkingDoesNotChangeTheDigest() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var whole = SHA256()
        whole.update(bytes)
        for chunk in [1, 63, 64, 65, 1000] {
            var pieces = SHA256()
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunk, bytes.count)
                pieces.update(Array(bytes[offset..<end]))
                offset = end
            }
            #expect(pieces.hexDigest() == whole.hexDigest(), "chunk \(chunk)")
        }
    }

    @Test func goldenManifestChecksums() throws {
        let manifest = try Golden.json("manifest.json")
        let files = try #require(manifest["files"] as? [[String: Any]])
        let wanted = files.filter { ($0["file"] as? String)?.hasSuffix(".pth.tar") == true }
        #expect(!wanted.isEmpty)
        for file in wanted {
            let name = try #require(file["file"] as? String)
            var hash = SHA256()
            hash.update(try Golden.bytes(name))
            #expect(hash.hexDigest() == file["sha256"] as? String, "\(name)")
        }
    }
}
