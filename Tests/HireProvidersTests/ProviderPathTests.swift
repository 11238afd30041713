import Foundation
import HireClient
import HireCore
import HireDaemon
import HireProviders
import HireRPC
import HireTestSupport
import Testing

/// Resumes and match re-ranking through a provider (the local fake server answers each
/// question by its schema's name).
@Suite struct ProviderPathTests {
    private func setFake(_ client: RPCClient, _ server: LocalServer, model: String = "valid") async throws {
        _ = try await client.call(Providers.Set.self, .init(name: "fake", kind: .openai, baseURL: server.baseURL, model: model))
    }

    private let resumeText = """
        Ana Lopez
        ana.lopez@example.com · +1 512 555 0199
        Data engineer, 6 years. Python, Postgres, Airflow.
        """

    @Test func aResumeIsReadByTheProviderAndItsRunRecordsTheUsage() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setFake(client, server)
            let added = try await client.call(Resumes.Add.self, .init(text: resumeText, filename: "ana.txt", provider: "fake"))
            let resume = try #require(added.resumes.first)
            #expect(resume.skills == ["Python", "PostgreSQL"])
            #expect(resume.yearsExperience == 6)
            #expect(resume.education == "master")
            // Contacts stay the builtin engine's reading.
            #expect(resume.email == "ana.lopez@example.com")
            let run = try await client.call(History.Get.self, .init(runId: try #require(added.runId)))
            #expect(run.kind == "resumes.add")
            #expect(run.summary["provider"] == "fake")
            #expect(run.summary["usage"]?["inputTokens"] == 11)
            #expect(run.results?["resumeIds"] == [.string(resume.id)])

            // Without a provider nothing is sent and no run is recorded.
            let builtin = try await client.call(Resumes.Add.self, .init(text: resumeText + "\nAlso Java.", filename: "b.txt", allowDuplicates: true))
            #expect(builtin.runId == nil)
            #expect(try await server.received().count == 1)
        }
    }

    @Test func aResumeTheProviderCannotReadGetsTheBuiltinProfile() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setFake(client, server, model: "error-500")
            let added = try await client.call(Resumes.Add.self, .init(text: resumeText, filename: "ana.txt", provider: "fake"))
            #expect(added.resumes.first?.skills.contains("Python") == true)
            let run = try await client.call(History.Get.self, .init(runId: try #require(added.runId)))
            #expect(run.results?["fallbacks"]?[0]?["reason"] == "HTTP 500: overloaded")
        }
    }

    @Test func matchRunReordersTheTopByTheProviderWithRationales() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setFake(client, server)
            try await addJobs(client, ["J-1"], description: "Python and PostgreSQL data engineer, 5 years.")
            try await addJobs(client, ["J-2"], description: "Python developer.")
            try await addJobs(client, ["J-3"], description: "Java developer with Spring.")
            let resume = try #require(try await client.call(Resumes.Add.self, .init(text: resumeText, filename: "ana.txt")).resumes.first)
            let builtin = try await client.call(Match.Run.self, .init(resumeIds: [resume.id], topK: 3))
            let reranked = try await client.call(Match.Run.self, .init(resumeIds: [resume.id], topK: 3, provider: "fake"))
            try #require(builtin.matches.count >= 2)
            // The fake model puts the engine's order in reverse.
            #expect(reranked.matches.map(\.jobId) == builtin.matches.map(\.jobId).reversed())
            #expect(reranked.matches.map(\.rank) == Array(1...builtin.matches.count))
            #expect(reranked.matches.allSatisfy { $0.explanation.rationale?.hasPrefix("Fits:") == true && $0.explanation.ranking == .provider })
            #expect(builtin.matches.allSatisfy { $0.explanation.rationale == nil })
            let run = try await client.call(History.Get.self, .init(runId: reranked.runId))
            #expect(run.summary["provider"] == "fake")
            #expect(run.summary["usage"]?["requests"] == 1)
            // match.get shows the run as it was ranked.
            #expect(try await client.call(Match.Get.self, .init(runId: reranked.runId)).matches.map(\.jobId) == reranked.matches.map(\.jobId))
        }
    }
}

