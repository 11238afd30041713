import Foundation
import HireCore
import HireMatching
import HireRPC
import HireStorage

/// Job descriptions and profiles: `jobs.attachDescription` and `jobs.process`.
enum JobProfiling {
    static func checkProvider(_ provider: String?) throws(RPCError) {
        guard let provider else { return }
        guard MatchingProvider(rawValue: provider) != nil else {
            throw RPCError(
                .unknownProvider,
                "unknown provider '\(provider)'; this daemon has: \(MatchingProvider.allCases.map(\.rawValue).joined(separator: ", "))",
                data: ["param": "provider"])
        }
    }

    /// The builtin profile of a stored job, from its row and description (`view`: the job's
    /// wire form, when the caller has it already). A stale description is left out: it was
    /// written for another job.
    static func profile(_ job: StoredJob, view: JobView? = nil) -> JobProfile {
        JobProfiler.profile(description: job.descriptionStale ? nil : job.description, job: view ?? BoardService.view(job))
    }

    static func attach(_ params: Jobs.AttachDescription.Params, vault: VaultStore, files: PeerAccess) async throws -> JobView {
        let document: ReadDocument
        switch (params.path, params.text) {
        case (let path?, nil): document = try await DocumentIntake.offload { () throws(RPCError) in try DocumentIntake.read(path: path, files: files) }
        case (nil, let text?):
            let filename = "\(params.jobId).txt"
            document = try await DocumentIntake.offload { () throws(RPCError) in try DocumentIntake.read(text: text, filename: filename) }
        default: throw RPCError(.invalidParams, "give exactly one of path or text")
        }
        guard var job = try await vault.job(id: params.jobId) else { throw JobError.notFound(params.jobId) }
        job.description = document.text
        job.descriptionStale = false
        let profile = try jsonText(profile(job))
        let original = params.path != nil
            ? try await vault.putBlob(name: "\(params.jobId)-\(document.filename)", contents: document.original) : nil
        guard let updated = try await vault.setDescription(jobId: params.jobId, description: document.text, profile: profile) else {
            if let original { try await vault.deleteBlob(id: original.id) }
            throw JobError.notFound(params.jobId)
        }
        // The original of the description it replaces goes with it.
        if let replaced = try await vault.setJobDocument(jobId: params.jobId, blobId: original?.id) {
            try await vault.deleteBlob(id: replaced)
        }
        return BoardService.view(updated)
    }

    /// Profiles jobs in batches, each committed as it is done; a job that fails is recorded
    /// and the run goes on. A cancel keeps the batches already stored and records the run as cancelled.
    static func process(
        _ params: Jobs.Process.Params, vault: VaultStore, board: BoardService, runs: RunRecorder, userId: String, progress: ProgressReporter
    ) async throws -> Jobs.Process.Result {
        try checkProvider(params.provider)
        let started = runs.clock.now
        var ids: [String]
        if let jobIds = params.jobIds {
            ids = jobIds
        } else if let filters = params.filters {
            ids = try await board.jobIds(matching: filters, vault: vault, userId: userId)
        } else {
            ids = try await vault.jobIdsWithoutProfile()
        }
        var errors: [Jobs.Process.Failure] = []
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
            for id in batch {
                // A cancel stops within the batch; what is profiled so far is stored below.
                guard !Task.isCancelled else { break }
                guard let job = jobs[id] else {
                    errors.append(Jobs.Process.Failure(jobId: id, message: "no job \(id)"))
                    continue
                }
                do {
                    profiles.append((id, try jsonText(profile(job))))
                } catch {
                    // Encoding fails only for a number JSON cannot carry (not finite); the
                    // encoder's own text is Swift internals, not for a client.
                    errors.append(Jobs.Process.Failure(jobId: id, message: "cannot store the profile: it holds a number that is not finite"))
                }
            }
            processed += try await vault.setProfiles(profiles)
            if Task.isCancelled {
                status = .cancelled
                break
            }
            progress.report(ProgressUpdate(done: min(start + batchSize, ids.count), total: ids.count, stage: "process"))
        }
        let runId = try await runs.record(
            kind: "jobs.process", status: status, vault: vault, started: started,
            parameters: [
                "jobIds": params.jobIds.map { .array($0.map { .string($0) }) } ?? .null,
                "filters": params.filters.map { JSONValue(encoding: $0) } ?? .null, "provider": .string(params.provider ?? "builtin"),
            ],
            summary: ["jobs": .int(ids.count), "processed": .int(processed), "failed": .int(errors.count)],
            results: ["errors": .array(errors.map { .object(["jobId": .string($0.jobId), "message": .string($0.message)]) })])
        if status == .cancelled { throw CancellationError() }
        return Jobs.Process.Result(runId: runId, processed: processed, failed: errors.count, errors: errors)
    }
}
