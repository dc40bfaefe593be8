import JukeboxJSON
import Testing

/// A base64-shaped payload (the alphabet, '+', '/', '=') of `count` bytes.
private func base64Like(_ count: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var bytes = (0..<count).map { alphabet[($0 &* 2_654_435_761) % alphabet.count] }
    bytes[count - 1] = UInt8(ascii: "=")
    return String(decoding: bytes, as: UTF8.self)
}

@Test func largeBase64StringRoundTrips() throws {
    let audio = base64Like(8 << 20)
    let message: JSONValue = ["type": "done", "id": "42", "audio_wav_base64": .string(audio)]
    let line = message.serializedBytes()
    #expect(line.count == #"{"type":"done","id":"42","audio_wav_base64":""}"#.utf8.count + audio.utf8.count)
    let back = try JSONParser().parse(line)
    #expect(back["audio_wav_base64"]?.stringValue == audio)
    #expect(back == message)
}

@Test func largeStringOverTheLimitIsRejected() {
    let parser = JSONParser(maxBytes: 1 << 20)
    let line = JSONValue.string(base64Like(1 << 20)).serializedBytes()
    #expect(parseError(line, parser) == .tooLarge(bytes: (1 << 20) + 2, limit: 1 << 20))
}
