import Foundation
import HireCore
import HireMatching
import HireRPC
import Synchronization

/// `match.*`: ranks resumes against jobs in the caller's vault.
///
/// Each job and resume has a match document in the vault (its BM25 terms and profile),
/// made when a resume is added and, for jobs, whenever a job is new or changed since its
/// document was made. Each user's corpora live in memory, brought in step with the vault's
/// documents before every run, so a run costs only the ranking.
final class MatchService: Sendable {
    private let users = Mutex<[String: UserCorpora]>([:])
    /// Answers a run's exact filters from its index.
    let board: BoardService
    /// Records match runs.
    let runs: RunRecorder
    /// Each user's ranking learned from their feedback, and the re-ranking it does.
    let learning: LearnedRanking
    /// LLM providers, for `match.run {provider}`'s re-ranking.
    let models: ModelEngine

    init(board: BoardService, runs: RunRecorder, models: ModelEngine) {
        self.board = board
        self.runs = runs
        self.models = models
        learning = LearnedRanking(clock: runs.clock)
    }

    private func corpora(userId: String) -> UserCorpora {
        users.withLock { users in
            if let existing = users[userId] { return existing }
            let made = UserCorpora()
            users[userId] = made
            return made
        }
    }

    /// Drops a user's corpora (their vault was locked or deleted).
    func forget(userId: String) {
        _ = users.withLock { $0.removeValue(forKey: userId) }
        learning.forget(userId: userId)
    }

    /// `match.run`: ranks jobs for each resume (or resumes for each job: `per`), among the
    /// named jobs or those passing `filters` (all when neither), leaving out pairs that fail a
    /// check named in `require`, keeping the best `topK` of each — re-scored by the user's
    /// learned ranking when it is in use; records the run and returns its id (`runId`) and the
    /// labelled matches.
    func run(
        resumeIds: [String]?, jobIds: [String]?, filters: Filters?, require: [String]? = nil, topK: Int?, per: MatchPer?,
        provider: String?, runId: String, vault: some UserStore, userId: String, progress: ProgressReporter
    ) async throws -> (runId: String, matches: [RankedMatch]) {
        let reranker = try await models.provider(provider, vault: vault)
        let ledger = reranker.map(ModelLedger.init)
        let required = try Self.requirements(require)
        let topK = topK ?? 10
        guard (1...1000).contains(topK) else { throw InvalidInput("topK must be between 1 and 1000", param: "topK") }
        if jobIds != nil, filters != nil { throw InvalidInput("give jobIds or filters, not both", param: "filters") }
        let started = runs.clock.now
        var allowedJobs: Set<String>?
        if let jobIds {
            allowedJobs = Set(jobIds)  // each checked against the corpus, once it is in step
        } else if let filters {
            allowedJobs = Set(try await board.jobIds(matching: filters, vault: vault))
        }
        let per = per ?? .resume
        let corpora = corpora(userId: userId)
        let model = try await learning.current(vault: vault, userId: userId)
        let ranker = model?.inUse
        let depth = ranker == nil ? topK : max(topK, LearnedRanking.depth)
        let ranked = try await corpora.rank(
            vault: vault, resumeIds: resumeIds, allowedJobs: allowedJobs, named: jobIds != nil, per: per, required: required, topK: depth,
            progress: progress)
        // Labelled now and stored so: a run says who and what it ranked as they were then,
        // whatever is renamed or deleted later.
        var matches = try await Self.labelled(
            model.map { LearnedRanking.rerank(ranked, per: per, topK: topK, model: $0) } ?? LearnedRanking.markDefault(ranked), vault: vault)
        if let reranker, let ledger {
            matches = try await rerank(matches, per: per, provider: reranker, ledger: ledger, vault: vault)
        }
        let parameters: [String: JSONValue] = [
            "resumeIds": resumeIds.map { .array($0.map { .string($0) }) } ?? .null,
            "jobIds": jobIds.map { .array($0.map { .string($0) }) } ?? .null,
            "filters": filters.map { JSONValue(encoding: $0) } ?? .null, "require": require.map { .array($0.map { .string($0) }) } ?? .null,
            "topK": .int(topK), "per": .string(per.rawValue),
            "provider": .string(provider ?? "builtin"),
        ]
        try await runs.record(
            id: runId, kind: "match.run", status: .completed, vault: vault, started: started, parameters: parameters,
            summary: [
                "resumes": .int(Set(matches.map(\.resumeId)).count), "jobs": .int(Set(matches.map(\.jobId)).count),
                "matches": .int(matches.count), "per": .string(per.rawValue),
                "ranking": .string((ranker == nil ? MatchRanking.default : .learned).rawValue),
            ].merging(ledger?.summary ?? [:]) { a, _ in a },
            resultsJSON: try jsonText(StoredMatches(matches: matches, fallbacks: ledger?.fallbackList)))
        return (runId, matches)
    }

