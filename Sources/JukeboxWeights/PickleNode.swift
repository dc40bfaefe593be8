/// An object on the pickle machine's stack or in its memo.
///
/// Lists and dicts are reference boxes because pickles mutate them after memoizing them (`BINPUT` then
/// `SETITEMS`); everything is frozen into a ``PickleValue`` when the pickle stops.
enum PickleNode {
    /// An immutable value (scalar, string, tensor, opaque placeholder).
    case value(PickleValue)
    /// A tuple; its elements may still be mutable boxes.
    case tuple([PickleNode])
    /// A list.
    case list(PickleListBox)
    /// A dict or OrderedDict.
    case dict(PickleDictBox)
    /// An allowed global, with its dotted name for messages.
    case global(PickleGlobal, String)
    /// A storage produced by a persistent id.
    case storage(TorchStorageRef)

    /// A short description for error messages.
    var kind: String {
        switch self {
        case .value(let value):
            switch value {
            case .none: "None"
            case .bool: "bool"
            case .int, .bigInt: "int"
            case .float: "float"
            case .string: "str"
            case .bytes: "bytes"
            case .tensor: "tensor"
            case .opaque(let what): what
            case .tuple, .list, .dict: "container"
            }
        case .tuple: "tuple"
        case .list: "list"
        case .dict: "dict"
        case .global(_, let name): name
        case .storage: "storage"
        }
    }

    /// The elements if this is a tuple.
    var tupleItems: [PickleNode]? {
        if case .tuple(let items) = self { return items }
        return nil
    }

    /// The value if this is an immutable leaf.
    var leaf: PickleValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// A mutable Python list during unpickling.
final class PickleListBox {
    var items: [PickleNode] = []
}

/// Every mutable box one pickle run created, so that all of them can be emptied when the run ends: a hostile
/// pickle can make a list contain itself, and such reference cycles would otherwise leak.
final class PickleArena {
    private var lists: [PickleListBox] = []
    private var dicts: [PickleDictBox] = []

    func newList() -> PickleListBox {
        let box = PickleListBox()
        lists.append(box)
        return box
    }

    func newDict() -> PickleDictBox {
        let box = PickleDictBox()
        dicts.append(box)
        return box
    }

    /// Empties every box, breaking any cycles; frozen values are copies and stay valid.
    func releaseAll() {
        for box in lists { box.items = [] }
        for box in dicts { box.removeAll() }
        lists = []
        dicts = []
    }
}

/// A mutable Python dict during unpickling; insertion order is kept and a repeated key replaces the value.
final class PickleDictBox {
    private(set) var keys: [PickleNode] = []
    private(set) var values: [PickleNode] = []
    private var stringIndex: [String: Int] = [:]
    private var intIndex: [Int64: Int] = [:]

    /// Drops every entry.
    func removeAll() {
        keys = []
        values = []
        stringIndex = [:]
        intIndex = [:]
    }

    /// Sets `key` to `value` with Python semantics. Only hashable immutable keys are accepted.
    func set(_ key: PickleNode, _ value: PickleNode) -> Bool {
        switch key {
        case .value(.string(let text)):
            if let slot = stringIndex[text] {
                values[slot] = value
                return true
            }
            stringIndex[text] = keys.count
        case .value(.int(let number)):
            if let slot = intIndex[number] {
                values[slot] = value
                return true
            }
            intIndex[number] = keys.count
        case .value(.none), .value(.bool), .value(.float), .value(.bytes), .value(.bigInt), .tuple:
            break
        default:
            return false
        }
        keys.append(key)
        values.append(value)
        return true
    }
}

/// Freezes nodes into values, rejecting cycles, absurd nesting and exponential sharing ("billion laughs").
struct PickleFreezer {
    static let maxDepth = 500
    private var inProgress = Set<ObjectIdentifier>()
    /// How many more nodes may be produced.
    private var budget: Int

    /// Why freezing failed.
    enum Failure: Error {
        case cycle
        case tooDeep
        case tooLarge
    }

    /// A freezer that produces at most `budget` nodes.
    init(budget: Int) {
        self.budget = budget
    }

    mutating func freeze(_ node: PickleNode, depth: Int = 0) throws(Failure) -> PickleValue {
        guard depth < PickleFreezer.maxDepth else { throw .tooDeep }
        budget -= 1
        guard budget >= 0 else { throw .tooLarge }
        switch node {
        case .value(let value):
            return value
        case .tuple(let items):
            var result: [PickleValue] = []
            result.reserveCapacity(items.count)
            for item in items { result.append(try freeze(item, depth: depth + 1)) }
            return .tuple(result)
        case .list(let box):
            let id = ObjectIdentifier(box)
            guard inProgress.insert(id).inserted else { throw .cycle }
            defer { inProgress.remove(id) }
            var result: [PickleValue] = []
            result.reserveCapacity(box.items.count)
            for item in box.items { result.append(try freeze(item, depth: depth + 1)) }
            return .list(result)
        case .dict(let box):
            let id = ObjectIdentifier(box)
            guard inProgress.insert(id).inserted else { throw .cycle }
            defer { inProgress.remove(id) }
            var result: [PickleValue.Pair] = []
            result.reserveCapacity(box.keys.count)
            for (key, value) in zip(box.keys, box.values) {
                result.append(
                    PickleValue.Pair(key: try freeze(key, depth: depth + 1), value: try freeze(value, depth: depth + 1))
                )
            }
            return .dict(result)
        case .global(_, let name):
            return .opaque(name)
        case .storage(let storage):
            return .opaque("storage \(storage.key)")
        }
    }
}
