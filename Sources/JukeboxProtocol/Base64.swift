/// Standard base64 (RFC 4648 section 4, alphabet `A-Z a-z 0-9 + /`, `=` padding), the
/// encoding of every audio file carried in a message.
///
/// Written here rather than taken from Foundation so that the client stays small.
public enum Base64 {
    /// The 64 digits in order.
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each byte as a digit, or 0xFF.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, digit) in alphabet.enumerated() { table[Int(digit)] = UInt8(i) }
        return table
    }()

    /// The padded base64 text of `bytes`.
    /// - Parameter bytes: Any bytes.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            output.append(alphabet[Int(n >> 18)])
            output.append(alphabet[Int(n >> 12 & 63)])
            output.append(alphabet[Int(n >> 6 & 63)])
            output.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = input.count - i
        if rest > 0 {
            let n = UInt32(input[i]) << 16 | (rest == 2 ? UInt32(input[i + 1]) << 8 : 0)
            output.append(alphabet[Int(n >> 18)])
            output.append(alphabet[Int(n >> 12 & 63)])
            output.append(rest == 2 ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of padded base64 `text`, or nil when it is not canonical padded base64
    /// (length not a multiple of 4, a byte outside the alphabet, misplaced padding, or
    /// non-zero bits in the last digit before the padding).
    /// - Parameter text: Base64 text without whitespace.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            let isLast = i + 4 == input.count
            let padding = isLast ? input[(i + 2)...].filter { $0 == UInt8(ascii: "=") }.count : 0
            if padding == 1, input[i + 3] != UInt8(ascii: "=") { return nil }
            var n: UInt32 = 0
            for k in 0..<4 {
                let digit = k >= 4 - padding ? 0 : values[Int(input[i + k])]
                guard digit != 0xFF else { return nil }
                n = n << 6 | UInt32(digit)
            }
            output.append(UInt8(n >> 16))
            if padding < 2 { output.append(UInt8(n >> 8 & 0xFF)) } else if n & 0xFFFF != 0 { return nil }
            if padding < 1 { output.append(UInt8(n & 0xFF)) } else if n & 0xFF != 0 { return nil }
            i += 4
        }
        return output
    }
}
