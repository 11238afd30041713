import Foundation
import HireCore
import HireMatching
import Testing

/// The extraction defects of issue 11 ("Extraction precision"), each as the smallest text that
/// showed it; eval/extraction measures the same on whole ads and resumes.
@Suite struct ExtractionPrecisionTests {
    func job(_ text: String, position: String = "", company: String = "", country: String = "") -> JobProfile {
        var job = Job(jobId: "J-1")
        job.position = position
        job.company = company
        job.country = country
        return JobProfiler.profile(description: text, job: job)
    }

    func resume(_ text: String) -> ResumeProfile { ResumeProfiler.profile(text: text, now: Fixtures.now) }

    // MARK: Job skills

    /// Benefits, equal-opportunity and application lines gave skills ("Health Insurance",
    /// "Diversity"), in one-paragraph ads too.
    @Test func boilerplateGivesNoSkills() throws {
        let ad = """
            We need a developer who knows React. We offer health insurance, a 401(k) and a gym stipend. \
            We look forward to receiving your resume.
            Requirements
            - TypeScript
            Benefits: dental insurance, tuition reimbursement
            Acme is an equal opportunity employer and values diversity and inclusion.
            """
        let skills = try #require(job(ad).skills)
        #expect(skills.required == ["React", "TypeScript"], "\(skills)")
        #expect(skills.preferred.isEmpty, "\(skills)")
    }

    /// Benefits words inside the requirements may be the work itself.
    @Test func anInsuranceJobKeepsItsSkills() throws {
        let ad = "Requirements\n- SQL reports on commercial insurance claims\n\nPay: $30/hour, health insurance, paid training.\n"
        let skills = try #require(job(ad).skills)
        #expect(skills.required == ["SQL", "Insurance Claims"], "\(skills)")
    }

    /// "About Acme Robotics" and a preamble sentence about the employer described the company,
    /// not the work; the employer's own name ("Volt Brothers Electric") gave a skill.
    @Test func theEmployerIsNoSkill() throws {
        let ad = """
            Pipeworks is the scheduling tool for plumbing contractors.
            Pipeworks is hiring a Python developer for its data team.
            About Acme Robotics
            Acme Robotics builds picking arms for grocery warehouses.
            Requirements
            - SQL
            """
        let skills = try #require(job(ad, company: "Pipeworks").skills)
        #expect(Set(skills.required) == ["Python", "SQL"], "\(skills)")
        let trade = "Requirements\n- 3 years at Volt Brothers Electric or a similar contractor\n- SQL"
        let electric = try #require(job(trade, company: "Volt Brothers Electric").skills)
        #expect(!electric.required.contains { $0.lowercased().hasPrefix("electric") }, "\(electric)")
    }

    /// "Software Developer" (a gazetteer entry) was a required skill of every job it named.
    @Test func aJobTitleIsNoSkill() throws {
        let skills = try #require(job("Requirements\n- Python, SQL", position: "Software Developer").skills)
        #expect(skills.required == ["Python", "SQL"], "\(skills)")
        #expect(resume("Skills\nPython\nExperience\nSoftware Developer, Acme\n").skills == ["Python"])
    }

    /// Everyday words the gazetteer lists read as skills when capitalised: "Ran" a campaign,
    /// "New" York (folded to "news"), an employer "Desert Solar" in Phoenix.
    @Test func namesAndPlacesAreNoSkills() {
        let text = "Ran Google Ads campaigns for Desert Solar in Phoenix and New York.\nSkills: SEO"
        #expect(resume(text).skills == ["SEM", "SEO"])
    }

    /// A welder's "AWS D1.1" certification was Amazon Web Services, and skills of nursing,
    /// trades, teaching and social media the taxonomy lacked were lost.
    @Test func tradesAndCareSkillsAreKnown() {
        let welder = resume("Certifications: AWS D1.1, EPA 608\nSkills: flux-core welding, Instagram, ventilator management")
        #expect(Set(welder.skills) == ["AWS D1.1", "EPA 608", "Flux-Core Welding", "Instagram", "Ventilator Management"], "\(welder.skills)")
    }

    /// "CPA preferred." on its own line was read as a "Preferred" heading and CPA lost.
    @Test func aSentenceIsNoHeading() throws {
        let skills = try #require(job("Requirements:\n- Advanced Excel\n\nCPA preferred.\n").skills)
        #expect(skills.preferred == ["CPA"], "\(skills)")
    }

    // MARK: Titles