    /// The checks named in `match.run {require}`; an unknown name is refused, naming the ones known.
    static func requirements(_ names: [String]?) throws -> MatchRequirements {
        var required: MatchRequirements = []
        for name in names ?? [] {
            guard let check = MatchRequirements.byName[name] else {
                let known = MatchRequirements.byName.keys.sorted().joined(separator: ", ")
                throw InvalidInput("require: no check is named '\(name)' (the checks: \(known))", param: "require")
            }
            required.insert(check)
        }
        return required
    }

    /// `match.get`: a match run's matches, labelled.
    static func get(_ runId: String, vault: some RunStore & JobStore & ResumeStore) async throws -> [RankedMatch] {
        guard let run = try await vault.run(id: runId), run.kind == "match.run" else {
            throw RunError.notAMatchRun(runId)
        }
        return try await matches(of: run, vault: vault)
    }

    /// A match run's stored matches, labelled.
    static func matches(of run: Run, vault: some JobStore & ResumeStore) async throws -> [MatchEntry] {
        try await labelled(stored(run), vault: vault)
    }

    /// A match run's matches as stored (ids, no names).
    static func stored(_ run: Run) throws -> [MatchEntry] {
        try JSONDecoder().decode(StoredMatches.self, from: Data(run.results.utf8)).matches
    }

    /// The matches with the candidate's name and the job's company and position where they
    /// have none, read now: a run stores the labels of its time; runs made before it did are
    /// labelled as things stand (a resume or job deleted since keeps its id alone).
    static func labelled(_ matches: [MatchEntry], vault: some JobStore & ResumeStore) async throws -> [MatchEntry] {
        var jobs: [String: StoredJob] = [:]
        let unlabelledJobs = Set(matches.filter { $0.position == nil && $0.company == nil }.map(\.jobId))
        if !unlabelledJobs.isEmpty { for job in try await vault.jobs(ids: Array(unlabelledJobs)) { jobs[job.jobId] = job } }
        var names: [String: String] = [:]
        let unnamed = Set(matches.filter { $0.candidate == nil }.map(\.resumeId))
        if !unnamed.isEmpty {
            for resume in try await vault.resumes(ids: Array(unnamed)) { names[resume.id] = resume.readProfile.name ?? resume.filename }
        }
        return matches.map { match in
            var labelled = match
            labelled.candidate = match.candidate ?? names[match.resumeId]
            if match.position == nil, match.company == nil, let job = jobs[match.jobId] {
                labelled.company = job.values[BoardColumn.company.ordinal]
                labelled.position = job.values[BoardColumn.position.ordinal]
            }
            return labelled
        }
    }

    /// `match.export`: one CSV row per match of a run, with the resume's name and the job's
    /// company and position; and how many rows it holds.
    static func exportCSV(_ runId: String, vault: some RunStore & JobStore & ResumeStore) async throws -> (csv: String, rows: Int) {
        let matches = try await get(runId, vault: vault)
        var writer = CSVWriter()
        writer.row([
            "runId", "rank", "resumeId", "candidate", "jobId", "company", "position", "score", "textSimilarity", "skillCoverage",
            "matchedSkills", "missingSkills", "checks",
        ])
        for match in matches {
            let checks = match.explanation.checks.map { check in
                "\(check.name): \(check.passed.map { $0 ? "passed" : "failed" } ?? "unknown") (\(check.detail))"
            }
            writer.row([
                runId, String(match.rank), match.resumeId, match.candidate ?? "", match.jobId, match.company ?? "",
                match.position ?? "",
                String(match.score), String(match.explanation.textSimilarity), String(match.explanation.skillCoverage),
                match.explanation.matchedSkills.joined(separator: "; "), match.explanation.missingSkills.joined(separator: "; "),
                checks.joined(separator: "; "),
            ])
        }
        return (writer.text, matches.count)
    }
}

