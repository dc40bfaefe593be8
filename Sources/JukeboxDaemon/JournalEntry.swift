/// One entry in systemd-journald's native protocol (systemd.journal-fields(7),
/// "Native Journal Protocol"): `FIELD=value` lines, or for a value holding a newline the
/// field name, a newline, the value's length as a little-endian 64-bit integer, the value
/// and a newline. Field names are upper-case letters, digits and underscores.
struct JournalEntry: Equatable, Sendable {
    /// The fields in the order they are sent.
    var fields: [(name: String, value: String)]

    static func == (lhs: JournalEntry, rhs: JournalEntry) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// The datagram that carries the entry.
    var datagram: [UInt8] {
        var bytes: [UInt8] = []
        for (name, value) in fields {
            bytes += Array(name.utf8)
            let data = Array(value.utf8)
            if data.contains(UInt8(ascii: "\n")) {
                bytes.append(UInt8(ascii: "\n"))
                var length = UInt64(data.count).littleEndian
                withUnsafeBytes(of: &length) { bytes += $0 }
            } else {
                bytes.append(UInt8(ascii: "="))
            }
            bytes += data
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The entry a datagram carries (the reverse of ``datagram``); nil when it is malformed.
    init?(datagram: [UInt8]) {
        var fields: [(name: String, value: String)] = []
        var index = 0
        while index < datagram.count {
            guard
                let end = datagram[index...].firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\n") })
            else { return nil }
            let name = String(decoding: datagram[index..<end], as: UTF8.self)
            if datagram[end] == UInt8(ascii: "=") {
                guard let newline = datagram[end...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                fields.append((name, String(decoding: datagram[(end + 1)..<newline], as: UTF8.self)))
                index = newline + 1
            } else {
                guard end + 9 <= datagram.count else { return nil }
                var length: UInt64 = 0
                for (shift, byte) in datagram[(end + 1)..<(end + 9)].enumerated() {
                    length |= UInt64(byte) << (8 * shift)
                }
                let start = end + 9
                guard length < UInt64(datagram.count), start + Int(length) < datagram.count,
                    datagram[start + Int(length)] == UInt8(ascii: "\n")
                else { return nil }
                fields.append((name, String(decoding: datagram[start..<(start + Int(length))], as: UTF8.self)))
                index = start + Int(length) + 1
            }
        }
        self.fields = fields
    }

    /// An entry from its fields.
    init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// The journal field a log metadata key becomes: `JUKEBOX_` and the key in upper case, any
    /// character outside letters and digits turned into `_`.
    static func fieldName(forMetadataKey key: String) -> String {
        "JUKEBOX_"
            + String(
                key.uppercased().map { character -> Character in
                    character.isASCII && (character.isLetter || character.isNumber) ? character : "_"
                })
    }
}
