import Foundation
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// A board of 30 software jobs, half in Austin and half elsewhere, with texts of random
/// overlap with 8 resumes of people in Austin (the jobs elsewhere list more skills): the
/// default ranking follows the texts, so a recruiter who cares only about where the job is
/// disagrees with it.
enum FeedbackWorld {
    static let skills = [
        "Swift", "Python", "Go", "Rust", "Java", "Kotlin", "TypeScript", "React", "PostgreSQL", "Redis", "Kafka", "Kubernetes",
        "Docker", "Terraform", "AWS", "GraphQL", "Django", "Spark", "Airflow", "Elasticsearch",
    ]
    static let elsewhere = [("Denver", "CO"), ("Boston", "MA"), ("Seattle", "WA")]

    /// Job ids J-00…J-29; even ones are in Austin.
    static func load(_ client: RPCClient) async throws -> [String] {
        var random = SplitMix(state: 11)
        var rows = [header]
        var descriptions: [String: String] = [:]
        for index in 0..<30 {
            let id = String(format: "J-%02d", index)
            let (city, state) = index % 2 == 0 ? ("Austin", "TX") : elsewhere[index % 3]
            rows.append(
                [id, "Company \(index)", "Software Engineer", city, state, "USA", "", "", "2025-06-01", "", "No", "4", "A", "No", "", "", "1", "", "", "Tech"]
                    .joined(separator: ","))
            // Jobs elsewhere list more skills: their texts tend to match better.
            let picked = skills.shuffled(using: &random).prefix((index % 2 == 0 ? 3 : 6) + Int(random.next() % 4))
            descriptions[id] = """
                Software Engineer, onsite in \(city), \(state).
                Requirements
                - Experience with \(picked.joined(separator: ", "))
                - Building and running production services
                """
        }
        _ = try await client.call(MTB.Import.self, .init(csv: rows.joined(separator: "\n")))
        for (id, text) in descriptions.sorted(by: { $0.key < $1.key }) {
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: id, text: text))
        }
        var resumeIds: [String] = []
        for index in 0..<8 {
            let picked = skills.shuffled(using: &random).prefix(4 + Int(random.next() % 6))
            let text = """
                Person \(index)
                Austin, TX · person\(index)@example.com
                Software Engineer
                Experience
                Software Engineer, Firm \(index), 2019 – Present: production services with \(picked.joined(separator: ", ")).
                Skills: \(picked.joined(separator: ", "))
                """
            let added = try await client.call(Resumes.Add.self, .init(text: text, filename: "p\(index).txt"))
            resumeIds.append(try #require(added.resumes.first).id)
        }
        return resumeIds
    }

    /// A job in Austin, as the match's location check says.
    static func local(_ match: MatchEntry) -> Bool {
        match.explanation.checks.contains { $0.name == "location" && $0.passed == true }
    }

    /// Labels every match of a run with `grade`; returns how many.
    @discardableResult
    static func label(
        _ client: RPCClient, _ run: Match.Run.Result, grade: @Sendable (MatchEntry) -> FeedbackLabel
    ) async throws -> Int {
        for match in run.matches {
            _ = try await client.call(
                Match.Feedback.self, .init(runId: run.runId, resumeId: match.resumeId, jobId: match.jobId, label: grade(match)))
        }
        return run.matches.count
    }
}

