import Foundation
import HireCore
import HireMatching
import HireRPC

/// The jobs of the recruiter's board one by one: reading, creating, changing and deleting
/// them (keeping the board's index in step), full-text search, lists and exports, and their
/// descriptions and profiles.
struct JobService: Sendable {
    /// The board, whose index follows every change made here and answers exact filters.
    let board: BoardService
    /// Records `jobs.process` runs.
    let runs: RunRecorder
    /// LLM providers, for `jobs.process` with `provider`.
    let models: ModelEngine


    func get(_ jobId: String, vault: some JobStore) async throws -> StoredJob {
        guard let job = try await vault.job(id: jobId) else { throw JobError.notFound(jobId) }
        return job
    }

    func create(_ fields: JobChanges, vault: some JobStore, userId: String) async throws -> StoredJob {
        let jobId = fields.jobId.trimmingCharacters(in: .whitespaces)
        guard !jobId.isEmpty else { throw InvalidInput("jobId must not be empty", param: "jobId") }
        var values = BoardColumn.allCases.map { fields.values[$0]?.trimmingCharacters(in: .whitespaces) ?? "" }
        values[0] = jobId
        let parsed = BoardService.parsedFields(salary: values[BoardColumn.salary.ordinal], received: values[BoardColumn.received.ordinal])
        guard let job = try await vault.insertJob(values: values, parsed: parsed, description: fields.description) else {
            throw JobError.exists(jobId)
        }
        return job
    }

    func update(_ fields: JobChanges, vault: some JobStore, userId: String) async throws -> StoredJob {
        guard var job = try await vault.job(id: fields.jobId) else { throw JobError.notFound(fields.jobId) }
        let old = job.values
        for column in BoardColumn.allCases.dropFirst() {
            if let value = fields.values[column] { job.values[column.ordinal] = value.trimmingCharacters(in: .whitespaces) }
        }
        let oldDescription = job.description
        if let description = fields.description {
            job.description = description
            job.descriptionStale = false
        } else if job.description != nil, StoredJob.identityChanged(old, job.values) {
            // The description was written for the job as it was: it waits for a confirmation.
            job.descriptionStale = true
        }
        // A profile is made from the row and the description: once they change it is stale,
        // and jobs.process (or the next match) makes it again.
        if job.values != old || job.description != oldDescription { job.profile = nil }
        job.parsed = BoardService.parsedFields(salary: job.values[BoardColumn.salary.ordinal], received: job.values[BoardColumn.received.ordinal])
        return try await vault.updateJob(job)
    }

    /// `jobs.confirmDescription`: the job's description is confirmed for the job as it is now.
    func confirmDescription(_ jobId: String, vault: some JobStore) async throws -> StoredJob {
        guard let job = try await vault.confirmDescription(jobId: jobId) else { throw JobError.notFound(jobId) }
        return job
    }

    func delete(_ ids: [String], vault: some JobStore, userId: String) async throws -> Int {
        let jobs = try await withThrowingTaskGroup(of: StoredJob?.self) { group in
            var found: [StoredJob] = []
            for id in Set(ids) { group.addTask { try await vault.job(id: id) } }
            for try await job in group { if let job { found.append(job) } }
            return found
        }
        let deleted = try await vault.deleteJobs(ids: jobs.map(\.jobId))
        if !deleted.isEmpty { try await vault.sweepJobDocuments() }
        return deleted.count
    }

    /// `jobs.search`: the best `limit` jobs for what the caller typed, best first, each with
    /// its score and a snippet.
    func search(_ query: String, limit: Int, vault: some JobStore) async throws -> [(job: StoredJob, score: Double, snippet: String)] {
        let hits = try await vault.searchJobs(SearchTerms.ftsQuery(query), limit: limit)
        let jobs = Dictionary(uniqueKeysWithValues: try await vault.jobs(seqs: hits.map(\.seq)).map { ($0.seq, $0) })
        return hits.compactMap { hit in jobs[hit.seq].map { ($0, hit.score, hit.snippet) } }
    }

