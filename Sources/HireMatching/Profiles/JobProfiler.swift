import Foundation
import HireIngest
import HireCore

/// Reads a ``JobProfile`` from a job's description and its board row. The row wins where it
/// says something (salary, location, visa); a missing description still gives a profile.
public enum JobProfiler {
    /// The profile of a job from its description (nil: none yet) and its board row.
    public static func profile(description: String?, job: Job, taxonomy: Taxonomy = .builtin) -> JobProfile {
        let text = description ?? ""
        // One tokenizing pass over the whole text serves every line (each line read alone
        // cost a tokenizer, and its buffers, per line).
        let lines = Sections.lines(of: text, tokens: Tokenizer.tokens(in: text, lexicon: taxonomy.lexicon))
        let sections = Sections.split(lines, as: .job)
        var profile = JobProfile(provider: MatchingProvider.builtin.rawValue)
        let skills = skills(in: sections, position: job.position, company: job.company, taxonomy: taxonomy)
        if !skills.required.isEmpty || !skills.preferred.isEmpty { profile.skills = skills }
        (profile.minYears, profile.maxYears) = years(in: sections)
        profile.education = education(in: sections)?.name
        let lowered = (job.position + "\n" + text + "\n" + job.notes).fastLowercased().replacingApostrophes
        profile.seniority = seniority(title: job.position, text: lowered, minYears: profile.minYears)
        profile.employmentType = employmentType(lowered)
        profile.remote = remote(job: job, lowered: lowered)
        profile.salary = salary(job: job, sections: sections)
        profile.location = location(job: job, lines: lines)
        profile.titles = titles(job: job, lines: lines)
        profile.visaSponsorship = Sponsorship.fromVisaColumn(job.visa) ?? Sponsorship.fromJobText(lowered)
        return profile
    }

    // MARK: Skills

    /// Skills by section: requirement sections and the work the ad describes (duties, the
    /// intro) give required skills, "nice to have" sections preferred ones, in every style of
    /// ad alike (a duty's skill was preferred under a bulleted ad with a requirement section and
    /// required in a one-paragraph ad). A line that says "plus", "preferred" or "nice to have"
    /// gives preferred skills. Benefits, "about us", legal and application text give none
    /// (``legalText``, ``offerText``), nor do the employer's name, a preamble sentence about the employer
    /// (its name without a hiring cue) or a job title the gazetteer lists ("Software
    /// Developer"). The position's own skills are required.
    static func skills(in sections: [Section], position: String, company: String = "", taxonomy: Taxonomy) -> SkillRequirements {
        // Lists in the order found, and sets to look names up in (an ad may name thousands).
        var required: [String] = [], preferred: [String] = []
        var requiredSet: Set<String> = [], preferredSet: Set<String> = []
        let employer = Set(Tokenizer.tokens(in: company).map(\.text)).subtracting(TitleWords.companySuffixes)
        func add(_ match: Taxonomy.Match, of tokens: [Token], required asRequired: Bool) {
            let name = taxonomy.names[Int(match.skill)]
            guard !TitleWords.isTitle(name), !tokens[match.start..<match.end].allSatisfy({ employer.contains($0.text) }) else { return }
            if asRequired {
                if requiredSet.insert(name).inserted { required.append(name) }
            } else if preferredSet.insert(name).inserted {
                preferred.append(name)
            }
        }
        func add(text: String, required asRequired: Bool) {
            let tokens = Tokenizer.tokens(in: text, lexicon: taxonomy.lexicon)
            for match in taxonomy.matches(in: tokens) { add(match, of: tokens, required: asRequired) }
        }
        let positionTokens = Tokenizer.tokens(in: position)
        for match in taxonomy.matches(in: positionTokens) where !TitleWords.isTitle(taxonomy.names[Int(match.skill)]) {
            let name = taxonomy.names[Int(match.skill)]
            if requiredSet.insert(name).inserted { required.append(name) }
        }
        let companyName = company.trimmingSpaces.fastLowercased()
        for section in sections {
            let base: Bool
            switch section.kind {
            case .preferred: base = false
            case .benefits, .about: continue
            default: base = true
            }
            let workSection = [.required, .preferred, .responsibilities].contains(section.kind)
            func boilerplate(_ lowered: String) -> Bool {
                guard !legalText.any(in: lowered) else { return true }
                guard workSection else { return offerText.any(in: lowered) }
                let namesEmployer = !companyName.isEmpty && lowered.includes(companyName)
                return offerOpenings.contains(where: lowered.hasPrefix) || (namesEmployer && offerText.any(in: lowered))
            }
            for line in section.lines {
                let cued = saysPreferred(line.lowered)
                let aboutEmployer = section.kind == .preamble && !companyName.isEmpty && line.lowered.includes(companyName)
                // A line longer than any paragraph of an ad (a text without breaks) is read whole:
                // splitting and reading it again by sentence cost a second pass over the text.
                let paragraph = line.text.utf8.count <= 4_000
                if paragraph, aboutEmployer || legalText.any(in: line.lowered) || offerText.any(in: line.lowered) {
                    // "…with React. We offer a gym stipend.": only the sentences about the work.
                    for sentence in sentences(of: line.text) {
                        let lowered = sentence.fastLowercased().replacingApostrophes
                        guard !boilerplate(lowered) else { continue }
                        if aboutEmployer, lowered.includes(companyName), !hiringCues.any(in: lowered) { continue }
                        add(text: sentence, required: base && !saysPreferred(lowered))
                    }
                    continue
                }
                if base, cued, let clauses = clauses(of: line.text) {
                    // "3+ years of accounting; CPA preferred": a cue speaks for its own clause.
                    for clause in clauses { add(text: clause, required: !saysPreferred(clause.lowercased())) }
                    continue
                }
                for match in taxonomy.matches(in: line.tokens) { add(match, of: line.tokens, required: base && !cued) }
            }
        }
        preferred.removeAll { requiredSet.contains($0) }
        return SkillRequirements(required: required, preferred: preferred)
    }

