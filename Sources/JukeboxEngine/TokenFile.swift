import Foundation

/// The binary file of one level's tokens: one row per take, all rows equally long.
///
/// Layout, little-endian: the magic `JBTK`, a UInt32 format version (1), a UInt32 count of
/// rows, a UInt64 row length, then every row's tokens as UInt16. Written whole to a temporary
/// file, flushed and renamed (``AtomicFile``).
public enum TokenFile {
    static let magic: [UInt8] = Array("JBTK".utf8)
    static let version: UInt32 = 1

    /// The file's bytes for `rows`.
    /// - Throws: ``EngineError/invalidCodes(level:reason:)`` for ragged rows or a token outside 0...65535.
    public static func encode(_ rows: [[Int]], level: Int) throws(EngineError) -> [UInt8] {
        let length = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == length }) else {
            throw .invalidCodes(level: level, reason: "token rows have different lengths")
        }
        var bytes = magic
        bytes.reserveCapacity(20 + rows.count * length * 2)
        append(version, to: &bytes)
        append(UInt32(rows.count), to: &bytes)
        append(UInt64(length), to: &bytes)
        for row in rows {
            for token in row {
                guard let value = UInt16(exactly: token) else {
                    throw .invalidCodes(level: level, reason: "token \(token) does not fit the file")
                }
                append(value, to: &bytes)
            }
        }
        return bytes
    }

    /// Reads the rows of `bytes`, each cut to its first `length` tokens when given.
    /// - Throws: ``EngineError/unreadableCodesFile(path:reason:)`` naming `path` for anything malformed.
    public static func decode(_ bytes: [UInt8], path: String, length wanted: Int? = nil) throws(EngineError) -> [[Int]]
    {
        guard bytes.count >= 20, Array(bytes[0..<4]) == magic else {
            throw .unreadableCodesFile(path: path, reason: "not a token file")
        }
        guard read(UInt32.self, bytes, at: 4) == version else {
            throw .unreadableCodesFile(path: path, reason: "unknown format version")
        }
        let rows = Int(read(UInt32.self, bytes, at: 8))
        let length = Int(clamping: read(UInt64.self, bytes, at: 12))
        guard length <= (bytes.count - 20) / 2, rows <= 1 << 16, bytes.count == 20 + rows * length * 2 else {
            throw .unreadableCodesFile(path: path, reason: "size does not match \(rows) rows of \(length) tokens")
        }
        let keep = min(length, wanted ?? length)
        guard keep == (wanted ?? length) else {
            throw .unreadableCodesFile(path: path, reason: "holds \(length) tokens per row, \(keep) expected")
        }
        return (0..<rows).map { row in
            let base = 20 + row * length * 2
            return (0..<keep).map { Int(read(UInt16.self, bytes, at: base + $0 * 2)) }
        }
    }

    /// Reads a token file from disk.
    public static func read(path: String, length: Int? = nil) throws(EngineError) -> [[Int]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableCodesFile(path: path, reason: "missing or unreadable")
        }
        return try decode([UInt8](data), path: path, length: length)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value: T = 0
        for i in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
        return value
    }
}
