/// Words of job titles: the nouns that make a line a role, seniority words, and the synonyms
/// that make titles comparable ("Developer" and "Engineer", "RN" and "Registered Nurse").
enum TitleWords {
    /// Lowercased words that name a role.
    static let roles: Set<String> = Set(
        """
        engineer engineers developer developers programmer architect analyst scientist administrator admin manager
        director lead head officer specialist consultant coordinator assistant associate representative rep
        accountant bookkeeper auditor controller clerk nurse rn lpn lvn cna np technician tech technologist
        therapist pharmacist physician doctor aide caregiver designer writer editor marketer recruiter salesperson
        executive operator driver picker packer handler loader supervisor foreman worker laborer mechanic electrician
        plumber welder carpenter teacher instructor tutor cashier intern president vp founder owner agent advisor
        adviser planner buyer estimator inspector paralegal attorney lawyer counsel cook chef server bartender
        receptionist secretary tester sre devops dba strategist partner principal fellow medic paramedic emt
        hygienist assistant practitioner surgeon dentist veterinarian therapist counselor banker underwriter
        teller trader broker actuary economist statistician researcher professor lecturer stocker helper fabricator
        installer
        разработчик программист инженер менеджер бухгалтер аналитик руководитель директор специалист медсестра
        врач водитель кладовщик продавец тестировщик администратор консультант оператор грузчик комплектовщик
        юрист экономист дизайнер маркетолог технолог мастер кассир повар официант учитель преподаватель фармацевт
        логист курьер секретарь ассистент помощник рекрутер сварщик электрик слесарь механик архитектор начальник
        агент супервайзер провизор фельдшер
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Whether `line` may name a role: false only when it is ASCII and none of its runs of
    /// letters, lowercased, is one of ``roles``. Every title ``ResumeProfiler`` reads from a line
    /// ends with or holds a role word, and such a word is a run of letters of the line, so a line
    /// this says no to needs no reading (a long text of lines without titles costs a byte scan).
    static func mayNameRole(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { word in
                // The run so far, lowercased; -1 once longer than any role word.
                var length = 0
                func isRole() -> Bool {
                    length > 0 && roles.contains(String(decoding: UnsafeBufferPointer(rebasing: word[..<length]), as: UTF8.self))
                }
                for byte in bytes {
                    guard byte < 0x80 else { return true }
                    let lower = byte | 0x20
                    if lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") {
                        guard length >= 0 else { continue }
                        if length < word.count {
                            word[length] = lower
                            length += 1
                        } else {
                            length = -1
                        }
                    } else {
                        if isRole() { return true }
                        length = 0
                    }
                }
                return isRole()
            }
        }
    }

    /// Seniority words, left out when comparing titles (the years check covers them).
    static let seniority: Set<String> = [
        "senior", "sr", "junior", "jr", "lead", "principal", "staff", "entry", "level", "mid", "i", "ii", "iii", "iv",
        "1", "2", "3", "head", "chief", "intern", "trainee", "associate", "старший", "младший", "ведущий", "главный",
    ]

    /// Title words that mean the same role, to one form.
    static let synonyms: [String: [String]] = [
        "developer": ["engineer"], "programmer": ["engineer"], "swe": ["software", "engineer"], "dev": ["engineer"],
        "sde": ["software", "engineer"], "rn": ["registered", "nurse"], "lpn": ["practical", "nurse"],
        "lvn": ["practical", "nurse"], "cna": ["nursing", "assistant"], "mgr": ["manager"], "acct": ["accountant"],
        "admin": ["administrator"], "rep": ["representative"], "sr": ["senior"], "jr": ["junior"],
        "bookkeeper": ["accountant"], "accounting": ["accountant"], "qa": ["quality", "assurance"],
        "frontend": ["front", "end"], "backend": ["back", "end"], "fullstack": ["full", "stack"],
        "разработчик": ["engineer"], "программист": ["engineer"], "инженер": ["engineer"],
    ]

    /// Whether a skill's name is a job title ("Software Developer", "Registered Nurse",
    /// "Account Executive"): its last word names a person's role. The gazetteer lists such
    /// titles, and a title made a required skill of every job it named. Role words that also
    /// end product names ("SQL Server", "Tag Manager", "Device Driver") are not among these.
    static func isTitle(_ skill: String) -> Bool {
        guard let last = skill.split(separator: " ").last else { return false }
        return personRoles.contains(last.lowercased()) && !licences.contains(skill.lowercased())
    }

    /// Titles that are also licences an ad asks for ("Active RN license"): skills still.
    private static let licences: Set<String> = [
        "registered nurse", "licensed practical nurse", "certified nursing assistant", "nurse practitioner",
    ]

    /// Role words that end a title and never a product's name.
    private static let personRoles: Set<String> = Set(
        """
        engineer engineers developer developers programmer programmers analyst analysts scientist scientists accountant
        accountants bookkeeper auditor clerk clerks nurse nurses technician technicians technologist therapist pharmacist
        physician representative representatives specialist specialists coordinator consultant consultants recruiter
        salesperson supervisor foreman worker workers laborer mechanic electrician plumber welder carpenter teacher
        teachers instructor cashier intern associate associates executive officer paralegal attorney receptionist
        secretary bartender operator operators
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Words that end company names and say nothing of the company ("Acme Inc"), left out
    /// when a company's name is compared with skills.
    static let companySuffixes: Set<String> = [
        "inc", "llc", "ltd", "llp", "corp", "corporation", "co", "company", "group", "the", "and", "of", "ооо", "ао",
    ]

    /// The comparable words of a title: lowercased, synonyms applied, seniority and stopwords
    /// dropped, then stemmed as BM25 terms are, so a title's words are also text terms.
    static func words(of title: String) -> [String] {
        var result: [String] = []
        for token in Tokenizer.tokens(in: title) {
            for word in synonyms[token.text] ?? [token.text] where !seniority.contains(word) {
                let normalized = Token(
                    text: word, offset: 0, before: .space, capitalized: false, allCaps: false,
                    latinWord: word.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }, hasLetter: true)
                if let term = TermVector.term(for: normalized), !result.contains(term) { result.append(term) }
            }
        }
        return result
    }
}
