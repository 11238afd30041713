/// Structured data the matching engines extract from texts. Every part may be null (or
/// empty) when the text does not say; nothing is guessed beyond what the text supports.

/// Skills a job asks for, as canonical taxonomy names.
public struct SkillRequirements: Codable, Sendable, Equatable, SchemaDocumented {
    public var required: [String]
    public var preferred: [String]
    public init(required: [String] = [], preferred: [String] = []) {
        self.required = required
        self.preferred = preferred
    }
    public static let fieldDocs = [
        "required": "Skills the job must have (from requirement sections, or the whole text when it has none).",
        "preferred": "Skills under \"nice to have\", \"preferred\", \"bonus\" and similar sections.",
    ]
}

/// A pay range as parsed from text.
public struct SalaryRange: Codable, Sendable, Equatable {
    public var min: Double?
    public var max: Double?
    public var currency: String?
    /// `year`, `month`, `week`, `day` or `hour`.
    public var period: String?
    public init(min: Double? = nil, max: Double? = nil, currency: String? = nil, period: String? = nil) {
        self.min = min
        self.max = max
        self.currency = currency
        self.period = period
    }
}

/// A job's structured profile (`jobs.process`, `jobs.attachDescription`).
public struct JobProfile: Codable, Sendable, Equatable, SchemaDocumented {
    public var skills: SkillRequirements?
    public var minYears: Double?
    public var maxYears: Double?
    /// `none`, `high school`, `associate`, `bachelor`, `master` or `doctorate`.
    public var education: String?
    /// `intern`, `junior`, `mid`, `senior`, `lead`, `principal`, `manager`, `director` or `executive`.
    public var seniority: String?
    /// `full-time`, `part-time`, `contract`, `contract-to-hire`, `temporary` or `internship`.
    public var employmentType: String?
    /// `remote`, `hybrid` or `onsite`.
    public var remote: String?
    public var salary: SalaryRange?
    public var location: String?
    /// Job titles the description names (the MTB position first).
    public var titles: [String]?
    /// Whether the job sponsors visas: true, false, or null when unknown.
    public var visaSponsorship: Bool?
    /// The engine that made the profile (`builtin`).
    public var provider: String?

    public init(
        skills: SkillRequirements? = nil, minYears: Double? = nil, maxYears: Double? = nil, education: String? = nil,
        seniority: String? = nil, employmentType: String? = nil, remote: String? = nil, salary: SalaryRange? = nil,
        location: String? = nil, titles: [String]? = nil, visaSponsorship: Bool? = nil, provider: String? = nil
    ) {
        self.skills = skills
        self.minYears = minYears
        self.maxYears = maxYears
        self.education = education
        self.seniority = seniority
        self.employmentType = employmentType
        self.remote = remote
        self.salary = salary
        self.location = location
        self.titles = titles
        self.visaSponsorship = visaSponsorship
        self.provider = provider
    }
    public static let fieldDocs = [
        "education": "none, high school, associate, bachelor, master or doctorate.",
        "seniority": "intern, junior, mid, senior, lead, principal, manager, director or executive.",
        "employmentType": "full-time, part-time, contract, contract-to-hire, temporary or internship.",
        "remote": "remote, hybrid or onsite.",
    ]
}

/// What the engines read from a resume.
public struct ResumeProfile: Codable, Sendable, Equatable {
    /// The candidate's name, when the document shows one.
    public var name: String?
    /// Canonical taxonomy names, most mentioned first.
    public var skills: [String]
    /// Job titles held or sought, most recent first.
    public var titles: [String]
    public var yearsExperience: Double?
    /// As `JobProfile.education`: the highest level the resume shows.
    public var education: String?
    public var location: String?
    public var email: String?
    public var phone: String?
    /// Whether the resume says the person needs visa sponsorship (true), is authorised to work (false), or nothing.
    public var needsSponsorship: Bool?
    /// Desired pay, when stated.
    public var desiredSalary: SalaryRange?
    /// `remote`, `hybrid` or `onsite`, when the resume states a preference.
    public var workPreference: String?

    public init(
        name: String? = nil, skills: [String] = [], titles: [String] = [], yearsExperience: Double? = nil,
        education: String? = nil, location: String? = nil, email: String? = nil, phone: String? = nil,
        needsSponsorship: Bool? = nil, desiredSalary: SalaryRange? = nil, workPreference: String? = nil
    ) {
        self.name = name
        self.skills = skills
        self.titles = titles
        self.yearsExperience = yearsExperience
        self.education = education
        self.location = location
        self.email = email
        self.phone = phone
        self.needsSponsorship = needsSponsorship
        self.desiredSalary = desiredSalary
        self.workPreference = workPreference
    }
}

/// One check of a match, stated so a person can read why it passed or failed.
public struct MatchCheck: Codable, Sendable, Equatable {
    /// `years`, `location`, `remote`, `visa`, `salary`, `education`, `title`.
    public var name: String
    /// True passed, false failed, null when the data does not tell.
    public var passed: Bool?
    public var detail: String
    public init(name: String, passed: Bool?, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case name, passed, detail }

    /// `passed` is always present: null says "unknown", which a reader should see.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(passed, forKey: .passed)
        try container.encode(detail, forKey: .detail)
    }
}

/// Why a resume and a job match as well as they do.
public struct MatchExplanation: Codable, Sendable, Equatable, SchemaDocumented {
    public var matchedSkills: [String]
    public var missingSkills: [String]
    /// BM25 relevance of the texts, scaled to 0…1 within the run.
    public var textSimilarity: Double
    /// Share of the job's skills the resume has, required ones weighing double, 0…1.
    public var skillCoverage: Double
    public var checks: [MatchCheck]
    /// Skills the job prefers that the resume has.
    public var matchedPreferred: [String]?
    public init(
        matchedSkills: [String], missingSkills: [String], textSimilarity: Double, skillCoverage: Double, checks: [MatchCheck],
        matchedPreferred: [String]? = nil
    ) {
        self.matchedSkills = matchedSkills
        self.missingSkills = missingSkills
        self.textSimilarity = textSimilarity
        self.skillCoverage = skillCoverage
        self.checks = checks
        self.matchedPreferred = matchedPreferred
    }
    public static let fieldDocs = [
        "matchedSkills": "The job's skills the resume has (required first).",
        "missingSkills": "The job's required skills the resume lacks.",
    ]
}
