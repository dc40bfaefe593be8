import JukeboxTensor

/// What REDUCE, NEWOBJ and BINPERSID mean for the allowed globals. Every "call" is a data transformation written
/// here in Swift; no Python callable is ever looked up.
extension PickleMachine {
    /// Applies an allowed global to its arguments.
    func call(_ callable: PickleNode, _ arguments: [PickleNode]) throws -> PickleNode {
        switch callable {
        case .global(let global, let name):
            switch global {
            case .orderedDict: return try makeOrderedDict(arguments)
            case .rebuildTensorV2:
                guard arguments.count == 6 || arguments.count == 7 else {
                    throw malformed("_rebuild_tensor_v2 takes 6 or 7 arguments, got \(arguments.count)")
                }
                return try rebuildTensor(arguments, requiresGrad: arguments[4].leaf?.boolValue ?? false)
            case .rebuildTensor:
                guard arguments.count == 4 else {
                    throw malformed("_rebuild_tensor takes 4 arguments, got \(arguments.count)")
                }
                return try rebuildTensor(arguments, requiresGrad: false)
            case .rebuildParameter:
                guard arguments.count == 3 || arguments.count == 4, case .value(.tensor) = arguments[0] else {
                    throw malformed("_rebuild_parameter needs a tensor as its first argument")
                }
                return arguments[0]
            case .codecsEncode: return try encodeText(arguments)
            case .opaqueData(let what): return .value(.opaque(what))
            case .storageType: throw malformed("\(name) cannot be called in a state dict")
            }
        case .value(.opaque(let what)):
            return .value(.opaque(what))
        default:
            throw malformed("a \(callable.kind) is not callable")
        }
    }

    /// `OrderedDict()` or `OrderedDict([(key, value), ...])`.
    private func makeOrderedDict(_ arguments: [PickleNode]) throws -> PickleNode {
        let box = arena.newDict()
        if arguments.isEmpty { return .dict(box) }
        guard arguments.count == 1 else { throw malformed("OrderedDict takes at most one argument") }
        let pairs: [PickleNode]
        switch arguments[0] {
        case .list(let list): pairs = list.items
        case .tuple(let items): pairs = items
        default: throw malformed("OrderedDict argument is a \(arguments[0].kind)")
        }
        for pair in pairs {
            guard let items = pair.tupleItems, items.count == 2 else {
                throw malformed("OrderedDict items must be pairs")
            }
            guard box.set(items[0], items[1]) else { throw malformed("unhashable OrderedDict key") }
        }
        return .dict(box)
    }

    /// `_rebuild_tensor[_v2](storage, storage_offset, size, stride, ...)`: checks the view's arithmetic and
    /// returns a tensor reference. Whether it fits the stored bytes is checked when the tensor is read.
    private func rebuildTensor(_ arguments: [PickleNode], requiresGrad: Bool) throws -> PickleNode {
        guard case .storage(let storage) = arguments[0] else {
            throw malformed("tensor storage is a \(arguments[0].kind), not a persistent storage")
        }
        guard let offset = arguments[1].leaf?.intValue, let storageOffset = Int(exactly: offset), storageOffset >= 0
        else { throw malformed("tensor storage offset is not a non-negative int") }
        let shape = try intTuple(arguments[2], what: "size")
        let stride = try intTuple(arguments[3], what: "stride")
        guard shape.count == stride.count else {
            throw malformed("size has \(shape.count) dimensions but stride has \(stride.count)")
        }
        var elements = 1
        for size in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow else { throw malformed("tensor size \(shape) overflows") }
            elements = product
        }
        let reference = TorchTensorRef(
            storage: storage, storageOffset: storageOffset, shape: shape, stride: stride, requiresGrad: requiresGrad)
        return .value(.tensor(reference))
    }

    private func intTuple(_ node: PickleNode, what: String) throws -> [Int] {
        guard let items = node.tupleItems else { throw malformed("tensor \(what) is a \(node.kind), not a tuple") }
        return try items.map { item in
            guard let value = item.leaf?.intValue, case .value(.int) = item, let int = Int(exactly: value), int >= 0,
                int <= Int(Int32.max) * 1024
            else { throw malformed("tensor \(what) holds a bad entry (\(item.kind))") }
            return int
        }
    }

    /// `_codecs.encode(text, encoding)` for the encodings pickle uses for `bytes`.
    private func encodeText(_ arguments: [PickleNode]) throws -> PickleNode {
        guard arguments.count == 2, case .value(.string(let text)) = arguments[0],
            case .value(.string(let encoding)) = arguments[1]
        else { throw malformed("_codecs.encode needs (str, str)") }
        switch encoding.lowercased() {
        case "latin1", "latin-1", "iso-8859-1":
            var result: [UInt8] = []
            for scalar in text.unicodeScalars {
                guard scalar.value <= 0xFF else { throw malformed("character beyond latin-1 in encoded bytes") }
                result.append(UInt8(scalar.value))
            }
            return .value(.bytes(result))
        case "utf-8", "utf8":
            return .value(.bytes(Array(text.utf8)))
        default:
            throw malformed("unsupported encoding '\(encoding)'")
        }
    }

    /// BINPERSID: PyTorch's `('storage', storage_type, key, location, numel[, view_metadata])`.
    func persistentLoad(_ pid: PickleNode) throws -> PickleNode {
        guard let items = pid.tupleItems, items.count == 5 || items.count == 6,
            case .value(.string("storage")) = items[0]
        else { throw malformed("persistent id is not a ('storage', ...) tuple") }
        guard case .global(.storageType(let dtype), _) = items[1] else {
            throw malformed("persistent id names a \(items[1].kind), not a storage type")
        }
        guard case .value(.string(let key)) = items[2] else { throw malformed("storage key is not a string") }
        guard case .value(.string(let location)) = items[3] else { throw malformed("storage location is not a string") }
        guard let count = items[4].leaf?.intValue, let numel = Int(exactly: count), numel >= 0 else {
            throw malformed("storage size is not a non-negative int")
        }
        var viewOffset = 0
        var viewNumel = numel
        if items.count == 6 {
            switch items[5] {
            case .value(.none):
                break
            case .tuple(let view):
                // Legacy storage view: (view_key, element_offset, view_numel) inside the root storage `key`.
                guard view.count == 3, case .value(.string) = view[0], let offset = view[1].leaf?.intValue,
                    let size = view[2].leaf?.intValue, let start = Int(exactly: offset),
                    let length = Int(exactly: size),
                    start >= 0, length >= 0, start <= numel, length <= numel - start
                else { throw malformed("storage view metadata of '\(key)' is invalid") }
                viewOffset = start
                viewNumel = length
            default:
                throw malformed("storage view metadata is a \(items[5].kind)")
            }
        }
        return .storage(
            TorchStorageRef(
                key: key, dtype: dtype, numel: numel, location: location, viewOffset: viewOffset, viewNumel: viewNumel))
    }
}
