import Foundation
import HireCore
@testable import HireMatching
import Testing

@Suite struct MatcherTests {
    static func resumeDocument(_ labelled: Fixtures.Labelled) -> MatchDocument<ResumeProfile> {
        MatchDocument(
            id: labelled.resumeId, terms: TermVector(text: labelled.resume),
            profile: ResumeProfiler.profile(text: labelled.resume, now: Fixtures.now))
    }

    static func jobDocument(_ job: Job, _ description: String?) -> MatchDocument<JobProfile> {
        MatchDocument(
            id: job.jobId, terms: TermVector(text: MatchText.job(job, description: description)),
            profile: JobProfiler.profile(description: description, job: job))
    }

    static let resumeDocuments = Fixtures.resumes.map(resumeDocument)
    static let jobDocuments = Fixtures.jobs.map { jobDocument($0.0, $0.1) }

    static func jobCorpus(_ documents: [MatchDocument<JobProfile>] = jobDocuments) -> JobCorpus {
        var corpus = JobCorpus()
        for document in documents { corpus.upsert(id: document.id, terms: document.terms, profile: document.profile) }
        return corpus
    }

    static func resumeCorpus() -> ResumeCorpus {
        var corpus = ResumeCorpus()
        for document in resumeDocuments { corpus.upsert(id: document.id, terms: document.terms, profile: document.profile) }
        return corpus
    }