/// A match run's results as stored: `{matches: [...]}`, as history shows them.
struct StoredMatches: Codable {
    var matches: [MatchEntry]
    /// With a provider: the groups whose re-ranking fell back, and why.
    var fallbacks: [ModelFallback]? = nil
}

/// One user's corpora of jobs and resumes, in step with the vault's match documents.
/// An actor: runs for one user take turns; different users' runs go in parallel.
actor UserCorpora {
    private var jobs = JobCorpus()
    private var resumes = ResumeCorpus()
    private var jobVersions: [String: Double] = [:]
    private var resumeVersions: [String: Double] = [:]
    private let weights = EvaluationWeights.current
    /// The vault and its change number when the corpora were last brought in step.
    private var syncedAt: (opening: UUID, change: Int)?

    func rank(
        vault: some JobStore & ResumeStore & MatchDocumentStore, resumeIds: [String]?, allowedJobs: Set<String>?, named: Bool, per: MatchPer,
        required: MatchRequirements = [], topK: Int, progress: ProgressReporter
    ) async throws -> [MatchEntry] {
        let matcher = Matcher(weights: weights, required: required)
        // Ids that name nothing are refused before the corpora are brought in step (which,
        // after a large import, takes a while).
        for id in Set(resumeIds ?? []).sorted() where try await vault.resume(id: id) == nil { throw ResumeError.notFound(id) }
        if named, let allowedJobs {
            for id in allowedJobs.sorted() where try await vault.job(id: id) == nil { throw JobError.notFound(id) }
        }
        // Nothing changed since the last run: skip the scans (they decrypt the vault's pages).
        let change = vault.changeNumber
        if syncedAt.map({ $0.opening != vault.opening || $0.change != change }) ?? true {
            try await refreshJobDocuments(vault: vault, progress: progress)
            try await sync(kind: .resume, vault: vault)
            try await sync(kind: .job, vault: vault)
            syncedAt = (vault.opening, change)
        }
        // Jobs named by id must exist (filters name only jobs that do).
        if named, let missing = allowedJobs?.sorted().first(where: { !jobs.contains($0) }) {
            if try await vault.job(id: missing)?.descriptionStale == true {
                throw JobError.descriptionStale(missing)
            }
            throw JobError.notFound(missing)
        }
        let chosenResumes: [String]
        if let resumeIds {
            for id in resumeIds where !resumes.contains(id) { throw ResumeError.notFound(id) }
            chosenResumes = Array(Set(resumeIds)).sorted()
        } else {
            chosenResumes = resumeVersions.keys.sorted()
        }
        var entries: [MatchEntry] = []
        // Slices of queries share the matcher's set-up and let progress and cancels through.
        let slice = 25
        switch per {
        case .resume:
            let queries = chosenResumes.compactMap { resumes.document(id: $0) }
            for start in stride(from: 0, to: queries.count, by: slice) {
                try Task.checkCancellation()
                let part = Array(queries[start..<min(start + slice, queries.count)])
                for (resume, ranked) in zip(part, matcher.bestJobs(for: part, among: jobs, allowed: allowedJobs, topK: topK)) {
                    for (rank, match) in ranked.enumerated() {
                        entries.append(
                            MatchEntry(resumeId: resume.id, jobId: match.id, rank: rank + 1, score: match.score, explanation: match.explanation))
                    }
                }
                progress.report(ProgressUpdate(done: start + part.count, total: queries.count, stage: "match", message: "resumes matched"))
            }
        case .job:
            let allowedResumes = Set(chosenResumes)
            let queries = (allowedJobs.map { $0.sorted() } ?? jobVersions.keys.sorted()).compactMap { jobs.document(id: $0) }
            for start in stride(from: 0, to: queries.count, by: slice * 4) {
                try Task.checkCancellation()
                let part = Array(queries[start..<min(start + slice * 4, queries.count)])
                for (job, ranked) in zip(part, matcher.bestResumes(for: part, among: resumes, allowed: allowedResumes, topK: topK)) {
                    for (rank, match) in ranked.enumerated() {
                        entries.append(
                            MatchEntry(resumeId: match.id, jobId: job.id, rank: rank + 1, score: match.score, explanation: match.explanation))
                    }
                }
                progress.report(ProgressUpdate(done: start + part.count, total: queries.count, stage: "match", message: "jobs matched"))
            }
        }
        return entries
    }

    /// Makes match documents for jobs that are new or changed since theirs was made, and
    /// removes those of deleted jobs and resumes.
    private func refreshJobDocuments(vault: some MatchDocumentStore, progress: ProgressReporter) async throws {
        let stale = try await vault.jobsNeedingMatchDocuments()
        let batchSize = 1000
        for start in stride(from: 0, to: stale.count, by: batchSize) {
            try Task.checkCancellation()
            let documents = try stale[start..<min(start + batchSize, stale.count)].map { job in
                try Task.checkCancellation()
                return try Self.document(of: job)
            }
            try await vault.updateMatchDocuments(kind: .job, put: documents, remove: [])
            progress.report(
                ProgressUpdate(done: min(start + batchSize, stale.count), total: stale.count, stage: "index", message: "jobs indexed"))
        }
        try await vault.updateMatchDocuments(kind: .job, put: [], remove: try await vault.orphanMatchDocuments(kind: .job))
        try await vault.updateMatchDocuments(kind: .resume, put: [], remove: try await vault.orphanMatchDocuments(kind: .resume))
    }

    /// A job's match document: its terms (``MatchText/job(_:description:)``) and profile.
    private static func document(of job: StoredJob) throws -> StoredMatchDocument {
        let view = JobView(job)
        let profile = view.profile ?? JobService.profile(job, view: view)
        return StoredMatchDocument(
            id: job.jobId, version: job.updatedAt.timeIntervalSince1970,
            terms: TermVector(text: MatchText.job(view, description: job.description)).encoded(), features: try jsonText(profile))
    }

    /// Brings the in-memory corpus of a kind in step with the vault's documents.
    private func sync(kind: StoredMatchDocument.Kind, vault: some JobStore & ResumeStore & MatchDocumentStore) async throws {
        let stored = try await vault.matchVersions(kind: kind)
        let known = kind == .job ? jobVersions : resumeVersions
        let changed = stored.filter { known[$0.key] != $0.value }.keys.sorted()
        let gone = known.keys.filter { stored[$0] == nil }
        guard !changed.isEmpty || !gone.isEmpty else { return }
        let documents = try await vault.matchDocuments(kind: kind, ids: changed)
        switch kind {
        case .job:
            let outdated = Self.apply(documents, removing: gone, to: &jobs)
            let remade = try await vault.jobs(ids: outdated).map(Self.document(of:))
            try await vault.updateMatchDocuments(kind: .job, put: remade, remove: [])
            _ = Self.apply(remade, removing: [], to: &jobs)
            jobVersions = stored.merging(remade.map { ($0.id, $0.version) }) { $1 }
        case .resume:
            let outdated = Self.apply(documents, removing: gone, to: &resumes)
            let features = Dictionary(documents.map { ($0.id, $0.features) }) { $1 }
            let remade = try await vault.resumes(ids: outdated).map { resume in
                StoredMatchDocument(
                    id: resume.id, version: stored[resume.id] ?? 0, terms: TermVector(text: resume.text).encoded(),
                    features: features[resume.id] ?? resume.profile)
            }
            try await vault.updateMatchDocuments(kind: .resume, put: remade, remove: [])
            _ = Self.apply(remade, removing: [], to: &resumes)
            resumeVersions = stored
        }
    }

    /// Removes `gone` from a corpus and puts in `documents`; returns the ids of those whose
    /// terms are of an older format (the matcher's vocabulary changed), to be made again from
    /// their text. A document whose profile does not decode stays out, and is made again when
    /// its job or resume changes.
    private static func apply<Profile: MatchProfile & Decodable>(
        _ documents: [StoredMatchDocument], removing gone: [String], to corpus: inout MatchCorpus<Profile>
    ) -> [String] {
        let decoder = JSONDecoder()
        // Those that change go first, with those gone, in one pass over the posting lists.
        corpus.remove(ids: gone + documents.map(\.id))
        var outdated: [String] = []
        for document in documents {
            guard let profile = try? decoder.decode(Profile.self, from: Data(document.features.utf8)) else { continue }
            if !corpus.upsert(id: document.id, encodedTerms: document.terms, profile: profile) { outdated.append(document.id) }
        }
        return outdated
    }
}