    // MARK: - Descriptions and profiles

    /// The profile of a job from `provider` (the builtin's when there is none, or when the
    /// provider's answer falls back: `ledger` records why).
    func profile(_ job: StoredJob, provider: ModelProvider?, vault: some ProviderStore, ledger: ModelLedger?) async -> JobProfile {
        guard let provider, let ledger, let description = job.descriptionStale ? nil : job.description else {
            // Without a description there is nothing for a model to read: the row is the builtin's.
            return Self.profile(job)
        }
        let value = { (column: BoardColumn) in job.values[column.ordinal] }
        let input = """
            Position: \(value(.position))
            Company: \(value(.company))
            Location: \([value(.city), value(.state), value(.country)].filter { !$0.isEmpty }.joined(separator: ", "))
            Salary: \(value(.salary))

            \(description)
            """
        guard
            let answer = await models.ask(
                .jobProfile, input: input, names: [value(.hrHm), value(.cm)].filter { !$0.isEmpty }, item: job.jobId, provider: provider,
                vault: vault, ledger: ledger)
        else { return Self.profile(job) }
        return answer.fromProvider(provider.settings.name)
    }

    /// The builtin profile of a stored job, from its row and description (`view`: the job's
    /// wire form, when the caller has it already). A stale description is left out: it was
    /// written for another job.
    static func profile(_ job: StoredJob, view: JobView? = nil) -> JobProfile {
        JobProfiler.profile(description: job.descriptionStale ? nil : job.description, job: view ?? JobView(job))
    }

    /// `jobs.attachDescription`: reads the description, profiles the job with it, and keeps
    /// a file's original (replacing the one before).
    func attach(_ source: DocumentSource, to jobId: String, vault: some JobStore & BlobStore, files: PeerAccess) async throws -> StoredJob {
        let document = try await DocumentIntake.read(source, files: files, defaultName: "\(jobId).txt")
        guard var job = try await vault.job(id: jobId) else { throw JobError.notFound(jobId) }
        job.description = document.text
        job.descriptionStale = false
        let profile = try jsonText(Self.profile(job))
        let original = source.isFile ? try await vault.putBlob(name: "\(jobId)-\(document.filename)", contents: document.original) : nil
        guard let updated = try await vault.setDescription(jobId: jobId, description: document.text, profile: profile) else {
            if let original { try await vault.deleteBlob(id: original.id) }
            throw JobError.notFound(jobId)
        }
        // The original of the description it replaces goes with it.
        if let replaced = try await vault.setJobDocument(jobId: jobId, blobId: original?.id) {
            try await vault.deleteBlob(id: replaced)
        }
        return updated
    }

