import Foundation
import JukeboxProtocol
import Testing

/// The C client's enum follows the protocol's codes, in order, with fixed values.
struct CClientErrorCodeTests {
    @Test func theEnumListsEveryProtocolCodeInOrder() throws {
        let header = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Clients/c/jukebox_client.h"), encoding: .utf8)
        // Lines such as `    JUKEBOX_BAD_JSON = 1,        /* bad_json */`, values below 100.
        var codes: [(value: Int, word: String)] = []
        for line in header.split(separator: "\n") {
            let parts = line.split(separator: "/*", maxSplits: 1)
            guard parts.count == 2, let equals = parts[0].firstIndex(of: "="),
                let value = Int(parts[0][parts[0].index(after: equals)...].filter(\.isNumber)), value > 0, value < 100,
                let word = parts[1].split(separator: " ").first.map(String.init)?.trimmingCharacters(
                    in: .punctuationCharacters)
            else { continue }
            codes.append((value, word))
        }
        #expect(codes.map(\.value) == Array(1...codes.count))
        #expect(codes.map(\.word) == ErrorCode.allCases.map(\.rawValue))
    }
}
