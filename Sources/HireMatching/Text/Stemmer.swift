/// Light English suffix stripping, for words of Latin letters only (the tokenizer says which).
/// Two strengths: ``fold(_:)`` only makes plurals singular (used for skill phrases, where
/// "REST APIs" must meet "REST API" but "marketing" must not become "market"), and
/// ``stem(_:)`` also strips common derivational endings for BM25 terms, so "developer",
/// "development" and "developing" meet. Both are deterministic and never lengthen a word
/// (bar `ies` → `y`).
enum Stemmer {
    /// The singular of a plural: `apis` → `api`, `technologies` → `technology`,
    /// `processes` → `process`; words of three letters or fewer and `-ss` words unchanged.
    static func fold(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes in
            let count = bytes.count
            guard count >= 4, bytes[count - 1] == UInt8(ascii: "s"), bytes[count - 2] != UInt8(ascii: "s") else {
                return nil
            }
            if count >= 5, ends(bytes, "ies") { return prefix(bytes, count - 3) + "y" }
            if count >= 5, ends(bytes, "sses") || ends(bytes, "ches") || ends(bytes, "shes") || ends(bytes, "xes") {
                return prefix(bytes, count - 2)
            }
            if ends(bytes, "us") || ends(bytes, "ss") { return nil }
            return prefix(bytes, count - 1)
        } ?? word
    }

    private static let suffixes: [(String, Int)] = [
        ("ations", 3), ("ation", 3), ("ators", 3), ("ator", 3), ("ative", 3), ("ments", 3), ("ment", 3),
        ("ness", 3), ("ings", 3), ("ing", 3), ("ants", 4), ("ant", 4), ("ers", 3), ("er", 3), ("ed", 3), ("ly", 3),
    ]

    private static let suffixBytes: [([UInt8], Int)] = suffixes.map { (Array($0.0.utf8), $0.1) }
    private static let erBytes = Array("er".utf8)

    private static func ends(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: [UInt8]) -> Bool {
        guard bytes.count >= suffix.count else { return false }
        var at = bytes.count - suffix.count
        for byte in suffix {
            if bytes[at] != byte { return false }
            at += 1
        }
        return true
    }

    /// The BM25 form: ``fold(_:)``, then one of `-ation -ator -ative -ment -ness -ing -ant -er
    /// -ed -ly` when at least three letters stay, then a doubled final consonant or a final `e`.
    static func stem(_ word: String) -> String {
        let folded = fold(word)
        var copy = folded
        return copy.withUTF8 { bytes in
            var end = bytes.count
            guard end >= 4 else { return nil }
            var stripped = false
            for (suffix, keep) in suffixBytes where end - suffix.count >= keep && ends(bytes, suffix) {
                // "engineer", "volunteer", "career": the -er is part of the word.
                if suffix == erBytes, ends(bytes, "eer") { break }
                end -= suffix.count
                stripped = true
                break
            }
            if stripped, end >= 4, bytes[end - 1] == bytes[end - 2], !isVowelOrLSZ(bytes[end - 1]) {
                end -= 1
            }
            if end >= 4, bytes[end - 1] == UInt8(ascii: "e") { end -= 1 }
            return end == bytes.count ? nil : prefix(bytes, end)
        } ?? folded
    }

    private static func isVowelOrLSZ(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
            UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z"):
            true
        default: false
        }
    }

    private static func ends(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: String) -> Bool {
        let tail = suffix.utf8
        guard bytes.count >= tail.count else { return false }
        var at = bytes.count - tail.count
        for byte in tail {
            if bytes[at] != byte { return false }
            at += 1
        }
        return true
    }

    private static func prefix(_ bytes: UnsafeBufferPointer<UInt8>, _ length: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)
    }
}
