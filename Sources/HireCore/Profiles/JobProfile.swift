/// Structured data the matching engines extract from texts. Every part may be null (or
/// empty) when the text does not say; nothing is guessed beyond what the text supports.

/// Skills a job asks for, as canonical taxonomy names.
public struct SkillRequirements: Codable, Sendable, Equatable {
    public var required: [String]
    public var preferred: [String]
    public init(required: [String] = [], preferred: [String] = []) {
        self.required = required
        self.preferred = preferred
    }
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
public struct JobProfile: Codable, Sendable, Equatable {
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
}
