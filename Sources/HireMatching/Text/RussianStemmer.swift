/// Light stemming for Russian words: drops one common inflectional ending (the longest that
/// leaves at least four letters), so "разработка", "разработки" and "разработку" meet. Not a
/// full Snowball stemmer: derivation stays ("разработчик" is its own word).
enum RussianStemmer {
    private static let endings: [[Unicode.Scalar]] = {
        let list = """
            иями ями ами иях ях ах ией ого его ому ему ыми ими ться ешь ишь ете ите ала али ало ила или ило ость ости
            ий ый ой ая яя ое ее ые ие ую юю ов ев ей ом ем ам ям ия ья ье ию ью ть ся ет ют ут ит ат ят ал ил ых их
            а я о е и ы у ю ь й
            """
        return list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.unicodeScalars) }
            .sorted { $0.count > $1.count }
    }()

    static func stem(_ word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count > 4 else { return word }
        for ending in endings where scalars.count - ending.count >= 4 && scalars.suffix(ending.count).elementsEqual(ending) {
            var result = String.UnicodeScalarView()
            result.append(contentsOf: scalars.prefix(scalars.count - ending.count))
            return String(result)
        }
        return word
    }
}
