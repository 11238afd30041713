import Foundation
import HireCore
import HireMatching
import Testing

@Suite struct ResumeProfilerTests {
    func profile(_ text: String) -> ResumeProfile { ResumeProfiler.profile(text: text, now: Fixtures.now) }

    @Test func readsTheSoftwareResume() {
        let resume = profile(Fixtures.softwareResume)
        #expect(resume.name == "Jordan Avery")
        #expect(resume.email == "jordan.avery@example.com")
        #expect(resume.phone == "(512) 555-0147")
        #expect(resume.location == "Austin, TX")
        #expect(resume.titles.first == "Senior Software Engineer")
        #expect(resume.titles.contains("Software Engineer"))
        #expect(resume.education == "bachelor")
        #expect(resume.needsSponsorship == false)
        for skill in ["Go", "Python", "Kubernetes", "PostgreSQL", "Amazon Web Services", "Redis", "Apache Kafka", "CI/CD"] {
            #expect(resume.skills.contains(skill), "\(skill)")
        }
        // Jun 2016 – Present (Jun 2025): nine years, more than the "8+" of the summary.
        #expect(resume.yearsExperience == 9.1)
    }

    /// A text of 64 KiB or more is read on two cores (the vector beside the lines): what it
    /// finds is what reading in turn finds, here the software resume's facts behind a long tail.
    @Test func aLongResumeIsReadAsAShortOneIs() throws {
        let tail = "\nReferences\n" + String(repeating: "Available on request from former managers and colleagues.\n", count: 1500)
        let long = Fixtures.softwareResume + tail
        try #require(long.utf8.count >= 64 * 1024)
        let (short, shortTerms) = ResumeProfiler.read(text: Fixtures.softwareResume, now: Fixtures.now)
        let (read, terms) = ResumeProfiler.read(text: long, now: Fixtures.now)
        #expect(read == short)
        #expect(Set(shortTerms.terms.keys).isSubset(of: Set(terms.terms.keys)))
    }

    @Test func mostMentionedSkillsComeFirst() {
        let resume = profile(Fixtures.softwareResume)
        let go = resume.skills.firstIndex(of: "Go"), linux = resume.skills.firstIndex(of: "Linux")
        #expect(go != nil && linux != nil && go! < linux!)
    }

    @Test func readsACanadianLocation() {
        let resume = profile("Sofia Marín\n\nOttawa, ON · sofia.marin@example.com · +1 (555) 018-9012\n\nData scientist, 4 years.")
        #expect(resume.location == "Ottawa, ON")
    }

    @Test func readsTheNurseResume() {
        let resume = profile(Fixtures.nurseResume)
        #expect(resume.name == "Maria Lopez")
        #expect(resume.location == "Houston, TX")
        #expect(resume.titles.first?.hasPrefix("Registered Nurse") == true)
        #expect(resume.education == "bachelor")
        for skill in ["Registered Nurse", "Basic Life Support", "Advanced Cardiac Life Support", "Epic", "IV Therapy", "Medication Administration"] {
            #expect(resume.skills.contains(skill), "\(skill)")
        }
        // May 2019 – Present: six years and a month.
        #expect(resume.yearsExperience == 6.2)
    }

    @Test func readsTheAccountantResume() {
        let resume = profile(Fixtures.accountantResume)
        #expect(resume.name == "Priya Natarajan")
        #expect(resume.phone == "+1 312 555 0110")
        #expect(resume.titles.prefix(2) == ["Staff Accountant", "Junior Accountant"])
        #expect(resume.education == "bachelor")
        #expect(resume.desiredSalary?.min == 80_000)
        #expect(resume.yearsExperience == 6)
        for skill in ["Month-End Close", "General Ledger", "Account Reconciliation", "GAAP", "QuickBooks", "NetSuite", "Microsoft Excel"] {
            #expect(resume.skills.contains(skill), "\(skill)")
        }
    }

    @Test func readsTheWarehouseResume() {
        let resume = profile(Fixtures.warehouseResume)
        #expect(resume.name == "DeShawn Carter")
        #expect(resume.titles.first == "Forklift Operator")
        #expect(resume.education == "high school")
        #expect(resume.skills.contains("Forklift Operation"))
        #expect(resume.skills.contains("RF Scanner"))
        #expect(resume.yearsExperience == 9)
    }

