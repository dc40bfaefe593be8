/// A JSON object: unique string keys, each with a value, in insertion order.
///
/// Order is kept because the wire format is read by people and by tests that compare
/// lines; keyed lookup is a linear scan, which is faster than hashing for the dozen or so
/// keys of a protocol message. Keys are compared by their UTF-8 bytes (as JSON and json-c
/// do), not by Swift's canonical equivalence, so `"é"` and `"e\u{301}"` are different keys.
public struct JSONObject: Sendable, Equatable {
    /// One key and its value.
    public typealias Element = (key: String, value: JSONValue)

    /// The members in order; keys are unique.
    private var members: [Element]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object holding `pairs` in order.
    ///
    /// - Parameter pairs: Key-value pairs; a key must not appear twice (checked with a
    ///   precondition, as `Dictionary(uniqueKeysWithValues:)` does).
    public init(uniqueKeysWithValues pairs: some Sequence<(String, JSONValue)>) {
        members = []
        for (key, value) in pairs {
            precondition(index(forKey: key) == nil, "duplicate key \"\(key)\" in JSONObject")
            members.append((key: key, value: value))
        }
    }

    /// Builds an object from members already known to have unique keys (the parser checks this).
    init(uncheckedMembers: [Element]) {
        members = uncheckedMembers
    }

    /// The keys, in order.
    public var keys: [String] { members.map(\.key) }

    /// The values, in key order.
    public var values: [JSONValue] { members.map(\.value) }

    /// The position of `key`, or `nil` if the object does not hold it.
    public func index(forKey key: String) -> Int? {
        members.firstIndex { Self.sameKey($0.key, key) }
    }

    /// The value stored under `key`.
    ///
    /// Reading returns `nil` for a missing key. Writing a value replaces it in place (keeping
    /// the key's position) or appends the key at the end; writing `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { index(forKey: key).map { members[$0].value } }
        set {
            switch (index(forKey: key), newValue) {
            case (let i?, let value?): members[i].value = value
            case (let i?, nil): members.remove(at: i)
            case (nil, let value?): members.append((key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Removes `key` and returns its value, or returns `nil` if the object does not hold it.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(forKey: key) else { return nil }
        return members.remove(at: i).value
    }

    /// Two objects are equal when they hold the same keys in the same order with equal values.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { sameKey($0.key, $1.key) && $0.value == $1.value }
    }

    /// Keys match when their UTF-8 bytes match.
    static func sameKey(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}

extension JSONObject: RandomAccessCollection {
    /// The position of the first member (always 0).
    public var startIndex: Int { 0 }
    /// One past the position of the last member (the member count).
    public var endIndex: Int { members.count }
    /// The member at `position`, which must be in `0..<count`.
    public subscript(position: Int) -> Element { members[position] }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object with the literal's members in the order written; a repeated key is a
    /// programmer error (precondition).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(uniqueKeysWithValues: elements)
    }
}
