import JukeboxJSON
import Testing

@Test func literalsBuildTheExpectedCases() {
    let value: JSONValue = [
        "null": nil, "flag": true, "count": 3, "ratio": 0.5, "name": "x\(1 + 1)",
        "list": [1, "two"], "nested": ["k": false],
    ]
    let expected = JSONValue.object(
        JSONObject(uniqueKeysWithValues: [
            ("null", .null), ("flag", .bool(true)), ("count", .integer(3)), ("ratio", .number(0.5)),
            ("name", .string("x2")), ("list", .array([.integer(1), .string("two")])),
            ("nested", .object(JSONObject(uniqueKeysWithValues: [("k", .bool(false))]))),
        ]))
    #expect(value == expected)
}

@Test func plainInitialisers() {
    #expect(JSONValue(7) == .integer(7))
    #expect(JSONValue(Int64.max) == .integer(.max))
    #expect(JSONValue(2.5) == .number(2.5))
    #expect(JSONValue("s") == .string("s"))
    #expect(JSONValue(false) == .bool(false))
    #expect(JSONValue([JSONValue(1)]) == .array([.integer(1)]))
}

@Test func integerAndNumberAreDistinctCases() {
    #expect(JSONValue.integer(1) != .number(1.0))
}

@Test func accessorsReturnNilForOtherKinds() {
    let s: JSONValue = "text"
    #expect(s.stringValue == "text")
    #expect(s.intValue == nil)
    #expect(s.doubleValue == nil)
    #expect(s.boolValue == nil)
    #expect(s.arrayValue == nil)
    #expect(s.objectValue == nil)
    #expect(s["key"] == nil)
    #expect(s[0] == nil)
    #expect(!s.isNull)
    #expect(JSONValue.null.isNull)
    #expect(JSONValue.bool(true).boolValue == true)
}

@Test func intValueAcceptsOnlyExactIntegers() {
    #expect(JSONValue.integer(-5).intValue == -5)
    #expect(JSONValue.number(3.0).intValue == 3)
    #expect(JSONValue.number(3.5).intValue == nil)
    #expect(JSONValue.number(1e300).intValue == nil)
    #expect(JSONValue.number(.nan).intValue == nil)
    #expect(JSONValue.number(-0.0).int64Value == 0)
    #expect(JSONValue.integer(.min).int64Value == .min)
}

@Test func doubleValueAcceptsOnlyExactConversions() {
    #expect(JSONValue.number(0.1).doubleValue == 0.1)
    #expect(JSONValue.integer(42).doubleValue == 42)
    #expect(JSONValue.integer(1 << 53).doubleValue == 9_007_199_254_740_992)
    #expect(JSONValue.integer((1 << 53) + 1).doubleValue == nil)
}

@Test func subscriptsReadObjectsAndArrays() {
    let value: JSONValue = ["a": ["b": [10, 20]]]
    #expect(value["a"]?["b"]?[1] == 20)
    #expect(value["a"]?["b"]?[2] == nil)
    #expect(value["a"]?["b"]?[-1] == nil)
    #expect(value["missing"] == nil)
}

@Test func subscriptSetterReplacesAppendsAndRemoves() {
    var value: JSONValue = ["a": 1, "b": 2]
    value["a"] = "one"
    value["c"] = 3
    value["b"] = nil
    #expect(value == ["a": "one", "c": 3])
    #expect(value.objectValue?.keys == ["a", "c"])
}

@Test func descriptionIsTheSerialisedText() {
    let value: JSONValue = ["a": [1, 2.5, nil]]
    #expect(value.description == #"{"a":[1,2.5,null]}"#)
}