@Suite struct FeedbackTests {
    @Test func aRecruiterWhoCaresAboutPlaceTeachesARankingThatBeatsTheDefault() async throws {
        try await withRecruiter { client, _ in
            _ = try await FeedbackWorld.load(client)
            let before = try await client.call(Match.Run.self, .init(topK: 12))
            #expect(before.matches.count == 96)
            #expect(before.matches.allSatisfy { $0.explanation.ranking == .default && $0.explanation.rankingNote == nil })
            // The default ranking mixes places: the recruiter's rule is not the engine's.
            let localAtTop = before.matches.filter { $0.rank <= 3 }.filter { FeedbackWorld.local($0) }.count
            #expect(localAtTop < 24, "the default already ranks local jobs first: the test shows nothing")

            // Too few labels: no model yet.
            let first = Match.Run.Result(runId: before.runId, matches: Array(before.matches.prefix(12)))
            try await FeedbackWorld.label(client, first) { FeedbackWorld.local($0) ? .good : .bad }
            let early = try await client.call(Match.Model.self, .init())
            #expect(early.ranking == .default)
            #expect(early.status == .tooFewLabels)
            #expect(early.labels == 12)

            try await FeedbackWorld.label(client, before) { FeedbackWorld.local($0) ? .good : .bad }
            let model = try await client.call(Match.Model.self, .init())
            #expect(model.labels == 96)
            #expect(model.ranking == .learned, "\(model.summary)")
            let evaluation = try #require(model.evaluation)
            #expect(evaluation.model.nDCG > evaluation.default.nDCG)
            #expect(evaluation.gainLowerBound > 0)
            #expect(evaluation.heldOutQueries == 8)
            let weights = try #require(model.weights)
            #expect(weights.first?.feature == "check.location.passed" || weights.first?.feature == "check.location.failed", "\(weights)")
            #expect(model.fittedAt != nil)

            // match.run now ranks by the learned weights, and says so.
            let after = try await client.call(Match.Run.self, .init(topK: 5))
            #expect(after.matches.count == 40)
            #expect(after.matches.allSatisfy { $0.explanation.ranking == .learned })
            #expect(after.matches.allSatisfy { $0.explanation.defaultScore != nil && $0.explanation.defaultRank != nil })
            #expect(after.matches.allSatisfy { $0.explanation.rankingNote?.contains("learned from your feedback") == true })
            #expect(after.matches.allSatisfy { FeedbackWorld.local($0) }, "\(after.matches.map { ($0.jobId, $0.explanation.defaultRank ?? 0) })")
            #expect(after.matches.contains { $0.explanation.defaultRank! > 5 })  // brought up from below the default's top 5
            for resumeId in Set(after.matches.map(\.resumeId)) {
                let mine = after.matches.filter { $0.resumeId == resumeId }
                #expect(mine.map(\.rank) == Array(1...5))
                #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.score >= $1.score })
            }
            #expect(try await client.call(Match.Get.self, .init(runId: after.runId)).matches.map(\.jobId) == after.matches.map(\.jobId))
            // Resumes ranked for a job are re-scored by the same weights.
            let perJob = try await client.call(Match.Run.self, .init(jobIds: ["J-00", "J-01"], topK: 3, per: .job))
            #expect(perJob.matches.count == 6)
            #expect(perJob.matches.allSatisfy { $0.explanation.ranking == .learned })
            #expect(perJob.matches.filter { $0.jobId == "J-01" }.map(\.rank) == [1, 2, 3])

            // Reset: the default ranks again, the labels stay.
            let reset = try await client.call(Match.Model.self, .init(reset: true))
            #expect(reset.reset == true)
            #expect(reset.ranking == .default)
            #expect(reset.status == .reset)
            #expect(reset.labels == 96)
            #expect(reset.weights == nil)
            let defaultAgain = try await client.call(Match.Run.self, .init(topK: 12))
            #expect(defaultAgain.matches.allSatisfy { $0.explanation.ranking == .default })
            #expect(defaultAgain.matches.map(\.jobId) == before.matches.map(\.jobId))

            // New feedback fits again: the same labels give the same weights, to the bit.
            let one = try #require(before.matches.first)
            let relabelled = try await client.call(
                Match.Feedback.self, .init(runId: before.runId, resumeId: one.resumeId, jobId: one.jobId, label: FeedbackWorld.local(one) ? .good : .bad))
            #expect(relabelled.replaced)
            #expect(relabelled.labels == 96)
            let refitted = try await client.call(Match.Model.self, .init())
            #expect(refitted.ranking == .learned)
            #expect(refitted.weights == model.weights)
            #expect(refitted.evaluation == model.evaluation)

            // forgetLabels removes the labels too.
            let forgotten = try await client.call(Match.Model.self, .init(forgetLabels: true))
            #expect(forgotten.forgotLabels == 96)
            #expect(forgotten.labels == 0)
            #expect(forgotten.ranking == .default)
            #expect(forgotten.status == nil)
        }
    }

