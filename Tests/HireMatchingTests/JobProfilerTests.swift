import HireCore
import HireMatching
import Testing

@Suite struct JobProfilerTests {
    func profile(_ id: String) -> JobProfile {
        let (job, description) = Fixtures.jobs.first { $0.0.jobId == id }!
        return JobProfiler.profile(description: description, job: job)
    }

    @Test func splitsRequiredAndPreferredBySection() throws {
        let job = profile("J-backend")
        let skills = try #require(job.skills)
        for skill in ["Go", "Python", "PostgreSQL", "Kubernetes", "Docker", "Amazon Web Services"] {
            #expect(skills.required.contains(skill), "\(skill)")
        }
        for skill in ["Apache Kafka", "Terraform", "gRPC"] { #expect(skills.preferred.contains(skill), "\(skill)") }
        // Benefits are not requirements, and "Excel-lent" is not Excel.
        #expect(!skills.required.contains("Microsoft Excel") && !skills.preferred.contains("Microsoft Excel"))
        #expect(Set(skills.required).isDisjoint(with: skills.preferred))
    }

    @Test func readsTheRestOfTheBackendAd() {
        let job = profile("J-backend")
        #expect(job.minYears == 5)
        #expect(job.maxYears == nil)
        #expect(job.education == "bachelor")
        #expect(job.seniority == "senior")
        #expect(job.remote == "hybrid")
        #expect(job.location == "Austin, TX")
        #expect(job.salary == SalaryRange(min: 150_000, max: 180_000, currency: "USD", period: "year"))
        #expect(job.visaSponsorship == true)
        #expect(job.titles?.first == "Senior Backend Engineer")
        #expect(job.provider == "builtin")
    }

    @Test func withoutARequirementsSectionEverySkillIsRequired() throws {
        let text = "We need a cook who knows food safety (ServSafe) and food prep.\n\nResponsibilities\nKeep inventory, train staff."
        let skills = try #require(JobProfiler.profile(description: text, job: Job(jobId: "J-1")).skills)
        #expect(skills.required.contains("Food Safety"))
        #expect(skills.required.contains("Inventory Management"))
        #expect(skills.preferred.isEmpty)
    }

    /// The work an ad describes gives required skills whether or not it also has a requirement
    /// section (issue 11: they were preferred beside one, so the same ad written as one
    /// paragraph or as sections split its skills differently).
    @Test func theDescribedWorkGivesRequiredSkillsBesideARequirementSection() throws {
        let skills = try #require(profile("J-chef").skills)
        #expect(skills.required.contains("Food Preparation"))
        #expect(skills.required.contains("Food Safety"))
        #expect(skills.preferred.isEmpty)
    }

    @Test func inlineHeadingsAndPlusLines() throws {
        let job = profile("J-frontend")
        let skills = try #require(job.skills)
        #expect(skills.required.contains("React") && skills.required.contains("TypeScript"))
        #expect(skills.preferred.contains("Next.js") && skills.preferred.contains("Figma"))
        #expect(job.minYears == 2 && job.maxYears == 4)
        #expect(job.seniority == "mid")
        #expect(job.employmentType == "full-time")
        #expect(job.remote == "onsite")
    }

    @Test func nursingAd() throws {
        let job = profile("J-icu-rn")
        let skills = try #require(job.skills)
        #expect(skills.required.contains("Basic Life Support") && skills.required.contains("Advanced Cardiac Life Support"))
        #expect(skills.preferred.contains("Epic"))
        #expect(job.minYears == 2)
        // "BSN preferred" and nothing required: the preferred level.
        #expect(job.education == "bachelor")
        #expect(job.visaSponsorship == false)
        #expect(job.salary == SalaryRange(min: 45, max: 60, currency: "USD", period: "hour"))
    }

    @Test func theRowAloneGivesAProfile() {
        let job = profile("J-no-text")
        #expect(job.titles == ["Payroll Specialist"])
        #expect(job.skills?.required == ["Payroll"])
        #expect(job.location == "Chicago, IL")
        #expect(job.salary?.min == 60_000)
        #expect(job.minYears == nil && job.education == nil && job.remote == nil)
    }

    @Test(arguments: [
        ("Requirements\n3-5 years of experience with Java", 3.0, 5.0),
        ("Requirements\n5+ years", 5.0, nil),
        ("You have at least 7 years of experience in sales.", 7.0, nil),
        ("Minimum of two years of experience in a warehouse.", 2.0, nil),
        ("We have been in business for over 20 years. Requirements: 1+ year of experience.", 1.0, nil),
        ("Требования\nОпыт работы от 3 лет", 3.0, nil),
        ("Требования\nОпыт от 1 года до 3 лет", 1.0, 3.0),
    ] as [(String, Double, Double?)])
    func readsYears(text: String, minimum: Double, maximum: Double?) {
        let job = JobProfiler.profile(description: text, job: Job(jobId: "J-1"))
        #expect(job.minYears == minimum)
        #expect(job.maxYears == maximum)
    }

    @Test(arguments: [
        ("Yes", true), ("H1B OK", true), ("No", false), ("GC only", false), ("USC/GC", false), ("", nil), ("TBD", nil),
    ] as [(String, Bool?)])
    func readsTheVisaColumn(visa: String, sponsors: Bool?) {
        var row = Job(jobId: "J-1")
        row.visa = visa
        #expect(JobProfiler.profile(description: nil, job: row).visaSponsorship == sponsors)
    }

    @Test func salaryFromTextWhenTheRowHasNone() {
        let job = JobProfiler.profile(description: "Great role.\nCompensation: $95,000 - $110,000 per year plus bonus.", job: Job(jobId: "J-1"))
        #expect(job.salary?.min == 95_000)
        #expect(job.salary?.max == 110_000)
    }

    @Test func educationIsTheLowestRequiredLevel() {
        let job = JobProfiler.profile(
            description: "Requirements\n- Bachelor's degree required\nPreferred\n- Master's degree", job: Job(jobId: "J-1"))
        #expect(job.education == "bachelor")
    }

    @Test func employmentTypes() {
        let kinds = [
            ("Contract-to-hire, 6 months", "contract-to-hire"), ("Part-time evenings", "part-time"),
            ("Summer internship", "internship"), ("This is a 1099 contractor role", "contract"),
        ]
        for (text, kind) in kinds {
            #expect(JobProfiler.profile(description: text, job: Job(jobId: "J")).employmentType == kind, "\(text)")
        }
    }
}

/// Words that are no skills in a job ad are not read as skills.
@Suite struct AdWordsAreNoSkillsTests {
    /// "etc." folded to the one-word skill "ETCS" (a rail signalling system) and became a
    /// preferred skill of every ad that lists duties with "etc.".
    @Test func etceteraIsNoSkill() {
        let ad = "Requirements:\n- Prepare month-end close, reconciliations, journal entries, etc.\n- Advanced Microsoft Excel\n"
        let skills = JobProfiler.profile(description: ad, job: Job(jobId: "J-1")).skills
        let all = (skills?.required ?? []) + (skills?.preferred ?? [])
        #expect(!all.isEmpty)
        #expect(!all.contains { $0.lowercased().hasPrefix("etc") }, "\(all)")
        #expect(Taxonomy.builtin.skills(in: "journal entries, etc.").keys.allSatisfy { !$0.lowercased().hasPrefix("etc") })
    }
}

/// Within a requirement line, "preferred" speaks for its own clause.
@Suite struct PreferredClauseTests {
    func skills(_ ad: String) -> SkillRequirements? { JobProfiler.profile(description: ad, job: Job(jobId: "J-1")).skills }

    /// "3+ years of accounting experience; CPA preferred" made Accounting preferred too.
    @Test func aCueSpeaksForItsClause() {
        let found = skills("Requirements:\n- 3+ years of accounting experience; CPA preferred\n- Advanced Microsoft Excel\n")
        #expect(found?.required.contains("Accounting") == true, "\(String(describing: found))")
        #expect(found?.preferred.contains("CPA") == true, "\(String(describing: found))")
        let sentences = skills("Requirements:\n- Strong SQL skills. Python is a plus\n")
        #expect(sentences?.required.contains("SQL") == true, "\(String(describing: sentences))")
        #expect(sentences?.preferred.contains("Python") == true, "\(String(describing: sentences))")
    }

    /// A list under one cue stays preferred as a whole.
    @Test func aListUnderOneCueStaysPreferred() {
        let found = skills("Requirements:\n- Python, Java preferred\n- SQL\n")
        #expect(found?.preferred.contains("Python") == true && found?.preferred.contains("Java") == true, "\(String(describing: found))")
        #expect(found?.required == ["SQL"], "\(String(describing: found))")
    }
}