    /// A one-paragraph resume (a DOCX read as one line) lost its headline and its history.
    @Test func aOneParagraphResumeKeepsItsTitles() {
        let text = "Priya Raman — Senior Java Engineer — Chicago, IL — priya@example.com. Senior Java Engineer at Northbank "
            + "(2019 - 2025): led the card authorization service. Java Developer at Lakeview Insurance (2016 - 2019): built claims APIs."
        #expect(resume(text).titles == ["Senior Java Engineer", "Java Developer"])
    }

    /// A headline in capitals was read as a heading and lost; the latest job's title stood in.
    @Test func aHeadlineInCapitalsIsTheFirstTitle() {
        let text = "JORDAN LEE\nSENIOR DATA ANALYST\nMinneapolis, MN\n\nEXPERIENCE\nData Analyst, Acme — 2020 – 2024\n"
        #expect(resume(text).titles == ["SENIOR DATA ANALYST", "Data Analyst"])
    }

    /// Without an experience heading, history lines after the eighth, or longer than a
    /// headline, gave no title.
    @Test func aHistoryWithoutAHeadingGivesItsTitles() {
        let text = """
            Kevin O'Brien
            HVAC Technician — Tulsa, OK
            EPA 608 Universal certified.
            HVAC Service Technician, Sooner Heating & Air, Tulsa, OK, 2018 – 2025
            Diagnosed and repaired furnaces.
            Stocker, Kroger — Columbus, OH — 2014 – 2016
            """
        #expect(resume(text).titles == ["HVAC Technician", "HVAC Service Technician", "Stocker"])
    }

    // MARK: Years

    /// "Present" ran to the clock (June 2025 here), so a resume last updated in January 2021
    /// gained four and a half years it never claimed.
    @Test func presentEndsAtTheDocumentsOwnDate() {
        let text = "Experience\nSoftware Engineer, Acme\nJan 2020 – Present\n\nLast updated: January 2021\n"
        #expect(resume(text).yearsExperience == 1.1)
        // A date later than the clock is no document date: the clock ends the range.
        let future = "Experience\nSoftware Engineer, Acme\nJan 2020 – Present\n\nUpdated: March 2031\n"
        #expect(resume(future).yearsExperience == 5.5)
    }

    /// A teacher's employer, "East Side High School", made the line schooling and its dates uncounted.
    @Test func aSchoolIsATeachersEmployer() {
        let text = "Teaching Experience\nMath Teacher, East Side High School, Newark, NJ — September 2019 – June 2024\n"
        #expect(resume(text).yearsExperience == 4.8)
        #expect(resume("Education\nWhetstone High School, 2004 - 2008\nExperience\nClerk, Acme, 2010 - 2012\n").yearsExperience == 2)
    }

    /// "6 months of warehouse experience" asked for nothing (only years were read).
    @Test func monthsOfExperienceAreAFractionOfAYear() {
        #expect(job("Requirements\n- 6 months of warehouse experience preferred\n").minYears == 0.5)
        #expect(job("Requirements\n- Forklift certification\n- 90-day probation, reviewed after 3 months\n").minYears == nil)
    }

    // MARK: Location

    /// A board row with only a country made every ad's location "USA", though the ad named its city.
    @Test func anAdsCityWinsOverABoardCountryAlone() {
        let ad = "Registered Nurse\nLocation: Tampa, FL\n\nRequirements\n- BLS\n"
        #expect(job(ad, country: "USA").location == "Tampa, FL")
        #expect(job("Requirements\n- BLS\n", country: "USA").location == "USA")
        // A one-paragraph ad names its place in a sentence, and ends it with a full stop.
        let prose = "We are hiring a nurse for our 24-bed intensive care unit at the new north campus in Sacramento, California. Pay: $50/hr."
        #expect(job(prose, country: "USA").location == "Sacramento, CA")
        #expect(job("Location: Phoenix, AZ. Benefits: medical, dental.", country: "USA").location == "Phoenix, AZ")
    }

    /// A one-paragraph resume (a DOCX without line breaks) lost its place: its one line was too
    /// long to be read as a contact line.
    @Test func aOneParagraphResumeKeepsItsPlace() {
        let text = "Priya Raman — Senior Java Engineer — Chicago, IL — priya@example.com. Senior Java Engineer with 9 years "
            + "of experience building payment systems with Java, Spring Boot and Kafka. Master of Science, DePaul University."
        #expect(resume(text).location == "Chicago, IL")
        #expect(resume("Aisha Bello is a preschool teacher in Madison, WI with six years of experience in child care.").location == "Madison, WI")
        #expect(resume("Olivia Brandt\nAccount Executive\nRemote (Austin, TX)\n").location == "Austin, TX")
    }
}
