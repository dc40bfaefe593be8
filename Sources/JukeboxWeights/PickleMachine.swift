/// A restricted pickle interpreter: it understands the data-only subset of the pickle language that
/// `torch.save` produces for state dicts and never executes anything.
///
/// Globals outside ``PickleGlobal``'s allow-list, unknown opcodes and malformed streams are errors. Persistent
/// ids are accepted only in PyTorch's storage form and become ``TorchStorageRef``s; `_rebuild_tensor_v2` calls
/// become ``PickleValue/tensor(_:)`` references.
public struct PickleMachine {
    /// Label used in errors (usually the file path).
    let source: String
    /// The pickle bytes, starting at the first opcode.
    let bytes: UnsafeRawBufferPointer
    /// Offset of the next byte to read.
    var position = 0
    /// Offset of the opcode being executed (for errors).
    var opcodeOffset = 0
    var stack: [PickleNode] = []
    /// Stack heights at each MARK.
    var marks: [Int] = []
    var memo: [Int: PickleNode] = [:]
    /// Owner of every list and dict box, emptied when the run ends.
    let arena = PickleArena()

    /// Runs one pickle (up to and including its STOP opcode) and returns the object it builds.
    ///
    /// - Parameters:
    ///   - bytes: buffer starting at the pickle's first byte; it may continue past the STOP opcode.
    ///   - source: label for errors, usually the file path.
    /// - Returns: the decoded value and the number of bytes the pickle occupied.
    /// - Throws: ``WeightsError/unknownOpcode(path:offset:opcode:)``,
    ///   ``WeightsError/forbiddenGlobal(path:module:name:offset:)`` or
    ///   ``WeightsError/malformedPickle(path:offset:reason:)`` (truncation included).
    public static func evaluate(_ bytes: UnsafeRawBufferPointer, source: String) throws -> (
        value: PickleValue, byteCount: Int
    ) {
        var machine = PickleMachine(source: source, bytes: bytes)
        defer { machine.arena.releaseAll() }
        let node = try machine.run()
        var freezer = PickleFreezer(budget: max(1_000_000, 16 * machine.position))
        do {
            return (try freezer.freeze(node), machine.position)
        } catch .cycle {
            throw WeightsError.malformedPickle(path: source, offset: machine.position, reason: "object contains itself")
        } catch .tooDeep {
            throw WeightsError.malformedPickle(path: source, offset: machine.position, reason: "nesting too deep")
        } catch .tooLarge {
            throw WeightsError.malformedPickle(
                path: source, offset: machine.position, reason: "object expands too much")
        }
    }

    /// Runs one pickle held in an array.
    ///
    /// - Throws: as the buffer variant of `evaluate`.
    public static func evaluate(_ bytes: [UInt8], source: String = "<memory>") throws -> PickleValue {
        try bytes.withUnsafeBytes { try evaluate($0, source: source).value }
    }

    init(source: String, bytes: UnsafeRawBufferPointer) {
        self.source = source
        self.bytes = bytes
    }

    // MARK: Errors and reading

    func malformed(_ reason: String) -> WeightsError {
        .malformedPickle(path: source, offset: opcodeOffset, reason: reason)
    }

    mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - position else {
            throw malformed("unexpected end of data (needs \(count) more bytes, \(bytes.count - position) left)")
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func readByte() throws -> UInt8 { try take(1)[0] }

    mutating func readLE<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        T(littleEndian: try take(MemoryLayout<T>.size).loadUnaligned(as: T.self))
    }

    /// A length field converted to Int, rejecting values larger than what is left.
    mutating func readLength<T: FixedWidthInteger>(_ type: T.Type) throws -> Int {
        let raw = try readLE(type)
        guard raw >= 0, let length = Int(exactly: raw), length <= bytes.count - position else {
            throw malformed("length \(raw) runs past the end of the data")
        }
        return length
    }

    /// A `\n`-terminated line (without the newline), at most 256 bytes, as text.
    mutating func readLine() throws -> String {
        var end = position
        while end < bytes.count, bytes[end] != 0x0A {
            end += 1
            guard end - position <= 256 else { throw malformed("text argument longer than 256 bytes") }
        }
        guard end < bytes.count else { throw malformed("unexpected end of data in a text argument") }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
        position = end + 1
        return text
    }

