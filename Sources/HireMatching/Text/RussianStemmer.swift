/// Light stemming for Russian words: drops one common inflectional ending (the longest that
/// leaves at least four letters), so "разработка", "разработки" and "разработку" meet. Not a
/// full Snowball stemmer: derivation stays ("разработчик" is its own word).
enum RussianStemmer {
    /// The endings as UTF-8 bytes, longest first.
    private static let endings: [[UInt8]] = {
        let list = """
            иями ями ами иях ях ах ией ого его ому ему ыми ими ться ешь ишь ете ите ала али ало ила или ило ость ости
            ий ый ой ая яя ое ее ые ие ую юю ов ев ей ом ем ам ям ия ья ье ию ью ть ся ет ют ут ит ат ят ал ил ых их
            а я о е и ы у ю ь й
            """
        return list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }()

    static func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes -> String? in
            // Cyrillic letters are two bytes: keep at least four letters.
            guard bytes.count > 8 else { return nil }
            for ending in endings where bytes.count - ending.count >= 8 {
                var matches = true
                var at = bytes.count - ending.count
                for byte in ending {
                    if bytes[at] != byte { matches = false; break }
                    at += 1
                }
                if matches {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count - ending.count)]), as: UTF8.self)
                }
            }
            return nil
        } ?? word
    }
}
