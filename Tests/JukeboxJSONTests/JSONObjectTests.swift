import JukeboxJSON
import Testing

@Test func objectKeepsInsertionOrder() {
    var object: JSONObject = ["z": 1, "a": 2, "m": 3]
    object["b"] = 4
    #expect(object.keys == ["z", "a", "m", "b"])
    #expect(object.values == [1, 2, 3, 4])
}

@Test func replacingAValueKeepsItsPosition() {
    var object: JSONObject = ["z": 1, "a": 2]
    object["z"] = 9
    #expect(object.keys == ["z", "a"])
    #expect(object["z"] == 9)
}

@Test func removeValueReturnsTheOldValue() {
    var object: JSONObject = ["z": 1, "a": 2]
    #expect(object.removeValue(forKey: "z") == 1)
    #expect(object.removeValue(forKey: "z") == nil)
    #expect(object.keys == ["a"])
}

@Test func equalityIsOrderSensitive() {
    let ab: JSONObject = ["a": 1, "b": 2]
    let ba: JSONObject = ["b": 2, "a": 1]
    #expect(ab != ba)
    #expect(ab == ["a": 1, "b": 2])
    #expect(ab != ["a": 1, "b": 3])
    #expect(ab != ["a": 1])
}

@Test func keysCompareByBytesNotCanonicalEquivalence() {
    let object: JSONObject = ["\u{E9}": 1, "e\u{301}": 2]
    #expect(object.count == 2)
    #expect(object["\u{E9}"] == 1)
    #expect(object["e\u{301}"] == 2)
}

@Test func collectionAccessYieldsPairsInOrder() {
    let object: JSONObject = ["x": true, "y": false]
    #expect(object.count == 2)
    #expect(object[0].key == "x")
    #expect(object[1].value == false)
    #expect(object.map(\.key) == ["x", "y"])
}