    /// A line's sentences: split after a full stop, question or exclamation mark followed by a space.
    static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if character == " ", let previous, ".!?".contains(previous) {
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// What marks a sentence that is never about the work: equal-opportunity and other legal
    /// text, how to apply.
    static let legalText = PhraseSet([
        "equal opportunity", "equal employment", "eeo", "eoe", "without regard to", "regardless of", "discriminat",
        "celebrate diversity", "values diversity", "inclusive environment", "accommodation", "drug-free", "drug free",
        "e-verify", "receiving your", "your resume", "your application", "thank you for", "we thank", "thank all",
        "will be contacted", "selected for an interview", "look forward", "apply now", "to apply",
    ])

    /// What marks a sentence about benefits, pay or the employer's story outside the ad's
    /// requirement and duty sections. Inside them "benefits administration" or "commercial
    /// insurance" may be the work itself: only a sentence that opens with ``offerOpenings``
    /// ("Pay: $19.50/hour…" after the last requirement), or names the employer ("Volt Brothers
    /// offers company trucks, health insurance…"), is an offer there.
    static let offerText = PhraseSet([
        "we offer", "we provide", "benefit", "perks", "insurance", "401(k)", "401k", "403(b)", "paid time off", " pto",
        "paid holidays", "parental leave", "tuition", "stipend", "employee discount", "reimbursement", "salary",
        "compensation", "pay:", "per hour", "/hour", "/hr", "our mission", "founded", "headquartered", "since 19",
        "since 20", "family-owned", "family owned", "мы предлагаем", "дмс",
    ])

    /// How a sentence about pay or benefits opens.
    private static let offerOpenings = ["pay", "benefit", "perks", "compensation", "salary", "we offer", "we provide", "what we offer"]

    /// What says a sentence that names the employer describes the job ("Acme is seeking a nurse…").
    private static let hiringCues = PhraseSet([
        "seeking", "hiring", "looking for", "join", "you will", "you'll", "the role", "this role", "we need", "ищет", "ищем",
    ])

    /// A line's clauses, split at semicolons and at full stops followed by a space, when it has
    /// more than one (a list, "Python, Java preferred", stays one clause: its cue speaks for all).
    static func clauses(of text: String) -> [String]? {
        var clauses: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if character == ";" || (character == " " && previous == ".") {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { clauses.append(current) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { clauses.append(current) }
        return clauses.count > 1 ? clauses : nil
    }

    private static func saysPreferred(_ lowered: String) -> Bool {
        preferredCues.any(in: lowered)
    }

    private static let preferredCues = PhraseSet([
        " a plus", "is a plus", "preferred", "nice to have", "nice-to-have", "bonus", "desirable", "ideally", "big plus",
        "будет плюсом", "желательно", "преимуществом",
    ])

    // MARK: Years and education

    /// The largest minimum any experience statement asks for (requirement sections count
    /// statements without the word "experience"), with its upper bound when it gave a range.
    static func years(in sections: [Section]) -> (Double?, Double?) {
        var best: (min: Double, max: Double?)?
        for section in sections where section.kind != .benefits && section.kind != .about {
            for line in section.lines {
                for found in YearsParser.statements(in: line.tokens, anyContext: section.kind == .required)
                where found.min > (best?.min ?? -1) || (found.min == best?.min && best?.max == nil && found.max != nil) {
                    best = found
                }
            }
        }
        guard let best else { return (nil, nil) }
        return (best.min, best.max)
    }

    /// The lowest degree the ad asks for outside its "nice to have" parts ("Bachelor's
    /// required, Master's preferred" is bachelor); only preferred mentions give the lowest of those.
    static func education(in sections: [Section]) -> EducationLevel? {
        var required: [EducationLevel] = [], preferred: [EducationLevel] = []
        for section in sections where section.kind != .benefits && section.kind != .about {
            for line in section.lines {
                let levels = EducationParser.levels(in: line.tokens)
                guard !levels.isEmpty else { continue }
                if section.kind == .preferred || saysPreferred(line.lowered) {
                    preferred += levels
                } else {
                    required += levels
                }
            }
        }
        return required.min() ?? preferred.min()
    }

    // MARK: Role

    static func seniority(title: String, text: String, minYears: Double?) -> String? {
        let words = Set(Tokenizer.tokens(in: title).map(\.text))
        let ordered: [(String, [String])] = [
            ("intern", ["intern", "internship", "стажер", "стажёр"]),
            ("executive", ["chief", "cto", "ceo", "cfo", "coo", "cio", "ciso", "president", "evp", "svp"]),
            ("director", ["director", "vp", "директор"]),
            ("principal", ["principal", "staff", "distinguished"]),
            ("lead", ["lead", "leader", "architect", "ведущий", "лид"]),
            ("manager", ["manager", "head", "mgr", "руководитель", "менеджер"]),
            ("senior", ["senior", "sr", "iii", "старший"]),
            ("junior", ["junior", "jr", "entry", "graduate", "trainee", "младший"]),
            ("mid", ["mid", "intermediate", "ii"]),
        ]
        for (level, cues) in ordered where cues.contains(where: words.contains) { return level }
        if text.includes("entry level") || text.includes("entry-level") { return "junior" }
        if text.includes("senior level") || text.includes("senior-level") { return "senior" }
        if text.includes("mid level") || text.includes("mid-level") { return "mid" }
        guard let minYears else { return nil }
        return minYears < 2 ? "junior" : (minYears < 5 ? "mid" : "senior")
    }

    static func employmentType(_ lowered: String) -> String? {
        let ordered: [(String, [String])] = [
            ("contract-to-hire", ["contract-to-hire", "contract to hire", "c2h", "temp-to-hire", "temp to hire", "temp to perm", "temp-to-perm"]),
            ("internship", ["internship", "стажировка"]),
            ("part-time", ["part-time", "part time", "частичная занятость"]),
            ("temporary", ["temporary", "seasonal", "временная"]),
            ("contract", ["contract role", "contract position", "contractor", "1099", "c2c", "corp to corp", "w2 contract", "contract basis", "(contract)", "contract:"]),
            ("full-time", ["full-time", "full time", "permanent", "fte", "полная занятость"]),
        ]
        for (type, cues) in ordered where cues.contains(where: lowered.includes) { return type }
        return nil
    }

    static func remote(job: Job, lowered: String) -> String? {
        let place = (job.city + " " + job.state).lowercased()
        if place.includes("hybrid") || lowered.includes("hybrid") || lowered.includes("гибрид") { return "hybrid" }
        if place.includes("remote") { return "remote" }
        let remoteCues = ["fully remote", "100% remote", "remote position", "remote role", "remote-first", "remote first",
                          "work from home", "work from anywhere", "this is a remote", "remote (", "remote,", "remote job",
                          "remote opportunity", "location: remote", "удаленн", "удалённ"]
        if remoteCues.contains(where: lowered.includes) { return "remote" }
        let onsiteCues = ["on-site", "onsite", "on site", "in-office", "in office", "in person", "in-person", "офис"]
        if onsiteCues.contains(where: lowered.includes) { return "onsite" }
        return nil
    }

    // MARK: Salary, location, titles

    static func salary(job: Job, sections: [Section]) -> SalaryRange? {
        if let parsed = SalaryParser.parse(job.salary), parsed.min != nil || parsed.max != nil { return SalaryText.range(parsed) }
        if job.salaryMin != nil || job.salaryMax != nil {
            return SalaryRange(min: job.salaryMin, max: job.salaryMax, currency: job.currency, period: job.period)
        }
        for section in sections {
            for line in section.lines {
                let cue = section.kind == .benefits || salaryCues.any(in: line.lowered)
                if cue, let found = SalaryText.find(in: line.text) { return found }
            }
        }
        return nil
    }

    /// What marks a line that may state the pay, found in one pass per line.
    private static let salaryCues = PhraseSet(["$", "€", "£", "₹", "salary", "pay range", "compensation", "per hour", "/hr", "зарплата", "оклад"])

    /// The board's city (with its state or country); without one, the place the ad's text
    /// names ("Location: Tampa, FL", a city and state in its first lines), else the board's
    /// state or country alone: a board row that says only "USA" does not hide the ad's city.
    static func location(job: Job, lines: [TextLine]) -> String? {
        let city = job.city.trimmingSpaces, state = job.state.trimmingSpaces, country = job.country.trimmingSpaces
        let isRemote = city.lowercased().includes("remote") || city.isEmpty
        let region = !state.isEmpty ? (Places.stateByName[state.lowercased()] ?? state) : country
        if !isRemote { return region.isEmpty ? city : "\(city), \(region)" }
        if let found = location(in: lines) { return found }
        return !region.isEmpty && !region.lowercased().includes("remote") ? region : nil
    }

    /// The place an ad's text names: on a "Location:" line, or in one of its first ten lines.
    private static func location(in lines: [TextLine]) -> String? {
        for line in lines {
            let lowered = line.lowered
            guard lowered.hasPrefix("location") || lowered.hasPrefix("локация") || lowered.hasPrefix("город") else { continue }
            if let colon = line.text.firstIndex(of: ":") {
                let rest = line.text[line.text.index(after: colon)...].trimmingSpaces
                if let found = Contacts.location(inSegment: rest) { return found }
                if !rest.isEmpty, rest.count <= 60, !rest.lowercased().includes("remote") { return rest }
            }
        }
        for line in lines.prefix(10) {
            if let found = Contacts.location(inLine: line.text) { return found }
        }
        return nil
    }

    static func titles(job: Job, lines: [TextLine]) -> [String]? {
        var titles: [String] = []
        let position = job.position.trimmingSpaces
        if !position.isEmpty { titles.append(position) }
        for line in lines.prefix(30) {
            let lowered = line.lowered
            for label in ["job title:", "title:", "position:", "role:", "должность:", "вакансия:"] where lowered.hasPrefix(label) {
                let rest = String(line.text.dropFirst(label.count)).trimmingSpaces
                if !rest.isEmpty, rest.count <= 80, !titles.contains(where: { $0.caseInsensitiveCompare(rest) == .orderedSame }) {
                    titles.append(rest)
                }
            }
        }
        return titles.isEmpty ? nil : titles
    }
}
