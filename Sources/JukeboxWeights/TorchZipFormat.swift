/// The zip `torch.save` layout (PyTorch ≥ 1.6): `<top>/data.pkl` holds the object, `<top>/data/<key>` each
/// storage's raw little-endian bytes (stored uncompressed), plus `<top>/version` and `<top>/byteorder`.
enum TorchZipFormat {
    /// First bytes of a ZIP file (a local file header).
    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// Decodes a zip checkpoint; storages are located, not read.
    ///
    /// - Throws: ZIP errors (``WeightsError/invalidZip(path:reason:)``,
    ///   ``WeightsError/compressedZipEntry(path:entry:method:)``, ``WeightsError/missingZipEntry(path:entry:)``),
    ///   pickle errors, ``WeightsError/notACheckpoint(path:reason:)`` for a big-endian archive,
    ///   ``WeightsError/missingStorage(path:key:)`` and
    ///   ``WeightsError/storageMismatch(path:key:expected:actual:reason:)``.
    static func load(_ file: MappedFile) throws -> TorchArchive {
        let path = file.path
        let directory = try ZipDirectory(file: file)
        let candidates = directory.entries.filter { entry in
            entry.name.hasSuffix("/data.pkl") && !entry.name.dropLast("/data.pkl".count).contains("/")
        }
        guard let pickleEntry = candidates.first ?? directory.entry(named: "data.pkl") else {
            throw WeightsError.missingZipEntry(path: path, entry: "<top>/data.pkl")
        }
        guard candidates.count <= 1 else {
            throw WeightsError.invalidZip(path: path, reason: "several top folders hold a data.pkl")
        }
        let prefix = String(pickleEntry.name.dropLast("data.pkl".count))
        if let order = directory.entry(named: prefix + "byteorder") {
            let text = String(decoding: try file.copyBytes(try directory.dataRange(of: order)), as: UTF8.self)
            guard text.trimmingSpaces == "little" else {
                throw WeightsError.notACheckpoint(
                    path: path, reason: "byteorder is '\(text)', only little is supported")
            }
        }
        let pickleRange = try directory.dataRange(of: pickleEntry)
        let root = try file.withBytes(pickleRange) { bytes in
            let (value, length) = try PickleMachine.evaluate(bytes, source: path)
            guard length == bytes.count else {
                throw WeightsError.malformedPickle(
                    path: path, offset: length, reason: "\(bytes.count - length) bytes follow the STOP opcode")
            }
            return value
        }
        let referenced = try TorchLegacyFormat.storagesReferenced(by: root, path: path)
        var storages: [String: Range<Int>] = [:]
        for (key, storage) in referenced {
            guard let entry = directory.entry(named: prefix + "data/" + key) else {
                throw WeightsError.missingStorage(path: path, key: key)
            }
            let range = try directory.dataRange(of: entry)
            let (expected, overflow) = storage.numel.multipliedReportingOverflow(by: storage.dtype.byteSize)
            guard !overflow, range.count == expected else {
                throw WeightsError.storageMismatch(
                    path: path, key: key, expected: expected, actual: range.count,
                    reason: "zip entry size differs from the storage size in the pickle")
            }
            storages[key] = range
        }
        return TorchArchive(root: root, storages: storages)
    }
}

extension String {
    /// The text without leading and trailing spaces and newlines.
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
