import Foundation
import JukeboxEngine
import Testing

struct TokenFileTests {
    @Test func rowsRoundTripAndCut() throws {
        let rows = [[0, 1, 65535, 7], [3, 2, 1, 0]]
        let bytes = try TokenFile.encode(rows, level: 1)
        #expect(bytes.count == 20 + 16)
        #expect(try TokenFile.decode(bytes, path: "t") == rows)
        #expect(try TokenFile.decode(bytes, path: "t", length: 2) == [[0, 1], [3, 2]])
        #expect(throws: EngineError.self) { try TokenFile.decode(bytes, path: "t", length: 5) }
    }

    @Test func damagedFilesAndBadTokensAreErrors() throws {
        #expect(throws: EngineError.self) { try TokenFile.encode([[1, 2], [3]], level: 0) }
        #expect(throws: EngineError.self) { try TokenFile.encode([[70000]], level: 0) }
        let bytes = try TokenFile.encode([[1, 2, 3]], level: 0)
        #expect(throws: EngineError.self) { try TokenFile.decode(Array(bytes.dropLast()), path: "t") }
        #expect(throws: EngineError.self) { try TokenFile.decode([UInt8](repeating: 0, count: 40), path: "t") }
        var future = bytes
        future[4] = 9
        #expect(throws: EngineError.self) { try TokenFile.decode(future, path: "t") }
    }
}