/// Interview questions written by a provider, and the answers graded by it.
@Suite struct ProviderInterviewTests {
    /// A recruiter with the provider `fake` (the fake server's `model`), a candidate who applied
    /// to her posting, and an interview of 3 questions created with the provider.
    private func withInterview(
        model: String,
        _ body: @Sendable (_ recruiter: RPCClient, _ candidate: RPCClient, _ interview: InterviewView, _ server: LocalServer) async throws -> Void
    ) async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withTestDaemon(configure: { $0.languageModel = HTTPModelClient(environment: [:]) }) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { recruiter in
                try await RPCClient.withConnection(socketPath: daemon.socketPath) { candidate in
                    for (client, name, role) in [(recruiter, "rita", Role.recruiter), (candidate, "carl", .candidate)] {
                        _ = try await client.call(
                            Auth.Register.self,
                            .init(username: name, email: "\(name)@example.com", password: "a long test passphrase", role: role, displayName: name))
                        _ = try await client.call(Auth.Login.self, .init(login: name, password: "a long test passphrase"))
                    }
                    _ = try await recruiter.call(
                        Providers.Set.self, .init(name: "fake", kind: .openai, baseURL: server.baseURL, model: model))
                    let posting = try await recruiter.call(
                        Postings.Publish.self,
                        .init(title: "Data Engineer", company: "Acme", description: "Python, PostgreSQL and Airflow; on-call for nightly loads."))
                    let resume = try #require(
                        try await candidate.call(Resumes.Add.self, .init(text: "Carl\nData engineer: Python, PostgreSQL, 4 years.", filename: "c.txt"))
                            .resumes.first)
                    let application = try await candidate.call(Applications.Submit.self, .init(postingId: posting.id, resumeId: resume.id))
                    let interview = try await recruiter.call(
                        Interviews.Create.self, .init(applicationId: application.id, count: 3, provider: "fake"))
                    try await body(recruiter, candidate, interview, server)
                }
            }
        }
    }

    @Test func theProviderWritesQuestionsWithRubricsAndTheBuiltinFillsTheRest() async throws {
        try await withInterview(model: "valid") { recruiter, _, interview, _ in
            #expect(interview.questions.map(\.id) == ["q1", "q2", "q3"])
            #expect(interview.questions.first?.text == "How have you tuned a slow PostgreSQL query?")
            #expect(interview.questions.first?.rubric?.map(\.cues) == [["explain", "plan"], ["index"]])
            #expect(interview.questions[1].kind == .situational)
            // The third is the builtin engine's, with its own rubric.
            #expect(!(interview.questions[2].rubric ?? []).isEmpty)
            let runs = try await recruiter.call(History.List.self, .init(kind: "interviews.create")).runs
            #expect(runs.first?.summary["fromProvider"] == 2)
            #expect(runs.first?.summary["usage"]?["inputTokens"] == 11)
        }
    }

    /// The candidate answers every question and submits; the recruiter's copy is read once the
    /// submission is delivered (her next call).
    private func answerAndSubmit(_ candidate: RPCClient, _ recruiter: RPCClient, _ interviewId: String) async throws -> InterviewView {
        let answers = [
            "q1": "I run EXPLAIN to read the plan. Then I add an index on the filtered column.",
            "q2": "First I read the logs to find the cause of the failure.",
        ]
        let asked = try await candidate.call(Interviews.Get.self, .init(interviewId: interviewId)).questions
        for question in asked where question.kind != .followUp {
            let text = answers[question.id] ?? "I used it every day at my last job for two years on large data pipelines."
            _ = try await candidate.call(Interviews.Answer.self, .init(interviewId: interviewId, questionId: question.id, text: text))
        }
        _ = try await candidate.call(Interviews.Submit.self, .init(interviewId: interviewId))
        return try await recruiter.call(Interviews.Get.self, .init(interviewId: interviewId))
    }

    @Test(arguments: ["valid", "repaired"])
    func theProviderGradesEachAnswerAgainstItsRubric(model: String) async throws {
        try await withInterview(model: model) { recruiter, candidate, interview, _ in
            let graded = try await answerAndSubmit(candidate, recruiter, interview.id)
            let assessment = try #require(graded.assessment)
            let first = try #require(assessment.perQuestion.first { $0.questionId == "q1" })
            // The builtin engine finds both points' cues; the fake grader covers only the first.
            #expect(first.assessment.gradedBy == "fake")
            #expect(first.score == 4)
            #expect(first.assessment.covered == ["Reads the plan"])
            #expect(first.assessment.missed == ["Adds an index"])
            // Its quote of the answer is kept, the sentence the answer never said is dropped.
            #expect(first.assessment.evidence == ["I run EXPLAIN to read the plan. Then I add an index on the filtered column."])
            #expect(assessment.perQuestion.allSatisfy { $0.assessment.gradedBy == "fake" })
            let run = try await recruiter.call(History.Get.self, .init(runId: try #require(assessment.gradingRunId)))
            #expect(run.kind == "interviews.grade")
            #expect(run.summary["fromProvider"] == 3)
            #expect(run.summary["fallbacks"] == 0)
            // A repaired answer costs a second request.
            #expect(run.summary["usage"]?["requests"] == (model == "repaired" ? 6 : 3))
            #expect(run.summary["usage"]?["outputTokens"] == (model == "repaired" ? 42 : 21))
        }
    }

    @Test func answersTheProviderCannotGradeAreGradedByTheBuiltinEngineWithTheReason() async throws {
        try await withInterview(model: "malformed-twice") { recruiter, candidate, interview, server in
            let graded = try await answerAndSubmit(candidate, recruiter, interview.id)
            let assessment = try #require(graded.assessment)
            let first = try #require(assessment.perQuestion.first { $0.questionId == "q1" })
            #expect(first.assessment.gradedBy == nil)
            #expect(assessment.perQuestion.allSatisfy { $0.assessment.gradedBy == nil })
            let run = try await recruiter.call(History.Get.self, .init(runId: try #require(assessment.gradingRunId)))
            #expect(run.summary["fromProvider"] == 0)
            guard case .array(let fallbacks)? = run.results?["fallbacks"] else { Issue.record("no fallbacks recorded"); return }
            #expect(Set(fallbacks.compactMap { $0["item"]?.stringValue }) == Set(assessment.perQuestion.map(\.questionId)))
            #expect(fallbacks.allSatisfy { $0["reason"]?.stringValue == "invalid answer after one repair: the answer is not JSON" })
            // Each answer was asked twice (the question, then its repair).
            let grading = try await server.received().filter { $0["body"]?["response_format"]?["json_schema"]?["name"] == "answer_grade" }
            #expect(grading.count == 2 * assessment.perQuestion.count)
        }
    }
}
