/// Builds pickle byte streams by hand for tests (protocol 2 opcodes, as `torch.save` writes them).
struct PickleBuilder {
    var bytes: [UInt8] = []

    init(protocol version: UInt8? = 2) {
        if let version { bytes += [0x80, version] }
    }

    mutating func raw(_ more: [UInt8]) { bytes += more }
    mutating func mark() { bytes.append(0x28) }
    mutating func stop() { bytes.append(0x2E) }
    mutating func none() { bytes.append(0x4E) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 0x88 : 0x89) }
    mutating func emptyTuple() { bytes.append(0x29) }
    mutating func tuple() { bytes.append(0x74) }
    mutating func emptyList() { bytes.append(0x5D) }
    mutating func appends() { bytes.append(0x65) }
    mutating func emptyDict() { bytes.append(0x7D) }
    mutating func setItems() { bytes.append(0x75) }
    mutating func reduce() { bytes.append(0x52) }
    mutating func build() { bytes.append(0x62) }
    mutating func binPersID() { bytes.append(0x51) }
    mutating func binPut(_ index: UInt8) { bytes += [0x71, index] }
    mutating func binGet(_ index: UInt8) { bytes += [0x68, index] }

    mutating func int(_ value: Int) {
        if (0..<256).contains(value) {
            bytes += [0x4B, UInt8(value)]
        } else if (0..<65536).contains(value) {
            bytes += [0x4D] + littleEndian(UInt16(value))
        } else {
            bytes += [0x4A] + littleEndian(Int32(value))
        }
    }

    mutating func float(_ value: Double) {
        bytes += [0x47] + withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) }
    }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes += [0x58] + littleEndian(UInt32(utf8.count)) + utf8
    }

    mutating func global(_ module: String, _ name: String) {
        bytes += [0x63] + Array("\(module)\n\(name)\n".utf8)
    }

    /// `(a, b, ...)` of ints.
    mutating func intTuple(_ values: [Int]) {
        mark()
        for value in values { int(value) }
        tuple()
    }

    /// A `_rebuild_tensor_v2` call on a persistent storage, as legacy `torch.save` writes it.
    mutating func tensor(
        storageClass: String, key: String, numel: Int, offset: Int, shape: [Int], stride: [Int],
        view: (key: String, offset: Int, numel: Int)? = nil, location: String = "cpu"
    ) {
        global("torch._utils", "_rebuild_tensor_v2")
        mark()
        mark()
        string("storage")
        global("torch", storageClass)
        string(key)
        string(location)
        int(numel)
        if let view {
            mark()
            string(view.key)
            int(view.offset)
            int(view.numel)
            tuple()
        } else {
            none()
        }
        tuple()
        binPersID()
        int(offset)
        intTuple(shape)
        intTuple(stride)
        bool(false)
        global("collections", "OrderedDict")
        emptyTuple()
        reduce()
        tuple()
        reduce()
    }

    /// `{'model': OrderedDict(tensors...), 'step': step}` where `tensors` emits key/tensor pairs.
    static func checkpointObject(step: Int, tensors: (inout PickleBuilder) -> Void) -> [UInt8] {
        var builder = PickleBuilder()
        builder.emptyDict()
        builder.mark()
        builder.string("model")
        builder.global("collections", "OrderedDict")
        builder.emptyTuple()
        builder.reduce()
        builder.mark()
        tensors(&builder)
        builder.setItems()
        builder.string("step")
        builder.int(step)
        builder.setItems()
        builder.stop()
        return builder.bytes
    }

    /// The three header pickles of a legacy file: magic number, protocol version 1001, sys_info.
    static func legacyPreamble(littleEndian isLittle: Bool = true) -> [UInt8] {
        var result: [UInt8] = [
            0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E,
        ]
        result += [0x80, 0x02, 0x4D, 0xE9, 0x03, 0x2E]
        var info = PickleBuilder()
        info.emptyDict()
        info.mark()
        info.string("protocol_version")
        info.int(1001)
        info.string("little_endian")
        info.bool(isLittle)
        info.string("type_sizes")
        info.emptyDict()
        info.mark()
        info.string("short")
        info.int(2)
        info.string("int")
        info.int(4)
        info.string("long")
        info.int(8)
        info.setItems()
        info.setItems()
        info.stop()
        return result + info.bytes
    }

    /// A whole legacy file: preamble, object pickle, key list, then each storage as count + bytes.
    static func legacyFile(
        object: [UInt8], storages: [(key: String, count: Int, bytes: [UInt8])], littleEndian isLittle: Bool = true
    ) -> [UInt8] {
        var keys = PickleBuilder()
        keys.emptyList()
        keys.mark()
        for storage in storages { keys.string(storage.key) }
        keys.appends()
        keys.stop()
        var result = legacyPreamble(littleEndian: isLittle) + object + keys.bytes
        for storage in storages {
            result += littleEndian(Int64(storage.count)) + storage.bytes
        }
        return result
    }
}
