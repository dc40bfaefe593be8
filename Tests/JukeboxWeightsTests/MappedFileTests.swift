import Foundation
import JukeboxTestSupport
import Testing

@testable import JukeboxWeights

/// Memory-mapped files: reads inside the file work, everything else throws.
@Suite struct MappedFileTests {
    @Test func readsInsideTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let file = try MappedFile(path: directory.write("f", [1, 2, 3, 4, 5, 6, 7, 8, 9]))
        #expect(file.count == 9)
        #expect(try file.readLittleEndian(UInt32.self, at: 1) == 0x0504_0302)
        #expect(try file.copyBytes(7..<9) == [8, 9])
        let region = try file.region(2..<5)
        #expect(region.isMapped && region.toArray() == [3, 4, 5])
        #expect(region == ByteRegion([3, 4, 5]))
        #expect(region != ByteRegion([3, 4, 6]))
    }

    @Test func readsOutsideTheFileThrow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let file = try MappedFile(path: directory.write("f", [1, 2, 3, 4]))
        let attempts: [(String, () throws -> Any)] = [
            ("past the end", { try file.readLittleEndian(UInt64.self, at: 0) }),
            ("straddling the end", { try file.copyBytes(2..<5) }),
            ("negative offset", { try file.range(offset: -1, count: 2) }),
            ("negative count", { try file.range(offset: 1, count: -1) }),
            ("overflowing sum", { try file.range(offset: Int.max, count: 2) }),
            ("region past the end", { try file.region(4..<5) }),
        ]
        for (label, attempt) in attempts {
            guard case .outOfBounds(_, _, _, 4)? = weightsError(attempt) else {
                Issue.record("\(label): expected outOfBounds")
                continue
            }
        }
    }

    @Test func emptyFilesMapAndMissingFilesAreNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let empty = try MappedFile(path: directory.write("empty", []))
        #expect(empty.count == 0)
        #expect(try empty.copyBytes(0..<0) == [])
        guard case .cannotOpen(let path, _)? = weightsError({ try MappedFile(path: directory.path("missing")) }) else {
            Issue.record("expected cannotOpen")
            return
        }
        #expect(path.hasSuffix("missing"))
        guard case .cannotOpen(_, "not a regular file")? = weightsError({ try MappedFile(path: directory.url.path) })
        else {
            Issue.record("expected cannotOpen for a directory")
            return
        }
    }

    @Test func regionsOutliveTheirReader() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = try directory.write("f", [10, 20, 30])
        let region = try MappedFile(path: path).region(1..<3)
        try FileManager.default.removeItem(atPath: path)
        #expect(region.toArray() == [20, 30])
    }
}