    mutating func readUTF8(_ count: Int) throws -> String {
        let raw = try take(count)
        guard let text = String(validating: raw, as: UTF8.self) else { throw malformed("string is not valid UTF-8") }
        return text
    }

    /// Python 2 `str` payloads: UTF-8 when valid, otherwise latin-1.
    mutating func readLegacyString(_ count: Int) throws -> String {
        let raw = try take(count)
        if let text = String(validating: raw, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
    }

    // MARK: Stack

    mutating func pop() throws -> PickleNode {
        if let floor = marks.last, stack.count <= floor { throw malformed("pop below a MARK") }
        guard let top = stack.popLast() else { throw malformed("stack underflow") }
        return top
    }

    mutating func popToMark() throws -> [PickleNode] {
        guard let floor = marks.popLast() else { throw malformed("no MARK on the stack") }
        let items = Array(stack[floor...])
        stack.removeSubrange(floor...)
        return items
    }

    func top() throws -> PickleNode {
        if let floor = marks.last, stack.count <= floor { throw malformed("no object above the MARK") }
        guard let last = stack.last else { throw malformed("stack underflow") }
        return last
    }

    func memoGet(_ index: Int) throws -> PickleNode {
        guard let node = memo[index] else { throw malformed("memo entry \(index) is not defined") }
        return node
    }

    mutating func memoPut(_ index: Int) throws {
        memo[index] = try top()
    }

    // MARK: Main loop

    mutating func run() throws -> PickleNode {
        while true {
            opcodeOffset = position
            let byte = try readByte()
            guard let opcode = PickleOpcode(rawValue: byte) else {
                throw WeightsError.unknownOpcode(path: source, offset: opcodeOffset, opcode: byte)
            }
            if opcode == .stop {
                guard marks.isEmpty else { throw malformed("STOP with an open MARK") }
                guard stack.count == 1 else { throw malformed("STOP with \(stack.count) objects on the stack") }
                return stack[0]
            }
            try execute(opcode)
        }
    }

    mutating func execute(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .stop: break
        case .proto:
            let version = try readByte()
            guard version <= 5 else { throw malformed("unsupported pickle protocol \(version)") }
        case .frame: _ = try readLE(UInt64.self)
        case .mark: marks.append(stack.count)
        case .pop: _ = try pop()
        case .popMark: _ = try popToMark()
        case .dup: stack.append(try top())
        case .none: stack.append(.value(.none))
        case .newTrue: stack.append(.value(.bool(true)))
        case .newFalse: stack.append(.value(.bool(false)))
        case .binInt: stack.append(.value(.int(Int64(try readLE(Int32.self)))))
        case .binInt1: stack.append(.value(.int(Int64(try readByte()))))
        case .binInt2: stack.append(.value(.int(Int64(try readLE(UInt16.self)))))
        case .long1: stack.append(.value(PickleMachine.decodeLong(Array(try take(Int(try readByte()))))))
        case .long4: stack.append(.value(PickleMachine.decodeLong(Array(try take(try readLength(Int32.self))))))
        case .binFloat:
            stack.append(
                .value(.float(Double(bitPattern: UInt64(bigEndian: try take(8).loadUnaligned(as: UInt64.self))))))
        case .binUnicode: stack.append(.value(.string(try readUTF8(try readLength(UInt32.self)))))
        case .shortBinUnicode: stack.append(.value(.string(try readUTF8(Int(try readByte())))))
        case .binUnicode8: stack.append(.value(.string(try readUTF8(try readLength(UInt64.self)))))
        case .binString: stack.append(.value(.string(try readLegacyString(try readLength(Int32.self)))))
        case .shortBinString: stack.append(.value(.string(try readLegacyString(Int(try readByte())))))
        case .binBytes: stack.append(.value(.bytes(Array(try take(try readLength(UInt32.self))))))
        case .shortBinBytes: stack.append(.value(.bytes(Array(try take(Int(try readByte()))))))
        case .binBytes8: stack.append(.value(.bytes(Array(try take(try readLength(UInt64.self))))))
        case .emptyTuple: stack.append(.tuple([]))
        case .tuple: stack.append(.tuple(try popToMark()))
        case .tuple1:
            let a = try pop()
            stack.append(.tuple([a]))
        case .tuple2:
            let b = try pop()
            let a = try pop()
            stack.append(.tuple([a, b]))
        case .tuple3:
            let c = try pop()
            let b = try pop()
            let a = try pop()
            stack.append(.tuple([a, b, c]))
        case .emptyList: stack.append(.list(arena.newList()))
        case .list:
            let box = arena.newList()
            box.items = try popToMark()
            stack.append(.list(box))
        case .append:
            let item = try pop()
            try appendItems([item])
        case .appends: try appendItems(try popToMark())
        case .emptyDict: stack.append(.dict(arena.newDict()))
        case .dict:
            let box = arena.newDict()
            try setItems(try popToMark(), into: box)
            stack.append(.dict(box))
        case .setItem:
            let value = try pop()
            let key = try pop()
            try setItems([key, value], into: try dictOnTop())
        case .setItems:
            let items = try popToMark()
            try setItems(items, into: try dictOnTop())
        case .global:
            let module = try readLine()
            let name = try readLine()
            stack.append(try resolveGlobal(module: module, name: name))
        case .stackGlobal:
            let name = try pop()
            let module = try pop()
            guard case .value(.string(let nameText)) = name, case .value(.string(let moduleText)) = module else {
                throw malformed("STACK_GLOBAL needs two strings")
            }
            stack.append(try resolveGlobal(module: moduleText, name: nameText))
        case .reduce, .newObj:
            let arguments = try pop()
            let callable = try pop()
            guard let items = arguments.tupleItems else { throw malformed("call arguments are not a tuple") }
            stack.append(try call(callable, items))
        case .build:
            _ = try pop()  // The state (e.g. a state dict's `_metadata`) is not needed and never applied.
            _ = try top()
        case .put: try memoPut(try decimal(try readLine()))
        case .binPut: try memoPut(Int(try readByte()))
        case .longBinPut: try memoPut(Int(try readLE(UInt32.self)))
        case .memoize: try memoPut(memo.count)
        case .get: stack.append(try memoGet(try decimal(try readLine())))
        case .binGet: stack.append(try memoGet(Int(try readByte())))
        case .longBinGet: stack.append(try memoGet(Int(try readLE(UInt32.self))))
        case .persistentID: throw malformed("text persistent ids are not used by torch.save")
        case .binPersistentID: stack.append(try persistentLoad(try pop()))
        }
    }

