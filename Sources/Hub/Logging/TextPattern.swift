import Foundation

/// A compiled regular expression that rewrites each match of a text.
struct TextPattern: Sendable {
    private let expression: NSRegularExpression

    /// `pattern` is a literal of this module; an invalid one is a programming error.
    init(_ pattern: String, caseInsensitive: Bool = false) {
        do {
            expression = try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            preconditionFailure("invalid pattern \(pattern)")
        }
    }

    /// `text` with every match replaced by `transform(groups)`, where `groups[0]` is the whole match and
    /// `groups[n]` the n-th capture ("" when it did not take part).
    func replace(in text: String, _ transform: ([String]) -> String) -> String {
        let whole = NSRange(text.startIndex..., in: text)
        let matches = expression.matches(in: text, range: whole)
        guard !matches.isEmpty else { return text }
        var result = ""
        var cursor = text.startIndex
        for match in matches {
            guard let range = Range(match.range, in: text) else { continue }
            let groups = (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
            result += text[cursor..<range.lowerBound]
            result += transform(groups)
            cursor = range.upperBound
        }
        result += text[cursor...]
        return result
    }
}
