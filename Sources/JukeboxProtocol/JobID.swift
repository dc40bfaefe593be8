import JukeboxJSON

/// The daemon-chosen name of a job: 1 to 64 characters from `A-Z a-z 0-9 _ -`.
///
/// The restricted alphabet lets the daemon use a job id as a file name in its state folder
/// without escaping, and keeps ids safe to paste into a shell.
public struct JobID: Hashable, Sendable, CustomStringConvertible {
    /// The id's text.
    public let rawValue: String

    /// The longest id accepted, in characters.
    public static let maxLength = 64

    /// An id, or nil when `rawValue` is empty, too long or uses other characters.
    /// - Parameter rawValue: The id's text.
    public init?(_ rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// The id's text.
    public var description: String { rawValue }

    /// Whether `text` is a well-formed id.
    static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard (1...maxLength).contains(utf8.count) else { return false }
        return utf8.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_")
                || b == UInt8(ascii: "-")
        }
    }

    /// Reads a job id.
    static func read(_ value: JSONValue, _ field: String) throws(MessageError) -> JobID {
        let text = try FieldReader.string(value, field)
        guard let id = JobID(text) else {
            throw .invalidValue(field: field, reason: "a job id is 1 to \(maxLength) characters from A-Z a-z 0-9 _ -")
        }
        return id
    }
}
