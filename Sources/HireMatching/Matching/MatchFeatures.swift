import HireCore

/// A profile the matcher can read: ``ResumeProfile`` and ``JobProfile``.
public protocol MatchProfile: Sendable {
    /// What matching uses of the profile (skills, title words, check data).
    var matchFeatures: MatchFeatures { get }
}

/// What matching reads from a profile. Opaque outside this module.
public struct MatchFeatures: Sendable {
    /// Skills as canonical names: a job's required and preferred ones; a resume's in `required`.
    var required: [String] = []
    var preferred: [String] = []
    /// Comparable title words (``TitleWords/words(of:)``), each with its weight (the first
    /// title weighs most), no word twice.
    var titleWords: [String] = []
    /// The titles as written, the first the most telling (a job's position, a resume's latest).
    var titles: [String] = []
    var titleWeights: [Double] = []
    var facts = CheckFacts()

    mutating func addTitles(_ titles: [String], weights: (Int) -> Double) {
        self.titles = titles
        for (index, title) in titles.enumerated() {
            let weight = weights(index)
            for word in TitleWords.words(of: title) {
                if let at = titleWords.firstIndex(of: word) {
                    titleWeights[at] = max(titleWeights[at], weight)
                } else {
                    titleWords.append(word)
                    titleWeights.append(weight)
                }
            }
        }
    }
}

/// The facts checks compare: for a job what it asks for, for a resume what it shows.
struct CheckFacts: Sendable {
    /// Job: minimum and maximum years asked for; resume: years of experience (in `minYears`).
    var minYears: Double?
    var maxYears: Double?
    /// Job: the seniority the years were inferred from, when the ad states no years.
    var impliedBy: String?
    var education: EducationLevel?
    /// As written ("Austin, TX"), and in comparable parts.
    var location: String?
    var city = ""
    var region = ""
    /// Job: `remote`, `hybrid` or `onsite`; resume: the stated preference.
    var remote: String?
    /// Job: pay offered; resume: pay desired.
    var pay: AnnualPay?
    /// Job: whether it sponsors; resume: whether the person needs sponsorship.
    var sponsorship: Bool?

    mutating func setLocation(_ location: String?) {
        guard let location, !location.isEmpty else { return }
        self.location = location
        (city, region) = Places.parts(of: location)
    }
}

/// Pay as a yearly range in one currency, for comparing salaries written per hour, month or year.
struct AnnualPay: Sendable, Equatable {
    var min: Double?
    var max: Double?
    var currency: String?
    var written: SalaryRange

    init?(_ range: SalaryRange?) {
        guard let range, range.min != nil || range.max != nil else { return nil }
        let factor: Double
        switch range.period ?? "year" {
        case "hour": factor = 2080
        case "day": factor = 260
        case "week": factor = 52
        case "month": factor = 12
        default: factor = 1
        }
        min = range.min.map { $0 * factor }
        max = range.max.map { $0 * factor }
        currency = range.currency
        written = range
    }
}

extension ResumeProfile: MatchProfile {
    public var matchFeatures: MatchFeatures {
        var features = MatchFeatures()
        features.required = skills
        features.addTitles(titles) { index in [1.0, 0.85, 0.7][min(index, 2)] * (index > 3 ? 0.85 : 1) }
        features.facts.minYears = yearsExperience
        features.facts.education = EducationLevel(name: education)
        features.facts.setLocation(location)
        features.facts.remote = workPreference
        features.facts.pay = AnnualPay(desiredSalary)
        features.facts.sponsorship = needsSponsorship
        return features
    }
}

extension JobProfile: MatchProfile {
    /// Years a seniority usually means, for ads that state none (loose on purpose: the years
    /// check allows half a year under and five over).
    static let impliedYears: [String: (Double?, Double?)] = [
        "intern": (0, 1), "junior": (0, 2), "senior": (4, nil), "lead": (5, nil), "principal": (7, nil),
        "director": (7, nil), "executive": (10, nil),
    ]

    public var matchFeatures: MatchFeatures {
        var features = MatchFeatures()
        features.required = skills?.required ?? []
        features.preferred = skills?.preferred ?? []
        features.addTitles(titles ?? []) { $0 == 0 ? 1.0 : 0.5 }
        features.facts.minYears = minYears
        features.facts.maxYears = maxYears
        if minYears == nil, maxYears == nil, let seniority, let implied = Self.impliedYears[seniority] {
            // No years stated: the title's seniority says roughly how many.
            (features.facts.minYears, features.facts.maxYears) = implied
            features.facts.impliedBy = seniority
        }
        features.facts.education = EducationLevel(name: education)
        features.facts.setLocation(location)
        features.facts.remote = remote
        features.facts.pay = AnnualPay(salary)
        features.facts.sponsorship = visaSponsorship
        return features
    }
}
