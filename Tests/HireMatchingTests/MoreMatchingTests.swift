import Foundation
import HireCore
import HireMatching
import Testing

/// Behaviour beyond the labelled fixtures: other languages, seniority, salary formats.
@Suite struct MoreMatchingTests {
    static func job(_ id: String, _ position: String, _ text: String) -> MatchDocument<JobProfile> {
        var row = Job(jobId: id)
        row.position = position
        return MatchDocument(
            id: id, terms: TermVector(text: MatchText.job(row, description: text)), profile: JobProfiler.profile(description: text, job: row))
    }

    static func resume(_ id: String, _ text: String) -> MatchDocument<ResumeProfile> {
        MatchDocument(id: id, terms: TermVector(text: text), profile: ResumeProfiler.profile(text: text, now: Fixtures.now))
    }

    static func corpus(_ jobs: [MatchDocument<JobProfile>]) -> JobCorpus {
        var corpus = JobCorpus()
        for job in jobs { corpus.upsert(id: job.id, terms: job.terms, profile: job.profile) }
        return corpus
    }

    @Test func russianTextsMatch() {
        let jobs = [
            Self.job("J-1", "Бухгалтер", "Требования\nОпыт работы бухгалтером от 3 лет, знание 1С, Excel, МСФО.\nОбязанности\nВедение учета, сверки, отчетность."),
            Self.job("J-2", "Python-разработчик", "Требования\nОпыт разработки на Python от 3 лет, Django, PostgreSQL, Docker.\nОбязанности\nРазработка сервисов."),
            Self.job("J-3", "Водитель погрузчика", "Требования\nУдостоверение водителя погрузчика, опыт работы на складе."),
        ]
        let developer = Self.resume(
            "R-1", "Иван Петров\nPython-разработчик\n\nОпыт работы\nPython-разработчик, Яндекс, январь 2019 — настоящее время\nРазработка сервисов на Django и PostgreSQL, Docker, Kubernetes.")
        let ranked = Matcher().bestJobs(for: developer, among: Self.corpus(jobs), topK: 3)
        #expect(ranked.first?.id == "J-2")
        #expect(ranked.first?.explanation.matchedSkills.contains("PostgreSQL") == true)
        #expect(developer.profile.titles.first == "Python-разработчик")
        #expect(developer.profile.yearsExperience == 6.5)
    }

    @Test func seniorityStandsInForMissingYears() throws {
        let senior = Self.job("J-1", "Senior Accountant", "Month-end close and reconciliations.")
        #expect(senior.profile.seniority == "senior")
        let junior = Self.resume("R-1", "Experience\nJunior Accountant, Acme, Jan 2024 - Present\nMonth-end close, reconciliations.")
        let match = try #require(Matcher().bestJobs(for: junior, among: Self.corpus([senior]), topK: 1).first)
        let years = try #require(match.explanation.checks.first { $0.name == "years" })
        #expect(years.passed == false)
        #expect(years.detail == "A senior role (about 4+ years); resume shows about 1.5")
    }

    /// A warehouse associate's ad in a city: the same words wherever it is.
    static func associateJob(_ id: String, city: String, state: String) -> MatchDocument<JobProfile> {
        var row = Job(jobId: id)
        row.position = "Warehouse Associate"
        row.city = city
        row.state = state
        let text = "Picking and packing orders, RF scanner, pallet jack."
        return MatchDocument(
            id: id, terms: TermVector(text: MatchText.job(row, description: text)), profile: JobProfiler.profile(description: text, job: row))
    }

    /// Text relevance ranks; the checks break its ties. Two ads with the same words, one in the
    /// resume's city and one across the country: the local one first, whatever their ids.
    @Test func equalScoresAreOrderedByTheirEvidence() throws {
        let jobs = [Self.associateJob("J-a", city: "Boston", state: "MA"), Self.associateJob("J-b", city: "Austin", state: "TX")]
        let associate = Self.resume(
            "R-1", "Sam Reyes\nAustin, TX\nExperience\nWarehouse Associate, Target DC, 2021 - Present\nPicking, packing, RF scanner, pallet jack.")
        let ranked = Matcher().bestJobs(for: associate, among: Self.corpus(jobs), topK: 2)
        #expect(ranked.map(\.score) == [ranked[0].score, ranked[0].score])
        #expect(ranked.map(\.id) == ["J-b", "J-a"])
        let location = try #require(ranked[0].explanation.checks.first { $0.name == "location" })
        #expect(location.passed == true)
    }

    /// `require` leaves out a pair that fails a named check and keeps one whose data does not tell.
    @Test func requiredChecksLeaveOutThePairsThatFailThem() {
        let jobs = Self.corpus([Self.associateJob("J-a", city: "Boston", state: "MA"), Self.associateJob("J-b", city: "Austin", state: "TX"), Self.associateJob("J-c", city: "", state: "")])
        let associate = Self.resume(
            "R-1", "Sam Reyes\nAustin, TX\nExperience\nWarehouse Associate, Target DC, 2021 - Present\nPicking, packing, RF scanner, pallet jack.")
        #expect(Set(Matcher().bestJobs(for: associate, among: jobs, topK: 5).map(\.id)) == ["J-a", "J-b", "J-c"])
        #expect(Set(Matcher(required: .location).bestJobs(for: associate, among: jobs, topK: 5).map(\.id)) == ["J-b", "J-c"])
        #expect(Set(Matcher(required: .visa).bestJobs(for: associate, among: jobs, topK: 5).map(\.id)) == ["J-a", "J-b", "J-c"])
    }