    @Test(arguments: Fixtures.resumes)
    func theRightJobRanksFirstForEachResume(labelled: Fixtures.Labelled) throws {
        let resume = Self.resumeDocument(labelled)
        let ranked = Matcher().bestJobs(for: resume, among: Self.jobCorpus(), topK: 5)
        #expect(ranked.first?.id == labelled.jobId, "\(ranked.map { "\($0.id) \($0.score)" })")
        let top = try #require(ranked.first)
        #expect(top.score > 0 && top.score <= 100)
        #expect(ranked.count <= 5)
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test(arguments: Fixtures.resumes)
    func theRightResumeRanksFirstForEachJob(labelled: Fixtures.Labelled) throws {
        let job = try #require(Self.jobDocuments.first { $0.id == labelled.jobId })
        let ranked = Matcher().bestResumes(for: job, among: Self.resumeCorpus(), topK: 3)
        #expect(ranked.first?.id == labelled.resumeId, "\(ranked.map { "\($0.id) \($0.score)" })")
    }

    @Test func explanationsNameMatchedAndMissingSkills() throws {
        let resume = Self.resumeDocuments[0]
        let top = try #require(Matcher().bestJobs(for: resume, among: Self.jobCorpus(), topK: 1).first)
        #expect(top.id == "J-backend")
        let explanation = top.explanation
        for skill in ["Go", "Python", "PostgreSQL", "Kubernetes"] { #expect(explanation.matchedSkills.contains(skill), "\(skill)") }
        #expect(explanation.matchedPreferred?.contains("Apache Kafka") == true)
        #expect(!explanation.missingSkills.contains("Go"))
        #expect(explanation.textSimilarity == 1)
        #expect(explanation.skillCoverage > 0.5 && explanation.skillCoverage <= 1)
        let years = try #require(explanation.checks.first { $0.name == "years" })
        #expect(years.passed == true)
        #expect(years.detail == "Needs 5+ years; resume shows about 9.1")
        let visa = try #require(explanation.checks.first { $0.name == "visa" })
        #expect(visa.passed == true)
    }

    /// The years check of a resume and a job that say only their years.
    static func yearsCheck(resume years: Double, job needed: Double) -> MatchCheck? {
        var resume = CheckFacts()
        resume.minYears = years
        var job = CheckFacts()
        job.minYears = needed
        return Checks.explain(resume: resume, job: job, packed: (PackedFacts(resume) { _ in 0 }, PackedFacts(job) { _ in 0 }))
            .first { $0.name == "years" }
    }

    @Test func aShortfallWithinTheSlackSaysSo() {
        let years = Self.yearsCheck(resume: 6.5, job: 7)
        #expect(years?.passed == true)
        #expect(years?.detail == "Needs 7+ years; resume shows about 6.5, within the half year allowed")
    }

    /// A provider or a text can give an absurd figure (a llama.cpp model answered a salary
    /// no Int holds, and explaining a match crashed the daemon): it is written, not trapped on.
    @Test func absurdFiguresAreWrittenWithoutACrash() {
        #expect(Written.number(7) == "7")
        #expect(Written.number(7.25) == "7.3")
        #expect(Written.number(-3) == "-3")
        #expect(Written.number(1e20) == "1e+20")
        #expect(Written.number(.infinity) == "∞")
        #expect(Written.number(.nan) == "?")
        #expect(Checks.money(SalaryRange(min: 1e300, max: .infinity, currency: "USD", period: "year")) == "$1e+297k–$∞k/yr")
        let years = Self.yearsCheck(resume: 1e19, job: 9.3e18)
        #expect(years?.detail == "Needs 9.3e+18+ years; resume shows about 1e+19")
    }

    @Test func missingRequiredSkillsAreListed() throws {
        let nurse = Self.resumeDocuments[1]
        let ranked = Matcher().bestJobs(for: nurse, among: Self.jobCorpus(), topK: 10)
        let cna = try #require(ranked.first { $0.id == "J-cna" })
        #expect(cna.explanation.missingSkills.contains("Certified Nursing Assistant"))
        #expect(cna.explanation.matchedSkills.contains("Patient Care"))
    }

    @Test func failedChecksAreExplained() throws {
        var job = Fixtures.job("J-gc", position: "Senior Backend Engineer", city: "Boston", state: "MA", salary: "$100k-$120k", visa: "GC only")
        job.notes = "onsite"
        let text = "Requirements\n- 12+ years of Go experience\n- PhD in Computer Science\nOnsite in Boston."
        let corpus = Self.jobCorpus([Self.jobDocument(job, text)])
        var resume = Self.resumeDocuments[0]
        resume.profile.needsSponsorship = true
        resume.profile.desiredSalary = SalaryRange(min: 150_000, max: nil, currency: "USD", period: "year")
        let match = try #require(Matcher().bestJobs(for: resume, among: corpus, topK: 1).first)
        let checks = Dictionary(uniqueKeysWithValues: match.explanation.checks.map { ($0.name, $0) })
        #expect(checks["years"]?.passed == false)
        #expect(checks["years"]?.detail == "Needs 12+ years; resume shows about 9.1")
        #expect(checks["location"]?.passed == false)
        #expect(checks["location"]?.detail == "Job is in Boston, MA (onsite); candidate in Austin, TX")
        #expect(checks["visa"]?.passed == false)
        #expect(checks["visa"]?.detail == "Visa: job does not sponsor; resume says needs sponsorship")
        #expect(checks["salary"]?.passed == false)
        #expect(checks["salary"]?.detail == "Salary $100k–$120k/yr vs desired $150k+/yr")
        #expect(checks["education"]?.passed == false)
        #expect(checks["title"]?.detail.hasPrefix("Job title Senior Backend Engineer; resume titles Senior Software Engineer") == true)
    }

    @Test func unknownChecksDoNotPenalise() throws {
        let bare = MatchDocument(id: "J-1", terms: TermVector(text: "Warehouse associate"), profile: JobProfile(titles: ["Warehouse Associate"]))
        let match = try #require(Matcher().bestJobs(for: Self.resumeDocuments[4], among: Self.jobCorpus([bare]), topK: 1).first)
        #expect(match.explanation.checks.allSatisfy { $0.passed != false })
    }

    @Test func allowedLimitsTheCandidates() {
        let ranked = Matcher().bestJobs(for: Self.resumeDocuments[0], among: Self.jobCorpus(), allowed: ["J-frontend", "J-chef", "nope"], topK: 10)
        #expect(Set(ranked.map(\.id)).isSubset(of: ["J-frontend", "J-chef"]))
        #expect(ranked.first?.id == "J-frontend")
    }

    @Test func rankingIsDeterministicAndTiesGoByID() {
        let twins = (0..<6).map { index in
            MatchDocument(id: "J-\(5 - index)", terms: TermVector(text: "Forklift operator, warehouse"), profile: JobProfile(titles: ["Forklift Operator"]))
        }
        let corpus = Self.jobCorpus(twins)
        let first = Matcher().bestJobs(for: Self.resumeDocuments[4], among: corpus, topK: 4)
        #expect(first.map(\.id) == ["J-0", "J-1", "J-2", "J-3"])
        #expect(Set(first.map(\.score)).count == 1)
        let again = Matcher().bestJobs(for: Self.resumeDocuments[4], among: Self.jobCorpus(twins.reversed()), topK: 4)
        #expect(again == first)
    }

    @Test func incrementalUpdatesScoreAsAFreshCorpus() {
        var incremental = JobCorpus()
        let documents = Self.jobDocuments
        // Add, replace with other content, remove, and add again in another order.
        for document in documents.reversed() { incremental.upsert(id: document.id, terms: document.terms, profile: document.profile) }
        incremental.upsert(id: "J-backend", terms: TermVector(text: "Pastry chef"), profile: JobProfile(titles: ["Pastry Chef"]))
        incremental.upsert(id: "J-temp", terms: TermVector(text: "Temporary job in Go"), profile: JobProfile())
        incremental.remove(id: "J-forklift")
        incremental.remove(id: "J-temp")
        let backend = documents[0], forklift = documents.first { $0.id == "J-forklift" }!
        incremental.upsert(id: backend.id, terms: backend.terms, profile: backend.profile)
        let decoded = incremental.upsert(id: forklift.id, encodedTerms: forklift.terms.encoded(), profile: forklift.profile)
        let garbage = incremental.upsert(id: "J-bad", encodedTerms: [1, 2, 3], profile: JobProfile())
        #expect(decoded && !garbage)
        #expect(!incremental.contains("J-bad") && !incremental.contains("J-temp"))

        let fresh = Self.jobCorpus()
        #expect(incremental.count == fresh.count)
        #expect(incremental.averageLength == fresh.averageLength)
        let matcher = Matcher()
        for resume in Self.resumeDocuments {
            #expect(matcher.bestJobs(for: resume, among: incremental, topK: 20) == matcher.bestJobs(for: resume, among: fresh, topK: 20))
        }
        let rebuilt = incremental.document(id: "J-backend")
        #expect(rebuilt?.terms == backend.terms)
    }

    @Test func heavyChurnScoresAsAFreshCorpus() {
        // Enough removals to compact the title pool, and reuse of freed slots.
        let roles = ["Forklift Operator", "Staff Accountant", "Registered Nurse", "Account Executive", "Backend Engineer"]
        func document(_ index: Int) -> MatchDocument<JobProfile> {
            let role = roles[index % roles.count]
            return MatchDocument(
                id: "J-\(index)", terms: TermVector(text: "\(role) \(role) job \(index)"),
                profile: JobProfile(skills: SkillRequirements(required: ["Skill \(index % 7)"]), titles: [role, "Senior \(role) II"]))
        }
        var churned = JobCorpus()
        for index in 0..<900 { churned.upsert(id: "J-\(index)", terms: document(index).terms, profile: document(index).profile) }
        for index in 0..<800 { churned.remove(id: "J-\(index)") }
        for index in 900..<950 { churned.upsert(id: "J-\(index)", terms: document(index).terms, profile: document(index).profile) }
        var fresh = JobCorpus()
        for index in 800..<950 { fresh.upsert(id: "J-\(index)", terms: document(index).terms, profile: document(index).profile) }
        #expect(churned.count == 150)
        #expect(Matcher().bestJobs(for: Self.resumeDocuments[4], among: churned, topK: 3).first?.id.hasPrefix("J-") == true)
        for resume in Self.resumeDocuments {
            #expect(Matcher().bestJobs(for: resume, among: churned, topK: 30) == Matcher().bestJobs(for: resume, among: fresh, topK: 30))
        }
    }

    @Test func batchesMatchSingleQueries() {
        let corpus = Self.jobCorpus()
        let batch = Matcher().bestJobs(for: Self.resumeDocuments, among: corpus, topK: 3)
        for (index, resume) in Self.resumeDocuments.enumerated() {
            #expect(batch[index] == Matcher().bestJobs(for: resume, among: corpus, topK: 3))
        }
    }

    @Test func emptyInputsGiveNoMatches() {
        #expect(Matcher().bestJobs(for: Self.resumeDocuments[0], among: JobCorpus(), topK: 5).isEmpty)
        #expect(Matcher().bestJobs(for: Self.resumeDocuments[0], among: Self.jobCorpus(), topK: 0).isEmpty)
        let nothing = MatchDocument(id: "R-x", terms: TermVector(text: "zzzz qqqq"), profile: ResumeProfile())
        #expect(Matcher().bestJobs(for: nothing, among: Self.jobCorpus(), topK: 5).isEmpty)
    }

    @Test func matchTextWeighsThePositionAndLeavesOutNotes() {
        var job = Fixtures.job("J-1", position: "Staff Accountant", city: "Chicago", state: "IL", industry: "Finance")
        job.notes = "Call Bob about pipeline"
        job.hrHm = "Alice Smith"
        let text = MatchText.job(job, description: "Month-end close.")
        #expect(text.components(separatedBy: "Staff Accountant").count - 1 == 3)
        #expect(text.contains("Finance") && text.contains("Month-end close."))
        #expect(!text.contains("Bob") && !text.contains("Alice"))
    }
}
