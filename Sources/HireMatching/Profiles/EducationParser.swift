/// Education levels, lowest first, as the wire names them (`JobProfile.education`).
enum EducationLevel: Int, Comparable, Sendable, CaseIterable {
    case none, highSchool, associate, bachelor, master, doctorate

    var name: String {
        switch self {
        case .none: "none"
        case .highSchool: "high school"
        case .associate: "associate"
        case .bachelor: "bachelor"
        case .master: "master"
        case .doctorate: "doctorate"
        }
    }

    init?(name: String?) {
        guard let name, let level = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    static func < (lhs: EducationLevel, rhs: EducationLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Finds degrees in text: "BSc", "B.S. in", "Bachelor's", "MBA", "M.Sc.", "Master of",
/// "PhD", "Associate degree", "High school diploma", "GED", "высшее образование", … A word
/// that is also something else ("Scrum Master", "MS Excel", "Sales Associate") counts only
/// next to degree words.
enum EducationParser {
    /// Each degree level the tokens mention, in order.
    static func levels(in tokens: [Token]) -> [EducationLevel] {
        var found: [EducationLevel] = []
        for index in tokens.indices {
            let word = tokens[index].text
            guard cueFilter.mayContain(word), cueWords.contains(word) else { continue }
            let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
            if let level = plain[word] {
                found.append(level)
            } else if let level = withDegreeWord[word], degreeWords.contains(next) {
                let previous = index > 0 ? tokens[index - 1].text : ""
                if level == .master, previous == "scrum" || previous == "certified" { continue }
                if level == .associate, next != "degree" && next != "degrees" && next != "of" { continue }
                found.append(level)
            } else if next == "school", word == "high" || word == "secondary" {
                found.append(.highSchool)
            } else if word == "doctor", next == "of" {
                found.append(.doctorate)
            } else if next == "degree", genericDegree.contains(word) {
                found.append(.bachelor)
            } else if let level = russian[word] {
                if level == .highSchool, next == "специальное" { continue }
                found.append(level)
            }
        }
        return found
    }

    private static let degreeWords: Set<String> = ["of", "in", "degree", "degrees", "program", "level", "or", "diploma"]
    private static let genericDegree: Set<String> = ["college", "university", "4-year", "year", "undergraduate"]
    private static let russian: [String: EducationLevel] = ["высшее": .bachelor, "высш": .bachelor, "среднее": .highSchool]
    /// Every word that can start a degree, to skip the others with one lookup.
    static let cueWords: Set<String> = Set(plain.keys).union(withDegreeWord.keys).union(genericDegree)
        .union(russian.keys).union(["high", "secondary", "doctor"])
    /// The cue words' cheap first test (most tokens are no cue).
    private static let cueFilter = WordFilter(cueWords)

    /// Words that name a degree on their own.
    private static let plain: [String: EducationLevel] = [
        "phd": .doctorate, "ph.d": .doctorate, "doctorate": .doctorate, "doctoral": .doctorate, "dphil": .doctorate,
        "d.phil": .doctorate, "edd": .doctorate, "ed.d": .doctorate, "аспирантура": .doctorate,
        "msc": .master, "m.sc": .master, "m.s": .master, "mba": .master, "m.b.a": .master, "meng": .master,
        "m.eng": .master, "mph": .master, "msn": .master, "mfa": .master, "m.a": .master, "mcs": .master,
        "магистр": .master, "магистратура": .master, "магистратуры": .master,
        "bachelor": .bachelor, "bachelors": .bachelor, "bsc": .bachelor, "b.sc": .bachelor, "b.s": .bachelor,
        "b.a": .bachelor, "beng": .bachelor, "b.eng": .bachelor, "btech": .bachelor, "b.tech": .bachelor,
        "bba": .bachelor, "bsn": .bachelor, "b.com": .bachelor, "bcom": .bachelor, "бакалавр": .bachelor,
        "бакалавриат": .bachelor, "специалитет": .bachelor,
        "a.a.s": .associate, "adn": .associate, "ged": .highSchool,
    ]

    /// Words that name a degree only next to "of", "in", "degree" and the like.
    private static let withDegreeWord: [String: EducationLevel] = [
        "master": .master, "masters": .master, "ms": .master, "bs": .bachelor, "ba": .bachelor,
        "associate": .associate, "associates": .associate, "aas": .associate,
    ]
}
