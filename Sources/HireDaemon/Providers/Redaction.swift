import Foundation
import HireRPC

/// Personal data replaced by placeholders before a text goes to a provider off this machine,
/// and put back into the answer: emails, links, phone numbers, street addresses, and the
/// names the caller knows (a resume's, a candidate's). The same value always gets the same
/// placeholder within one text.
struct Redaction {
    /// The text as sent.
    private(set) var text: String
    /// Placeholder → the value it stands for.
    private var originals: [String: String] = [:]
    private var placeholders: [String: String] = [:]

    private static let patterns: [(label: String, regex: NSRegularExpression)] = [
        ("EMAIL", #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#),
        ("LINK", #"\b(?:https?://|www\.)[^\s<>()"]+|\b(?:linkedin|github|gitlab|twitter|x)\.com/[^\s<>()"]+"#),
        ("PHONE", #"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]\d{3,4}[\s.-]?\d{3,4}(?![\w])"#),
        (
            "ADDRESS",
            #"\b\d{1,6}\s+(?:[A-Z][A-Za-z]*\.?\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?\s*(?:Apt|Suite|Unit|#)\.?\s*\w+)?"#
        ),
    ].map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    init(_ input: String, names: [String]) {
        text = input
        for (label, regex) in Self.patterns { replace(regex, label: label) }
        // Whole names first, then each part of them (a resume says "Jane" as often as "Jane Doe").
        let whole = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 2 }
        let parts = whole.flatMap { $0.split(separator: " ").map(String.init) }.filter { $0.count >= 2 }
        for name in whole + parts {
            let regex = try! NSRegularExpression(pattern: #"\b"# + NSRegularExpression.escapedPattern(for: name) + #"\b"#)
            replace(regex, label: "NAME")
        }
    }

    private mutating func replace(_ regex: NSRegularExpression, label: String) {
        let source = text as NSString
        var out = ""
        var last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let value = source.substring(with: match.range)
            out += source.substring(with: NSRange(location: last, length: match.range.location - last))
            out += placeholder(for: value, label: label)
            last = match.range.location + match.range.length
        }
        out += source.substring(from: last)
        text = out
    }

    private mutating func placeholder(for value: String, label: String) -> String {
        if let known = placeholders[value] { return known }
        let placeholder = "[\(label)_\(originals.count + 1)]"
        placeholders[value] = placeholder
        originals[placeholder] = value
        return placeholder
    }

    /// Restores the values in every string of an answer.
    func restore(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let string): .string(restore(string))
        case .array(let values): .array(values.map(restore))
        case .object(let members): .object(members.mapValues(restore))
        default: value
        }
    }

    func restore(_ string: String) -> String {
        guard string.contains("[") else { return string }
        var out = string
        for (placeholder, original) in originals where out.contains(placeholder) {
            out = out.replacingOccurrences(of: placeholder, with: original)
        }
        return out
    }
}