    /// Profiles jobs in batches, each committed as it is done; a job that fails is recorded
    /// and the run goes on. A cancel keeps the batches already stored and records the run as cancelled.
    /// `jobIds`, else the jobs passing `filters`, else every job without a profile. The run is
    /// recorded as `runId`.
    func process(
        jobIds: [String]?, filters: Filters?, provider: String?, runId: String, vault: some JobStore & RunStore & ProviderStore, userId: String,
        progress: ProgressReporter
    ) async throws -> (runId: String, processed: Int, failures: [(jobId: String, message: String)]) {
        let model = try await models.provider(provider, vault: vault)
        let ledger = model.map(ModelLedger.init)
        let started = runs.clock.now
        var ids: [String]
        if let jobIds {
            ids = jobIds
        } else if let filters {
            ids = try await board.jobIds(matching: filters, vault: vault)
        } else {
            ids = try await vault.jobIdsWithoutProfile()
        }
        var errors: [(jobId: String, message: String)] = []
        var processed = 0
        var status = RunStatus.completed
        let batchSize = 500
        for start in stride(from: 0, to: ids.count, by: batchSize) {
            if Task.isCancelled {
                status = .cancelled
                break
            }
            let batch = Array(ids[start..<min(start + batchSize, ids.count)])
            let jobs = Dictionary(try await vault.jobs(ids: batch).map { ($0.jobId, $0) }, uniquingKeysWith: { a, _ in a })
            var profiles: [(jobId: String, profile: String)] = []
            let made = await self.profiles(of: batch.compactMap { jobs[$0] }, provider: model, vault: vault, ledger: ledger)
            for id in batch {
                // A cancel stops within the batch; what is profiled so far is stored below.
                guard !Task.isCancelled else { break }
                guard let profile = made[id] else {
                    errors.append((id, "no job \(id)"))
                    continue
                }
                do {
                    profiles.append((id, try jsonText(profile)))
                } catch {
                    // Encoding fails only for a number JSON cannot carry (not finite); the
                    // encoder's own text is Swift internals, not for a client.
                    errors.append((id, "cannot store the profile: it holds a number that is not finite"))
                }
            }
            processed += try await vault.setProfiles(profiles)
            if Task.isCancelled {
                status = .cancelled
                break
            }
            progress.report(ProgressUpdate(done: min(start + batchSize, ids.count), total: ids.count, stage: "process"))
        }
        try await runs.record(
            id: runId, kind: "jobs.process", status: status, vault: vault, started: started,
            parameters: [
                "jobIds": jobIds.map { .array($0.map { .string($0) }) } ?? .null,
                "filters": filters.map { JSONValue(encoding: $0) } ?? .null, "provider": .string(provider ?? "builtin"),
            ],
            summary: ["jobs": .int(ids.count), "processed": .int(processed), "failed": .int(errors.count)].merging(ledger?.summary ?? [:]) { a, _ in a },
            results: [
                "errors": .array(errors.map { .object(["jobId": .string($0.jobId), "message": .string($0.message)]) }),
                "fallbacks": ledger?.fallbacks ?? .array([]),
            ])
        if status == .cancelled { throw CancellationError() }
        return (runId, processed, errors)
    }
}

extension JobService {
    /// The profiles of `jobs` by job id: through the provider, at most its `maxConcurrency` at
    /// a time, or the builtin's. A cancel leaves the jobs not yet begun out.
    private func profiles(
        of jobs: [StoredJob], provider: ModelProvider?, vault: some ProviderStore, ledger: ModelLedger?
    ) async -> [String: JobProfile] {
        guard let provider else { return Dictionary(jobs.map { ($0.jobId, Self.profile($0)) }, uniquingKeysWith: { a, _ in a }) }
        return await withTaskGroup(of: (String, JobProfile)?.self) { group in
            var made: [String: JobProfile] = [:]
            var next = jobs.makeIterator()
            func start() -> Bool {
                guard let job = next.next() else { return false }
                group.addTask {
                    guard !Task.isCancelled else { return nil }
                    return (job.jobId, await self.profile(job, provider: provider, vault: vault, ledger: ledger))
                }
                return true
            }
            for _ in 0..<provider.settings.maxConcurrency {
                guard start() else { break }
            }
            for await result in group {
                if let (id, profile) = result { made[id] = profile }
                _ = start()
            }
            return made
        }
    }
}

extension JobView {
    /// A stored job as the wire shows it: its columns by name, parsed fields, description,
    /// profile and times.
    init(_ job: StoredJob) {
        self.init(jobId: job.jobId)
        for column in BoardColumn.allCases { self[column] = job.values[column.ordinal] }
        extras = job.extras.isEmpty ? nil : Dictionary(job.extras.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        salaryMin = job.parsed.salaryMin
        salaryMax = job.parsed.salaryMax
        currency = job.parsed.currency
        period = job.parsed.period
        receivedDate = job.parsed.receivedDate
        description = job.description
        descriptionStale = job.description == nil ? nil : job.descriptionStale
        profile = job.profile.flatMap { try? JSONDecoder().decode(JobProfile.self, from: Data($0.utf8)) }
        createdAt = rfc3339(job.createdAt)
        updatedAt = rfc3339(job.updatedAt)
    }
}
