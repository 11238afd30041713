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
