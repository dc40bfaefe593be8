import CJSONC

/// Copies a json-c object tree into a ``JSONValue``, checking each object's member count
/// against the strict pass to catch keys that json-c merged.
///
/// Objects are visited in pre-order, which is the order of their `{` in the text because
/// json-c keeps array elements and object keys in the order it read them. An object with a
/// repeated key has fewer members than the text wrote, and it is visited before anything
/// inside it, so the first mismatch is always the object with the repeated key.
struct TreeConverter {
    /// The text json-c parsed (the value only, no trailing whitespace).
    let text: UnsafeBufferPointer<UInt8>
    /// Member counts and offsets from the strict pass.
    let objects: StrictScanResult
    /// The index into `objects` of the next object to be visited.
    private var nextObject = 0

    init(text: UnsafeBufferPointer<UInt8>, objects: StrictScanResult) {
        self.text = text
        self.objects = objects
    }

    /// Converts `object` (NULL is JSON null, as json-c represents it) and everything below it,
    /// reading it through `json_object_get_type` and the typed `json_object_get_*` functions
    /// and `json_object_iter_*` for object members.
    mutating func convert(_ object: OpaquePointer?) throws(JSONError) -> JSONValue {
        guard let object else { return .null }
        switch json_object_get_type(object) {
        case json_type_boolean:
            return .bool(json_object_get_boolean(object) != 0)
        case json_type_int:
            return .integer(json_object_get_int64(object))  // range checked by the strict pass
        case json_type_double:
            return .number(json_object_get_double(object))  // finiteness checked by the strict pass
        case json_type_string:
            return .string(Self.string(object))
        case json_type_array:
            let count = json_object_array_length(object)
            var elements: [JSONValue] = []
            elements.reserveCapacity(count)
            for i in 0..<count {
                elements.append(try convert(json_object_array_get_idx(object, i)))
            }
            return .array(elements)
        case json_type_object:
            return .object(try convertObject(object))
        default:
            return .null
        }
    }

    /// Converts one object after checking that json-c kept every member the text wrote.
    private mutating func convertObject(_ object: OpaquePointer) throws(JSONError) -> JSONObject {
        let index = nextObject
        nextObject += 1
        let count = Int(json_object_object_length(object))
        guard index < objects.memberCounts.count else {
            throw .malformed(message: "internal error: objects out of step with the text", offset: 0)
        }
        if count != objects.memberCounts[index] {
            throw DuplicateKeyFinder.error(in: text, objectAt: objects.objectOffsets[index])
        }
        var members: [JSONObject.Element] = []
        members.reserveCapacity(count)
        var iterator = json_object_iter_begin(object)
        var end = json_object_iter_end(object)
        while json_object_iter_equal(&iterator, &end) == 0 {
            let key = String(cString: json_object_iter_peek_name(&iterator))
            let value = try convert(json_object_iter_peek_value(&iterator))
            members.append((key: key, value: value))
            json_object_iter_next(&iterator)
        }
        return JSONObject(uncheckedMembers: members)
    }

    /// The bytes of a json-c string (`json_object_get_string`, `json_object_get_string_len`),
    /// which may hold NUL; the strict pass has checked that they are UTF-8.
    static func string(_ object: OpaquePointer) -> String {
        let length = Int(json_object_get_string_len(object))
        guard length > 0, let chars = json_object_get_string(object) else { return "" }
        let bytes = UnsafeRawPointer(chars).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }
}