    @Test func labelsThatAreNoiseOrAgreeWithTheDefaultLeaveTheDefaultInUse() async throws {
        try await withRecruiter { client, _ in
            let resumeIds = try await FeedbackWorld.load(client)
            let run = try await client.call(Match.Run.self, .init(topK: 12))
            // Grades drawn for each person and job from a fixed seed (not in run order: resume ids differ from run to run).
            try await FeedbackWorld.label(client, run) { match in
                var random = SplitMix(state: UInt64(resumeIds.firstIndex(of: match.resumeId)! * 100 + Int(match.jobId.dropFirst(2))!))
                return FeedbackLabel(grade: Int(random.next() % 4))!
            }
            let noisy = try await client.call(Match.Model.self, .init())
            #expect(noisy.status == .notBetter, "\(noisy.summary)")
            #expect(noisy.ranking == .default)
            #expect(noisy.weights != nil)
            #expect(try #require(noisy.evaluation).gainLowerBound <= 0)
            let next = try await client.call(Match.Run.self, .init(topK: 12))
            #expect(next.matches.allSatisfy { $0.explanation.ranking == .default })
            #expect(next.matches.map(\.jobId) == run.matches.map(\.jobId))

            // A recruiter who agrees with the engine: the best three of each are good.
            try await FeedbackWorld.label(client, run) { $0.rank <= 3 ? .good : .bad }
            let agreeing = try await client.call(Match.Model.self, .init())
            #expect(agreeing.status == .notBetter, "\(agreeing.summary)")
            #expect(agreeing.ranking == .default)
            let evaluation = try #require(agreeing.evaluation)
            #expect(evaluation.default.nDCG > 0.99)  // not 1: scores equal to a tenth are ordered by id here
            #expect(evaluation.model.nDCG <= evaluation.default.nDCG)
        }
    }

    @Test func feedbackNamesWhatIsWrongWithIt() async throws {
        try await withRecruiter { client, _ in
            let resumeIds = try await FeedbackWorld.load(client)
            let run = try await client.call(Match.Run.self, .init(resumeIds: [resumeIds[0]], topK: 3))
            let match = try #require(run.matches.first)
            func feedback(_ params: JSONValue) async throws { _ = try await client.call("match.feedback", params: params) }
            func error(_ params: JSONValue) async -> RPCError? {
                do {
                    try await feedback(params)
                    return nil
                } catch let error as RPCError {
                    return error
                } catch {
                    return nil
                }
            }
            let good: [String: JSONValue] = [
                "runId": .string(run.runId), "resumeId": .string(match.resumeId), "jobId": .string(match.jobId), "label": "good",
            ]
            // Accepted: words, grades as integers or digits.
            for label: JSONValue in ["good", "BAD", .int(3), "2"] {
                var params = good
                params["label"] = label
                try await feedback(.object(params))
            }
            #expect(try await client.call(Match.Model.self, .init()).labels == 1)

            var unknownRun = good
            unknownRun["runId"] = "no-such-run"
            #expect(await error(.object(unknownRun))?.code == .runNotFound)
            let importRun = try #require(try await client.call(MTB.Import.self, .init(csv: header)).runId)
            var notAMatchRun = good
            notAMatchRun["runId"] = .string(importRun)
            #expect(await error(.object(notAMatchRun))?.code == .runNotFound)

            let unranked = try #require(Set((0..<30).map { String(format: "J-%02d", $0) }).subtracting(run.matches.map(\.jobId)).sorted().first)
            var notInRun = good
            notInRun["jobId"] = .string(unranked)
            let missing = try #require(await error(.object(notInRun)))
            #expect(missing.code == .matchNotInRun)
            #expect(missing.message.contains(run.runId) && missing.message.contains(unranked) && missing.message.contains(match.resumeId))
            var otherResume = good
            otherResume["resumeId"] = .string(resumeIds[1])
            #expect(await error(.object(otherResume))?.code == .matchNotInRun)

            for label: JSONValue in ["great", .int(4), .int(-1), "", .double(1.5), .null, .bool(true)] {
                var params = good
                params["label"] = label
                let refused = try #require(await error(.object(params)), "\(label)")
                #expect(refused.code == .invalidParams)
                #expect(refused.data?["param"]?.stringValue == "label", "\(refused.message)")
            }
            var noLabel = good
            noLabel["label"] = nil
            #expect(await error(.object(noLabel))?.code == .invalidParams)
            #expect(try await client.call(Match.Model.self, .init()).labels == 1)
        }
    }
}
