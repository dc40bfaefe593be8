import JukeboxTensor

/// The object and storage locations decoded from a PyTorch checkpoint, before any tensor data is read.
struct TorchArchive {
    /// The saved object (for Jukebox: `{'hps', 'model', 'opt', 'step'}`).
    let root: PickleValue
    /// Byte range in the file of each root storage's element data, by storage key.
    let storages: [String: Range<Int>]
}

/// The legacy (non-zip) `torch.save` layout used by the official Jukebox checkpoints:
/// magic-number pickle, protocol-version pickle, `sys_info` pickle, the object pickle, the storage-key list
/// pickle, then every storage as an int64 element count followed by its raw little-endian elements.
enum TorchLegacyFormat {
    /// `0x1950a86a20f9469cfc6c` as pickle's little-endian two's complement bytes.
    static let magicNumber: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    /// The only legacy protocol version PyTorch ever wrote.
    static let protocolVersion: Int64 = 1001
    /// First bytes of a legacy file: PROTO 2, LONG1 of 10 bytes.
    static let signature: [UInt8] = [0x80, 0x02, 0x8A, 0x0A]

    /// Decodes a legacy checkpoint; storages are located, not read.
    ///
    /// - Throws: ``WeightsError/notACheckpoint(path:reason:)`` for a wrong magic number, version or byte order;
    ///   pickle errors; ``WeightsError/storageMismatch(path:key:expected:actual:reason:)`` and
    ///   ``WeightsError/outOfBounds(path:offset:count:size:)`` for truncated or inconsistent storage records.
    static func load(_ file: MappedFile) throws -> TorchArchive {
        let path = file.path
        var cursor = 0
        func nextPickle() throws -> PickleValue {
            let (value, length) = try file.withBytes(cursor..<file.count) { bytes in
                try PickleMachine.evaluate(bytes, source: path)
            }
            cursor += length
            return value
        }
        guard case .bigInt(let magic) = try nextPickle(), magic == magicNumber else {
            throw WeightsError.notACheckpoint(path: path, reason: "the legacy magic number is missing")
        }
        let version = try nextPickle()
        guard version.intValue == protocolVersion else {
            throw WeightsError.notACheckpoint(path: path, reason: "legacy protocol version \(version), expected 1001")
        }
        let systemInfo = try nextPickle()
        guard systemInfo["little_endian"]?.boolValue == true else {
            throw WeightsError.notACheckpoint(path: path, reason: "saved on a big-endian machine (sys_info)")
        }
        let root = try nextPickle()
        guard let keyValues = try nextPickle().elements else {
            throw WeightsError.notACheckpoint(path: path, reason: "the storage key list is not a list")
        }
        let referenced = try TorchLegacyFormat.storagesReferenced(by: root, path: path)
        var storages: [String: Range<Int>] = [:]
        for keyValue in keyValues {
            guard let key = keyValue.stringValue else {
                throw WeightsError.notACheckpoint(path: path, reason: "a storage key is not a string")
            }
            guard let storage = referenced[key] else {
                throw WeightsError.storageMismatch(
                    path: path, key: key, expected: 0, actual: 0,
                    reason: "storage is listed but no tensor uses it, so its element size is unknown")
            }
            let count = try file.readLittleEndian(Int64.self, at: cursor)
            guard count == Int64(storage.numel) else {
                throw WeightsError.storageMismatch(
                    path: path, key: key, expected: storage.numel, actual: Int(clamping: count),
                    reason: "element count in the storage record differs from the pickle")
            }
            let (byteCount, overflow) = storage.numel.multipliedReportingOverflow(by: storage.dtype.byteSize)
            let available = file.count - cursor - 8
            guard !overflow, byteCount <= available else {
                throw WeightsError.storageMismatch(
                    path: path, key: key, expected: byteCount, actual: max(0, available),
                    reason: "storage record runs past the end of the file (truncated download?)")
            }
            storages[key] = try file.range(offset: cursor + 8, count: byteCount)
            cursor += 8 + byteCount
        }
        return TorchArchive(root: root, storages: storages)
    }

    /// Every storage referenced by a tensor anywhere in `value`, by key; conflicting declarations are errors.
    static func storagesReferenced(by value: PickleValue, path: String) throws -> [String: TorchStorageRef] {
        var found: [String: TorchStorageRef] = [:]
        var pending: [PickleValue] = [value]
        while let next = pending.popLast() {
            switch next {
            case .tensor(let tensor):
                let storage = tensor.storage
                if let known = found[storage.key] {
                    guard known.dtype == storage.dtype, known.numel == storage.numel else {
                        throw WeightsError.storageMismatch(
                            path: path, key: storage.key, expected: known.numel * known.dtype.byteSize,
                            actual: storage.numel * storage.dtype.byteSize,
                            reason: "storage is declared twice with different types or sizes")
                    }
                } else {
                    found[storage.key] = storage
                }
            case .tuple(let items), .list(let items):
                pending.append(contentsOf: items)
            case .dict(let pairs):
                for pair in pairs {
                    pending.append(pair.key)
                    pending.append(pair.value)
                }
            default:
                break
            }
        }
        return found
    }
}