    @Test(arguments: [
        ("Salary: $120,000 - $140,000 per year", 120_000.0 as Double?, 140_000.0 as Double?, "year" as String?),
        ("Pay range: $25-$32/hr", 25.0, 32.0, "hour"),
        ("Compensation: 95k-110k", 95_000.0, 110_000.0, "year"),
        ("Зарплата: от 150 000 до 200 000 руб.", 150_000.0, 200_000.0, "month"),
    ] as [(String, Double?, Double?, String?)])
    func readsSalariesInText(text: String, low: Double?, high: Double?, period: String?) {
        let profile = JobProfiler.profile(description: "About the job\n" + text, job: Job(jobId: "J-1"))
        #expect(profile.salary?.min == low)
        #expect(profile.salary?.max == high)
        #expect(profile.salary?.period == period)
    }

    @Test func desiredSalaryFormats() {
        let hourly = ResumeProfiler.profile(text: "Jane Doe\nDesired pay: $28/hr", now: Fixtures.now)
        #expect(hourly.desiredSalary == SalaryRange(min: 28, max: 28, currency: "USD", period: "hour"))
        let range = ResumeProfiler.profile(text: "Jane Doe\nSalary expectations: $90k–$100k", now: Fixtures.now)
        #expect(range.desiredSalary?.min == 90_000 && range.desiredSalary?.max == 100_000)
    }

    @Test func sectionHeadingsAreRecognisedInManyForms() throws {
        let text = """
            **What You'll Need**
            - Java and Spring Boot
            ## Pluses
            - Kotlin
            REQUIRED SKILLS:
            - SQL
            Bonus points: Scala
            """
        let skills = try #require(JobProfiler.profile(description: text, job: Job(jobId: "J-1")).skills)
        #expect(skills.required.contains("Java") && skills.required.contains("Spring Boot") && skills.required.contains("SQL"))
        #expect(skills.preferred.contains("Kotlin") && skills.preferred.contains("Scala"))
    }
}

@Test func aNameSharesItsLineWithContacts() {
    let profile = ResumeProfiler.profile(text: "Ana López\tSioux Falls, SD · ana.lopez@example.com · (555) 010-2030\nSummary\nBackend engineer.")
    #expect(profile.name == "Ana López")
    #expect(profile.email == "ana.lopez@example.com")
    #expect(ResumeProfiler.profile(text: "Dana Kim | Data Analyst | dana@example.com\nSkills: SQL").name == "Dana Kim")
}

@Test func aBulletWithoutItsMarkerIsNoTitle() {
    let text = """
        Ana López
        Experience
        Senior Software Engineer, Prairie Health Systems\tJan 2020 – Present
        Mentor to three engineers; on-call lead
        Lead Platform Engineer, Lakeview Labs\t2016 – 2019
        Head of Platform Engineering, Corvid Co\t2012 – 2016
        """
    #expect(
        ResumeProfiler.profile(text: text).titles == ["Senior Software Engineer", "Lead Platform Engineer", "Head of Platform Engineering"])
}

/// Removing many documents at once (one pass over the posting lists) leaves the corpus as if
/// they had never been added: the same rankings as a corpus built from those that remain.
@Suite struct CorpusBatchRemovalTests {
    @Test func removingManyAtOnceEqualsNeverAddingThem() {
        let roles = ["Registered Nurse", "Staff Accountant", "Backend Developer", "Warehouse Associate", "Data Analyst"]
        let jobs = (0..<60).map { index in
            MoreMatchingTests.job(
                "J-\(index)", roles[index % roles.count],
                "Skills: Python, SQL, Excel, patient care, forklift, month-end close. Team \(index), site \(index % 7).")
        }
        var all = MoreMatchingTests.corpus(jobs)
        let gone = jobs.filter { Int($0.id.dropFirst(2))! % 3 != 0 }.map(\.id)
        #expect(all.remove(ids: gone + ["J-missing"]) == gone.count)
        let remaining = MoreMatchingTests.corpus(jobs.filter { !gone.contains($0.id) })
        let resume = MoreMatchingTests.resume("R-1", "Data Analyst\nPython, SQL and Excel for month-end close reporting.")
        let ranked = Matcher().bestJobs(for: resume, among: all, topK: 30)
        #expect(!ranked.isEmpty)
        #expect(ranked == Matcher().bestJobs(for: resume, among: remaining, topK: 30))
        // Slots freed by the batch are used again.
        all.upsert(id: "J-new", terms: jobs[1].terms, profile: jobs[1].profile)
        #expect(Matcher().bestJobs(for: resume, among: all, topK: 30).contains { $0.id == "J-new" })
    }
}
