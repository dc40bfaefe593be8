/// Comma-separated lists on the command line: `--levels 2,1,0`, `--temperatures 0.98,0.99,0.99`.
public enum ListArgument {
    /// The integers of `text`, or nil when an element is not one.
    public static func integers(_ text: String) -> [Int]? {
        let parts = elements(text)
        let values = parts.compactMap { Int($0) }
        return values.count == parts.count && !values.isEmpty ? values : nil
    }

    /// The numbers of `text`, or nil when an element is not a finite number.
    public static func numbers(_ text: String) -> [Double]? {
        let parts = elements(text)
        let values = parts.compactMap { Double($0) }.filter(\.isFinite)
        return values.count == parts.count && !values.isEmpty ? values : nil
    }

    /// The elements of `text` between commas, without spaces around them.
    private static func elements(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }
    }
}
