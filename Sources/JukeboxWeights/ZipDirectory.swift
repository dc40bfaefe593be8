/// A minimal reader of a ZIP archive's central directory, enough for PyTorch's zip checkpoints.
///
/// It finds the end-of-central-directory record (and its ZIP64 variant), lists the entries and locates each
/// stored entry's bytes inside the mapped file. Compressed entries are reported, never inflated.
public struct ZipDirectory: Sendable {
    /// One file in the archive.
    public struct Entry: Sendable, Equatable {
        /// Full name inside the archive, e.g. `archive/data/0`.
        public let name: String
        /// Compression method (0 = stored).
        public let method: UInt16
        /// Size of the stored bytes.
        public let compressedSize: Int
        /// Size after decompression.
        public let size: Int
        /// Offset of the entry's local file header.
        public let localHeaderOffset: Int
    }

    /// The archive file.
    public let file: MappedFile
    /// Entries in central-directory order.
    public let entries: [Entry]
    private let index: [String: Int]

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    /// Reads the central directory of a mapped ZIP file.
    ///
    /// - Throws: ``WeightsError/invalidZip(path:reason:)`` for a damaged archive,
    ///   ``WeightsError/outOfBounds(path:offset:count:size:)`` when a record runs past the end of the file.
    public init(file: MappedFile) throws {
        self.file = file
        let path = file.path
        func invalid(_ reason: String) -> WeightsError { .invalidZip(path: path, reason: reason) }

        // The end record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
        var endOffset = -1
        let earliest = max(0, file.count - 22 - 65_535)
        var candidate = file.count - 22
        while candidate >= earliest {
            if try file.readLittleEndian(UInt32.self, at: candidate) == ZipDirectory.endSignature {
                endOffset = candidate
                break
            }
            candidate -= 1
        }
        guard endOffset >= 0 else { throw invalid("no end-of-central-directory record (truncated file?)") }
        var entryCount = Int(try file.readLittleEndian(UInt16.self, at: endOffset + 10))
        var directorySize = Int(try file.readLittleEndian(UInt32.self, at: endOffset + 12))
        var directoryOffset = Int(try file.readLittleEndian(UInt32.self, at: endOffset + 16))

        let locator = endOffset - 20
        if locator >= 0, try file.readLittleEndian(UInt32.self, at: locator) == ZipDirectory.zip64LocatorSignature {
            let end64 = try ZipDirectory.int(
                file.readLittleEndian(UInt64.self, at: locator + 8), invalid("ZIP64 offset"))
            guard try file.readLittleEndian(UInt32.self, at: end64) == ZipDirectory.zip64EndSignature else {
                throw invalid("ZIP64 end record signature missing")
            }
            entryCount = try ZipDirectory.int(
                file.readLittleEndian(UInt64.self, at: end64 + 32), invalid("entry count"))
            directorySize = try ZipDirectory.int(file.readLittleEndian(UInt64.self, at: end64 + 40), invalid("size"))
            directoryOffset = try ZipDirectory.int(
                file.readLittleEndian(UInt64.self, at: end64 + 48), invalid("offset"))
        }
        _ = try file.range(offset: directoryOffset, count: directorySize)
        guard entryCount <= directorySize / 46 else { throw invalid("\(entryCount) entries cannot fit the directory") }

        var entries: [Entry] = []
        var index: [String: Int] = [:]
        var cursor = directoryOffset
        for _ in 0..<entryCount {
            guard try file.readLittleEndian(UInt32.self, at: cursor) == ZipDirectory.centralSignature else {
                throw invalid("bad central directory signature at offset \(cursor)")
            }
            let method = try file.readLittleEndian(UInt16.self, at: cursor + 10)
            var compressed = UInt64(try file.readLittleEndian(UInt32.self, at: cursor + 20))
            var size = UInt64(try file.readLittleEndian(UInt32.self, at: cursor + 24))
            let nameLength = Int(try file.readLittleEndian(UInt16.self, at: cursor + 28))
            let extraLength = Int(try file.readLittleEndian(UInt16.self, at: cursor + 30))
            let commentLength = Int(try file.readLittleEndian(UInt16.self, at: cursor + 32))
            var local = UInt64(try file.readLittleEndian(UInt32.self, at: cursor + 42))
            let nameBytes = try file.copyBytes(try file.range(offset: cursor + 46, count: nameLength))
            let name = String(decoding: nameBytes, as: UTF8.self)
            // ZIP64 extra field: 64-bit values appear, in this order, only for fields saturated at 0xFFFFFFFF.
            var extra = cursor + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let tag = try file.readLittleEndian(UInt16.self, at: extra)
                let length = Int(try file.readLittleEndian(UInt16.self, at: extra + 2))
                guard extra + 4 + length <= extraEnd else { throw invalid("extra field of '\(name)' overruns") }
                if tag == 0x0001 {
                    var field = extra + 4
                    for slot in 0..<3 {
                        let saturated = [size, compressed, local][slot] == 0xFFFF_FFFF
                        guard saturated else { continue }
                        guard field + 8 <= extra + 4 + length else { throw invalid("short ZIP64 field in '\(name)'") }
                        let value = try file.readLittleEndian(UInt64.self, at: field)
                        switch slot {
                        case 0: size = value
                        case 1: compressed = value
                        default: local = value
                        }
                        field += 8
                    }
                }
                extra += 4 + length
            }
            let entry = Entry(
                name: name, method: method,
                compressedSize: try ZipDirectory.int(compressed, invalid("size of '\(name)'")),
                size: try ZipDirectory.int(size, invalid("size of '\(name)'")),
                localHeaderOffset: try ZipDirectory.int(local, invalid("offset of '\(name)'")))
            index[name] = entries.count
            entries.append(entry)
            cursor = extraEnd + commentLength
        }
        self.entries = entries
        self.index = index
    }

    /// The entry called `name`, or `nil`.
    public func entry(named name: String) -> Entry? {
        index[name].map { entries[$0] }
    }

    /// The file range holding a stored entry's bytes.
    ///
    /// - Throws: ``WeightsError/compressedZipEntry(path:entry:method:)`` for a compressed entry,
    ///   ``WeightsError/invalidZip(path:reason:)`` for a bad local header,
    ///   ``WeightsError/outOfBounds(path:offset:count:size:)`` if the bytes run past the end of the file.
    public func dataRange(of entry: Entry) throws -> Range<Int> {
        guard entry.method == 0 else {
            throw WeightsError.compressedZipEntry(path: file.path, entry: entry.name, method: entry.method)
        }
        guard entry.compressedSize == entry.size else {
            throw WeightsError.invalidZip(path: file.path, reason: "stored entry '\(entry.name)' changes size")
        }
        let header = entry.localHeaderOffset
        guard try file.readLittleEndian(UInt32.self, at: header) == ZipDirectory.localSignature else {
            throw WeightsError.invalidZip(path: file.path, reason: "bad local header of '\(entry.name)'")
        }
        let localMethod = try file.readLittleEndian(UInt16.self, at: header + 8)
        guard localMethod == 0 else {
            throw WeightsError.compressedZipEntry(path: file.path, entry: entry.name, method: localMethod)
        }
        let nameLength = Int(try file.readLittleEndian(UInt16.self, at: header + 26))
        let extraLength = Int(try file.readLittleEndian(UInt16.self, at: header + 28))
        return try file.range(offset: header + 30 + nameLength + extraLength, count: entry.size)
    }

    private static func int(_ value: UInt64, _ error: @autoclosure () -> WeightsError) throws -> Int {
        guard let result = Int(exactly: value) else { throw error() }
        return result
    }
}
