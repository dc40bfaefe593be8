import JukeboxProtocol

/// The text of a job's progress, for a terminal line redrawn in place and for plain lines.
///
/// `level 2 sample 1/4 [###-----------]  25% 2048/8192 tokens 41.5 tok/s ETA 2m28s`
public enum ProgressLine {
    /// The progress line of `event` in at most `width` characters: when it is too long, the
    /// counts go first, then the rate, and what is still too long is cut.
    /// - Parameters:
    ///   - event: The latest progress event.
    ///   - width: The most characters the line may take (the terminal's width less one).
    public static func render(_ event: ProgressEvent, width: Int = 79) -> String {
        var parts = [stageText(event), bar(event), counts(event)]
        if let rate = event.tokensPerS { parts.append(NumberFormat.fixed(rate, 1) + " tok/s") }
        if let eta = event.etaS { parts.append("ETA " + NumberFormat.duration(eta)) }
        var line = parts.joined(separator: " ")
        for droppable in [counts(event), parts.first { $0.hasSuffix(" tok/s") }] {
            guard line.count > width, let droppable, let index = parts.firstIndex(of: droppable) else { continue }
            parts.remove(at: index)
            line = parts.joined(separator: " ")
        }
        return line.count <= width ? line : String(line.prefix(width))
    }

    /// The same as a plain line, for a log: `job j1: level 2 sample 1/4: 25%, 2048/8192 tokens,
    /// 41.5 tokens/s, ETA 2m28s`.
    public static func plain(_ event: ProgressEvent) -> String {
        let details = [percentText(event), counts(event)] + rates(event)
        return "job \(event.job): \(stageText(event)): " + details.joined(separator: ", ")
    }

    /// `level 2 sample 1/4`, `load`, `level 0 decode`.
    static func stageText(_ event: ProgressEvent) -> String {
        var text = event.level.map { "level \($0) " } ?? ""
        text += event.stage.rawValue
        if let window = event.window, let windows = event.windows { text += " \(window)/\(windows)" }
        return text
    }

    /// The fraction done, in 0...1.
    static func fraction(_ event: ProgressEvent) -> Double {
        guard event.total > 0 else { return 0 }
        return min(max(Double(event.completed) / Double(event.total), 0), 1)
    }

    /// `[###-----------]  25%`.
    static func bar(_ event: ProgressEvent, cells: Int = 14) -> String {
        let filled = Int((fraction(event) * Double(cells)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled)
        let percent = percentText(event)
        return "[\(bar)] " + String(repeating: " ", count: 4 - percent.count) + percent
    }

    /// `25%`, rounded down so that 100% means finished.
    static func percentText(_ event: ProgressEvent) -> String {
        "\(Int((fraction(event) * 100).rounded(.down)))%"
    }

    /// `2048/8192 tokens`, in the stage's unit.
    static func counts(_ event: ProgressEvent) -> String {
        switch event.stage {
        case .load: return NumberFormat.bytes(Int64(event.completed)) + "/" + NumberFormat.bytes(Int64(event.total))
        case .encode: return "\(event.completed)/\(event.total) steps"
        case .sample: return "\(event.completed)/\(event.total) tokens"
        case .decode, .write: return "\(event.completed)/\(event.total) takes"
        }
    }

    /// `41.5 tokens/s` and `ETA 2m28s`, those the event has.
    static func rates(_ event: ProgressEvent) -> [String] {
        var parts: [String] = []
        if let rate = event.tokensPerS { parts.append(NumberFormat.fixed(rate, 1) + " tokens/s") }
        if let eta = event.etaS { parts.append("ETA " + NumberFormat.duration(eta)) }
        return parts
    }
}