    @Test func overlappingRangesCountOnce() {
        let text = """
            Experience
            Nurse, Clinic A, Jan 2015 - Dec 2018
            Nurse (weekends), Clinic B, Jan 2017 - Dec 2019
            """
        #expect(profile(text).yearsExperience == 5)
    }

    @Test(arguments: [
        ("Experience\nDeveloper, Acme 2015-2019", 4.0),
        ("Experience\nDeveloper, Acme 03/2016 - 07/2020", 4.4),
        ("Experience\nDeveloper, Acme March 2019 to June 2021", 2.3),
        ("Experience\nDeveloper, Acme Jan 2024 – Present", 1.5),
        ("Summary\nAccountant with 12+ years of experience.\nExperience\nAccountant, Acme 2020-2023", 12.0),
        ("Опыт работы\nРазработчик, Яндекс, январь 2020 — настоящее время", 5.5),
    ])
    func readsYears(text: String, years: Double) {
        #expect(profile(text).yearsExperience == years)
    }

    @Test func educationRangesAreNotWork() {
        let text = "Experience\nCashier, Shop, 2022 - 2023\nEducation\nBSc Biology, 2010 - 2014"
        #expect(profile(text).yearsExperience == 1)
    }

    @Test(arguments: [
        ("PhD in Physics", "doctorate"), ("MBA, Kellogg", "master"), ("M.Sc. Data Science", "master"),
        ("Master's degree in Finance", "master"), ("B.S. Mechanical Engineering", "bachelor"), ("BSc (Hons)", "bachelor"),
        ("Associate degree in Nursing", "associate"), ("GED, 2010", "high school"), ("Certified Scrum Master", nil),
        ("Sales Associate at Macy's", nil), ("Высшее образование, МГУ", "bachelor"),
    ] as [(String, String?)])
    func readsEducation(text: String, level: String?) {
        #expect(profile("Jane Doe\n" + text).education == level)
    }

    @Test func readsSponsorshipAndPreference() {
        #expect(profile("I will require H1B sponsorship.").needsSponsorship == true)
        for said in ["Work authorization: H-1B (transfer)", "Visa: H1B", "Currently on an H-1B visa", "H-1B holder since 2021"] {
            #expect(profile(said).needsSponsorship == true, "\(said)")
        }
        #expect(profile("I do not need an H-1B visa: green card holder.").needsSponsorship == false)
        #expect(profile("I do not require sponsorship now or in the future.").needsSponsorship == false)
        #expect(profile("US Citizen").needsSponsorship == false)
        #expect(profile("Nothing about it").needsSponsorship == nil)
        #expect(profile("Open to remote roles only").workPreference == "remote")
        #expect(profile("Seeking a hybrid schedule").workPreference == "hybrid")
    }

    @Test func missingPartsStayEmpty() {
        let resume = profile("hello world")
        #expect(resume.name == nil && resume.email == nil && resume.phone == nil && resume.location == nil)
        #expect(resume.yearsExperience == nil && resume.education == nil && resume.titles.isEmpty)
    }
}

/// A list of skills near the top of a resume is not where the candidate lives.
@Suite struct SkillsLineLocationTests {
    func profile(_ text: String) -> ResumeProfile { ResumeProfiler.profile(text: text, now: Fixtures.now) }

    /// "CSS, MS Office" looked like a city and a state code (MS is Mississippi).
    @Test func aSkillsLineIsNoLocation() {
        let resume = profile("Dana Reyes\ndana@example.com\nHTML, CSS, MS Office, JavaScript\n\nExperience\nWeb Developer, Acme (2019 – 2023)\n")
        #expect(resume.location == nil)
        let listed = profile("Dana Reyes\nSkills: HTML | CSS, MS Excel\n")
        #expect(listed.location == nil)
    }

    /// A place is still a place, also when its city shares its name with a skill.
    @Test func placesStayPlaces() {
        #expect(profile("Dana Reyes\nAustin, TX | dana@example.com\n").location == "Austin, TX")
        #expect(profile("Dana Reyes\nRuby, AK\n").location == "Ruby, AK")
        #expect(profile("Dana Reyes\nLocation: Jackson, MS\n").location == "Jackson, MS")
    }
}