    func decimal(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw malformed("bad memo index '\(text)'") }
        return value
    }

    mutating func appendItems(_ items: [PickleNode]) throws {
        guard case .list(let box) = try top() else { throw malformed("APPEND to a \(try top().kind)") }
        box.items.append(contentsOf: items)
    }

    func dictOnTop() throws -> PickleDictBox {
        guard case .dict(let box) = try top() else { throw malformed("SETITEM on a \(try top().kind)") }
        return box
    }

    func setItems(_ items: [PickleNode], into box: PickleDictBox) throws {
        guard items.count % 2 == 0 else { throw malformed("odd number of items for a dict") }
        for index in stride(from: 0, to: items.count, by: 2) {
            guard box.set(items[index], items[index + 1]) else {
                throw malformed("unhashable dict key of type \(items[index].kind)")
            }
        }
    }

    func resolveGlobal(module: String, name: String) throws -> PickleNode {
        guard let global = PickleGlobal.resolve(module: module, name: name) else {
            throw WeightsError.forbiddenGlobal(path: source, module: module, name: name, offset: opcodeOffset)
        }
        return .global(global, "\(module).\(name)")
    }

    /// Decodes pickle's little-endian two's complement integer bytes.
    static func decodeLong(_ raw: [UInt8]) -> PickleValue {
        if raw.isEmpty { return .int(0) }
        guard raw.count <= 8 else { return .bigInt(raw) }
        var value: UInt64 = 0
        for (index, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        if raw.count < 8, raw[raw.count - 1] & 0x80 != 0 {
            value |= ~UInt64(0) << (8 * UInt64(raw.count))
        }
        return .int(Int64(bitPattern: value))
    }
}
