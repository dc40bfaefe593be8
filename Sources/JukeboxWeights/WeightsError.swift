import JukeboxTensor

/// Everything that can go wrong while reading or writing a weight file.
///
/// Every case names the file (`path`) and, where one is involved, the tensor, so that a user can tell which
/// download is damaged. Offsets are byte offsets from the start of the file (or of the pickle stream, where
/// noted).
public enum WeightsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or inspected; `reason` is the C library's message (`strerror`).
    /// Check that the path exists and is readable.
    case cannotOpen(path: String, reason: String)

    /// `mmap` refused to map the file; `reason` is the C library's message.
    case cannotMap(path: String, reason: String)

    /// A read of `count` bytes at `offset` would run past the end of a file (or region) of `size` bytes.
    /// Usually the file is truncated: download it again.
    case outOfBounds(path: String, offset: Int, count: Int, size: Int)

    /// The safetensors header length in the first 8 bytes is impossible: larger than the cap `limit` or than
    /// the `available` bytes after the length field.
    case headerLength(path: String, declared: UInt64, available: Int, limit: Int)

    /// The safetensors JSON header does not parse or does not have the expected structure.
    case invalidHeader(path: String, reason: String)

    /// The same tensor name appears twice (in a safetensors header, a writer's list or a state dict).
    case duplicateTensor(path: String, tensor: String)

    /// A tensor's dtype string is not one this reader knows (`F32 F16 BF16 F64 I64 I32 I16 I8 U8 BOOL`, or a
    /// torch storage type).
    case unknownDType(path: String, tensor: String, dtype: String)

    /// A tensor's entry is malformed (bad shape, missing field, overflowing size); `reason` says which part.
    case invalidTensor(path: String, tensor: String, reason: String)

    /// A tensor's data offsets `begin..<end` are reversed or lie outside the data section of `dataSize` bytes.
    case offsetsOutOfRange(path: String, tensor: String, begin: UInt64, end: UInt64, dataSize: Int)

    /// A tensor's byte count disagrees with `product(shape) * dtype size`.
    case byteCountMismatch(path: String, tensor: String, expected: Int, actual: Int)

    /// A tensor name was asked for that the file does not contain.
    case tensorNotFound(path: String, tensor: String)

    /// A tensor's data cannot be converted to the requested element type (e.g. `floats()` on an int64 tensor).
    case unsupportedConversion(tensor: String, dtype: DType, to: String)

    /// The pickle stream contains an opcode this restricted interpreter does not implement.
    /// `offset` counts from the start of the pickle.
    case unknownOpcode(path: String, offset: Int, opcode: UInt8)

    /// The pickle asks for a Python global outside the allow-list (e.g. `os.system`, `builtins.eval`).
    /// Nothing is ever executed; the file is rejected. `offset` counts from the start of the pickle.
    case forbiddenGlobal(path: String, module: String, name: String, offset: Int)

    /// The pickle stream is structurally broken (stack underflow, missing MARK, bad memo index, wrong argument
    /// types, ...). `offset` counts from the start of the pickle.
    case malformedPickle(path: String, offset: Int, reason: String)

    /// The file is not a PyTorch checkpoint in a format this reader understands; `reason` says what was found.
    case notACheckpoint(path: String, reason: String)

    /// The checkpoint has no state dict where one was expected (e.g. no `model` entry holding tensors).
    case stateDictNotFound(path: String, reason: String)

    /// A tensor references a storage key that the file does not contain.
    case missingStorage(path: String, key: String)

    /// A storage's recorded size disagrees with what the pickle declared or with the bytes present.
    /// `expected` and `actual` are in bytes unless `reason` says otherwise.
    case storageMismatch(path: String, key: String, expected: Int, actual: Int, reason: String)

    /// A tensor's view (storage offset, shape, stride) reaches outside its storage or is otherwise invalid.
    case invalidView(path: String, tensor: String, reason: String)

    /// The ZIP container is malformed (no end-of-central-directory record, bad signature, bad sizes).
    case invalidZip(path: String, reason: String)

    /// A ZIP entry is compressed (`method` ≠ 0); PyTorch stores entries uncompressed. Re-save the
    /// checkpoint with `torch.save` or unzip and re-store it without compression.
    case compressedZipEntry(path: String, entry: String, method: UInt16)

    /// A ZIP entry that a PyTorch archive must contain is missing.
    case missingZipEntry(path: String, entry: String)

    /// Writing an output file failed; `reason` is the C library's message. Nothing was left at `path`.
    case writeFailed(path: String, reason: String)

    /// A human-readable description of the error, naming the file and tensor.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        case .cannotMap(let path, let reason): "cannot map \(path): \(reason)"
        case .outOfBounds(let path, let offset, let count, let size):
            "\(path): read of \(count) bytes at offset \(offset) runs past the end (\(size) bytes); "
                + "the file is probably truncated"
        case .headerLength(let path, let declared, let available, let limit):
            "\(path): safetensors header length \(declared) is impossible (\(available) bytes follow, cap \(limit))"
        case .invalidHeader(let path, let reason): "\(path): invalid safetensors header: \(reason)"
        case .duplicateTensor(let path, let tensor): "\(path): tensor '\(tensor)' appears twice"
        case .unknownDType(let path, let tensor, let dtype): "\(path): tensor '\(tensor)' has unknown dtype '\(dtype)'"
        case .invalidTensor(let path, let tensor, let reason): "\(path): tensor '\(tensor)': \(reason)"
        case .offsetsOutOfRange(let path, let tensor, let begin, let end, let dataSize):
            "\(path): tensor '\(tensor)' data offsets [\(begin), \(end)) outside the data section (\(dataSize) bytes)"
        case .byteCountMismatch(let path, let tensor, let expected, let actual):
            "\(path): tensor '\(tensor)' should have \(expected) bytes but has \(actual)"
        case .tensorNotFound(let path, let tensor): "\(path): no tensor named '\(tensor)'"
        case .unsupportedConversion(let tensor, let dtype, let to): "tensor '\(tensor)' of \(dtype) cannot become \(to)"
        case .unknownOpcode(let path, let offset, let opcode):
            "\(path): unknown pickle opcode 0x\(String(opcode, radix: 16)) at pickle offset \(offset)"
        case .forbiddenGlobal(let path, let module, let name, let offset):
            "\(path): pickle refers to forbidden global \(module).\(name) at pickle offset \(offset); refusing to load"
        case .malformedPickle(let path, let offset, let reason):
            "\(path): malformed pickle at offset \(offset): \(reason)"
        case .notACheckpoint(let path, let reason): "\(path): not a PyTorch checkpoint: \(reason)"
        case .stateDictNotFound(let path, let reason): "\(path): no state dict: \(reason)"
        case .missingStorage(let path, let key): "\(path): storage '\(key)' is missing"
        case .storageMismatch(let path, let key, let expected, let actual, let reason):
            "\(path): storage '\(key)': \(reason) (expected \(expected), found \(actual))"
        case .invalidView(let path, let tensor, let reason):
            "\(path): tensor '\(tensor)' has an invalid view: \(reason)"
        case .invalidZip(let path, let reason): "\(path): invalid zip archive: \(reason)"
        case .compressedZipEntry(let path, let entry, let method):
            "\(path): zip entry '\(entry)' is compressed (method \(method)); only stored entries are supported"
        case .missingZipEntry(let path, let entry): "\(path): zip entry '\(entry)' is missing"
        case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
