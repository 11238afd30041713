/// Words that carry no meaning for matching: English and Russian function words, and the
/// contraction stubs the tokenizer can leave (`don`, `isn`). Compared with tokens as the
/// tokenizer writes them (lowercased, `ё` as `е`).
enum Stopwords {
    static func contains(_ word: String) -> Bool { all.contains(word) }

    static let all: Set<String> = Set(english + russian)

    private static let english: [String] = """
        a about above after again against all also am an and any are aren as at be because been before being
        below between both but by can cannot could couldn did didn do does doesn doing don down during each etc
        either else ever every few for from further get gets got had hadn has hasn have haven having he her here
        hers herself him himself his how however i if in into is isn it its itself just let lets like may me
        might more most must mustn my myself neither no nor not now of off on once only onto or other others
        otherwise our ours ourselves out over own per please same shall shan she should shouldn since so some
        such than that the their theirs them themselves then there these they this those through thus to too
        toward towards under until up upon us very via was wasn we well were weren what when where whether which
        while who whom whose why will with within without won would wouldn yet you your yours yourself
        yourselves e.g i.e eg ie
        """.split(separator: " ").flatMap { $0.split(separator: "\n") }.map(String.init)

    private static let russian: [String] = """
        а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его
        ее ей если есть еще же за здесь и из или им их к как какой когда кто ли либо между меня мне можно мы на
        над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под после при про с
        со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы эта эти
        это этого этой этом этот я
        """.split(separator: " ").flatMap { $0.split(separator: "\n") }.map(String.init)
}
