import JukeboxProtocol
import Testing

@Test func rfc4648Vectors() {
    let vectors = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]
    for (plain, encoded) in vectors {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }
    #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
}

@Test func everyByteValueRoundTrips() {
    for length in 0..<70 {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }
    let all = (0...255).map { UInt8($0) }
    #expect(Base64.decode(Base64.encode(all)) == all)
}

@Test func malformedBase64IsRefused() {
    for text in ["Zg", "Zg=", "Z===", "Zm9v\n", "Zm 9", "Zm9v====", "Zg==Zg==", "=Zg=", "Zh==", "Zm9=", "Zm-v", "Zm_v"]
    {
        #expect(Base64.decode(text) == nil, "\(text)")
    }
}
