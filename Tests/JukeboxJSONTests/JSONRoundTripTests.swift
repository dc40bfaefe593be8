import JukeboxJSON
import Testing

@Test func parsesAProtocolMessage() throws {
    let line =
        #"{"op":"submit","id":"7","watch":true,"samples":2,"temperature":0.98,"labels":null,"artists":["a","b"]}"#
    let value = try JSONParser().parse(line)
    #expect(value["op"] == "submit")
    #expect(value["watch"] == true)
    #expect(value["samples"] == .integer(2))
    #expect(value["temperature"] == .number(0.98))
    #expect(value["labels"] == .null)
    #expect(value["labels"] != nil)  // present, holding null
    #expect(value["absent"] == nil)  // missing
    #expect(value["artists"] == ["a", "b"])
    #expect(value.objectValue?.keys == ["op", "id", "watch", "samples", "temperature", "labels", "artists"])
}

@Test func nestedValuesRoundTrip() throws {
    let value: JSONValue = [
        "type": "hello", "protocol": 1,
        "models": [["name": "5b", "levels": [0, 1, 2], "ok": true], ["name": "1b", "levels": []]],
        "empty": [:], "none": nil, "pi": 3.141592653589793, "deep": [[[["x": [nil]]]]],
    ]
    let text = value.serialized()
    #expect(text.hasPrefix(#"{"type":"hello","protocol":1,"models":[{"name":"5b","#))
    #expect(try roundTrip(value) == value)
}

@Test func scalarsAtTopLevelParse() throws {
    let parser = JSONParser()
    #expect(try parser.parse("42") == 42)
    #expect(try parser.parse("-1.5") == -1.5)
    #expect(try parser.parse("\"s\"") == "s")
    #expect(try parser.parse("true") == true)
    #expect(try parser.parse("false") == false)
    #expect(try parser.parse("null") == nil)
}

@Test func surroundingWhitespaceIsAllowed() throws {
    #expect(try JSONParser().parse(" \t{\"a\" : [ 1 , 2 ] }\r\n") == ["a": [1, 2]])
    #expect(try JSONParser().parse("7\n") == 7)
}

@Test func keyOrderIsPreservedFromTheText() throws {
    let value = try JSONParser().parse(#"{"zeta":1,"alpha":2,"mid":{"y":1,"b":2,"x":3}}"#)
    #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
    #expect(value["mid"]?.objectValue?.keys == ["y", "b", "x"])
    #expect(value.serialized() == #"{"zeta":1,"alpha":2,"mid":{"y":1,"b":2,"x":3}}"#)
}

@Test func everyInputFormParsesTheSameWay() throws {
    let text = #"{"k":[1,"v"]}"#
    let parser = JSONParser()
    let expected: JSONValue = ["k": [1, "v"]]
    #expect(try parser.parse(text) == expected)
    #expect(try parser.parse(Array(text.utf8)) == expected)
    #expect(try parser.parse(text.utf8) == expected)
    #expect(try parser.parse(AnyCollection(text.utf8)) == expected)  // no contiguous storage
    let bytes = Array(text.utf8)
    #expect(try bytes.withUnsafeBytes { try parser.parse($0) } == expected)
}

@Test func largeObjectAndArrayRoundTrip() throws {
    var object = JSONObject()
    for i in 0..<2000 { object["key\(i)"] = .array([.integer(Int64(i)), .string(String(i))]) }
    let value = JSONValue.object(object)
    let back = try roundTrip(value)
    #expect(back == value)
    #expect(back.objectValue?.keys.last == "key1999")
}

@Test func oneParserServesConcurrentTasks() async throws {
    let parser = JSONParser()
    let results = await withTaskGroup(of: JSONValue?.self) { group in
        for i in 0..<16 {
            group.addTask { try? parser.parse(#"{"id":\#(i),"v":[\#(i),"x"]}"#) }
        }
        var values: [JSONValue?] = []
        for await value in group { values.append(value) }
        return values
    }
    #expect(results.count == 16)
    #expect(Set(results.compactMap { $0?["id"]?.intValue }) == Set(0..<16))
}
