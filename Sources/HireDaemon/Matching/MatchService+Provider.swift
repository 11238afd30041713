import Foundation
import HireCore
import HireMatching

/// The rationale-bearing answer of a re-ranking: the candidates best first.
struct ModelRanking: Decodable, Sendable {
    struct Entry: Decodable, Sendable {
        var id: String
        var rationale: String
    }
    var ranking: [Entry]
}

extension MatchService {
    /// How many of each group's best matches a provider re-orders.
    static let rerankDepth = 10

    /// `match.run {provider}`: the best `rerankDepth` matches of each group (a resume's jobs, or
    /// a job's resumes) re-ordered by the provider, each with its rationale in the explanation.
    /// A group whose answer falls back keeps the engine's order (the ledger says why).
    func rerank(
        _ matches: [RankedMatch], per: MatchPer, provider: ModelProvider, ledger: ModelLedger, vault: some UserStore
    ) async throws -> [RankedMatch] {
        let groupKey: (RankedMatch) -> String = { per == .resume ? $0.resumeId : $0.jobId }
        var order: [String] = []
        var groups: [String: [RankedMatch]] = [:]
        for match in matches {
            if groups[groupKey(match)] == nil { order.append(groupKey(match)) }
            groups[groupKey(match), default: []].append(match)
        }
        let jobs = Dictionary(try await vault.jobs(ids: Array(Set(matches.map(\.jobId)))).map { ($0.jobId, $0) }) { a, _ in a }
        let resumes = Dictionary(try await vault.resumes(ids: Array(Set(matches.map(\.resumeId)))).map { ($0.id, $0) }) { a, _ in a }
        func describe(job id: String) -> String {
            guard let job = jobs[id] else { return "job \(id)" }
            let profile = job.profile.flatMap { try? JSONDecoder().decode(JobProfile.self, from: Data($0.utf8)) } ?? JobService.profile(job)
            return "\(job.values[BoardColumn.position.ordinal]) at \(job.values[BoardColumn.company.ordinal]); requires: "
                + "\((profile.skills?.required ?? []).joined(separator: ", ")); prefers: \((profile.skills?.preferred ?? []).joined(separator: ", "))"
                + "; years: \(profile.minYears.map { String(Int($0)) } ?? "not stated")"
        }
        func describe(resume id: String) -> String {
            guard let profile = resumes[id]?.readProfile else { return "resume \(id)" }
            return "skills: \(profile.skills.prefix(30).joined(separator: ", ")); titles: \(profile.titles.joined(separator: ", ")); "
                + "years of experience: \(profile.yearsExperience.map { String(Int($0)) } ?? "not stated")"
        }
        var out: [RankedMatch] = []
        for key in order {
            let group = groups[key] ?? []
            let head = Array(group.prefix(Self.rerankDepth))
            let ids = head.map { per == .resume ? $0.jobId : $0.resumeId }
            let subject = per == .resume ? "Candidate — \(describe(resume: key))" : "Job — \(describe(job: key))"
            let options = ids.map { "- \($0): " + (per == .resume ? describe(job: $0) : describe(resume: $0)) }
            let input = "\(subject)\n\n\(per == .resume ? "Jobs" : "Candidates"), as a search engine ranked them:\n"
                + options.joined(separator: "\n")
            let task = ModelTask<ModelRanking>(
                name: "match_rerank",
                instructions: """
                    You are a recruiter. Order the \(per == .resume ? "jobs by how well the candidate fits each" : "candidates by how well each fits the job"), \
                    best first, using every id exactly once. For each, give a one-paragraph rationale naming the skills and \
                    experience that fit or are missing.
                    """,
                schema: .object([
                    ("ranking", .array(.object([("id", .string(oneOf: ids)), ("rationale", .string())]), minItems: ids.count, maxItems: ids.count))
                ]),
                maxTokens: 200 + 150 * ids.count)
            let names = per == .resume ? [resumes[key]?.readProfile.name].compactMap { $0 } : []
            guard let answer = await models.ask(task, input: input, names: names, item: key, provider: provider, vault: vault, ledger: ledger)
            else {
                out += group
                continue
            }
            // The model's order first (an id named twice counts once), then those it left out.
            var byId = Dictionary(head.map { ((per == .resume ? $0.jobId : $0.resumeId), $0) }) { a, _ in a }
            var reordered: [RankedMatch] = []
            for entry in answer.ranking {
                guard var match = byId.removeValue(forKey: entry.id) else { continue }
                match.explanation.rationale = entry.rationale
                match.explanation.ranking = .provider
                reordered.append(match)
            }
            reordered += head.filter { byId[per == .resume ? $0.jobId : $0.resumeId] != nil }
            for (index, var match) in (reordered + group.dropFirst(head.count)).enumerated() {
                match.rank = index + 1
                out.append(match)
            }
        }
        return out
    }
}
