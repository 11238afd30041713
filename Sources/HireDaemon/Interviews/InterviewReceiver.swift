import Foundation
import HireCore
import HireMatching
import HireRPC

/// Takes what the inbox delivers about interviews into the recipient's copy. Each message is
/// taken once: one delivered again after a crash finds its work done and is skipped.
struct InterviewReceiver: Sendable {
    /// Where a posting says whether an org publishes it.
    let exchange: any Exchange
    let clock: any Clock
    /// The provider an interview was created with grades its answers on delivery.
    let models: ModelEngine
    let runs: RunRecorder

    /// The candidate's copies of new interviews, for applications they sent: from the
    /// posting's recruiter, or, for a posting an org publishes, from any of its recruiters
    /// (the answers go back to whoever sent the interview).
    func receive(_ invitations: [InterviewInvitation], userId: String, vault: any UserStore) async throws {
        for invitation in invitations where invitation.candidateId == userId {
            guard try await vault.interview(id: invitation.id) == nil,
                let application = try await vault.application(id: invitation.applicationId), application.side == .sent,
                application.candidateId == userId
            else { continue }
            if application.recruiterId != invitation.recruiterId {
                guard (try? await exchange.posting(id: application.postingId))?.orgId != nil else { continue }
            }
            try await vault.putInterview(invitation.stored)
        }
    }

    /// The recruiter's copies take the candidate's answers, follow-ups and files, and are
    /// assessed against their rubrics.
    func receive(_ submissions: [InterviewSubmission], userId: String, vault: any UserStore) async throws {
        for submission in submissions {
            guard var interview = try await vault.interview(id: submission.interviewId), interview.side == .owner,
                interview.recruiterId == userId, interview.candidateId == submission.candidateId, interview.status.isAnswerable
            else { continue }
            for followUp in submission.followUps where followUp.kind == .followUp {
                guard let parent = followUp.parentId, !interview.questions.contains(where: { $0.id == followUp.id }),
                    let index = interview.questions.firstIndex(where: { $0.id == parent && $0.kind != .followUp })
                else { continue }
                interview.questions.insert(followUp, at: index + 1)
            }
            for (questionId, sent) in submission.answers.sorted(by: { $0.key < $1.key })
            where interview.questions.contains(where: { $0.id == questionId }) {
                var artifacts: [InterviewArtifact] = []
                for file in sent.files {
                    let blob = try await vault.putBlob(name: "interview-\(interview.id)-\(file.filename)", contents: file.data)
                    artifacts.append(InterviewArtifact(id: file.id, filename: file.filename, size: file.data.count, blobId: blob.id))
                }
                interview.answers[questionId] = InterviewAnswer(text: sent.text, artifacts: artifacts, answeredAt: sent.answeredAt)
            }
            interview.assessment = try await assessment(of: interview, vault: vault)
            interview.status = .submitted
            interview.submittedAt = submission.submittedAt
            interview.updatedAt = clock.now
            try await vault.putInterview(interview)
        }
    }

    /// The builtin engine's assessment, or with the provider the interview was created with,
    /// each answer graded by it against its question's rubric (an unanswered question scores 0
    /// without asking); an answer the provider does not grade (invalid twice, a timeout, a
    /// refusal) is graded by the builtin engine. The run `interviews.grade` records the usage
    /// and each fallback with its reason.
    private func assessment(of interview: StoredInterview, vault: any UserStore) async throws -> InterviewAssessment {
        let answered = InterviewEngine.answered(interview.questions, answers: interview.answerTexts)
        guard let name = interview.provider, let model = try? await models.provider(name, vault: vault) else {
            return InterviewEngine.assessment(of: interview.questions, answers: interview.answerTexts)
        }
        let started = clock.now
        let ledger = ModelLedger(provider: model)
        let grades = await withTaskGroup(of: (Int, AnswerAssessment?).self) { group in
            for (index, item) in answered.enumerated() where !item.question.rubric.isEmpty && !item.text.isEmpty {
                group.addTask {
                    let input = """
                        Question: \(item.question.text)
                        Rubric points:
                        \(item.question.rubric.map { "- \($0.point)" }.joined(separator: "\n"))

                        Answer:
                        \(item.text.prefix(12000))
                        """
                    let grade = await models.ask(
                        .answerGrade(points: item.question.rubric.map(\.point)), input: input, names: [interview.candidateName],
                        item: item.question.id, provider: model, vault: vault, ledger: ledger)
                    return (index, grade?.assessment(of: item.question, answer: item.text, provider: name))
                }
            }
            var grades: [Int: AnswerAssessment] = [:]
            for await (index, grade) in group { grades[index] = grade }
            return grades
        }
        let runId = try await runs.record(
            kind: "interviews.grade", status: .completed, vault: vault, started: started,
            parameters: ["interviewId": .string(interview.id), "provider": .string(name)],
            summary: ["answers": .int(answered.count), "fromProvider": .int(grades.count)].merging(ledger.summary) { a, _ in a },
            results: ["fallbacks": ledger.fallbacks])
        var assessment = InterviewEngine.assessment(
            of: answered.enumerated().map { index, item in
                (item.question, grades[index] ?? InterviewEngine.assess(item.text, against: item.question))
            })
        assessment.gradingRunId = runId
        return assessment
    }

    /// The candidate's copies learn they were reviewed.
    func receive(_ notices: [ReviewNotice], userId: String, vault: any UserStore) async throws {
        for notice in notices {
            guard var interview = try await vault.interview(id: notice.interviewId), interview.side == .candidate,
                interview.candidateId == userId, interview.status != .reviewed
            else { continue }
            interview.status = .reviewed
            interview.updatedAt = notice.at
            try await vault.putInterview(interview)
        }
    }
}

/// An interview as sealed to the candidate: the questions without rubrics, and the rubrics
/// sealed for the daemon.
struct InterviewInvitation: Codable, Sendable {
    var id: String
    var applicationId: String
    var postingId: String
    var postingTitle: String
    var postingCompany: String
    var recruiterId: String
    var candidateId: String
    var candidateName: String
    var questions: [InterviewQuestion]
    var grading: Data
    var createdAt: Date

    init(_ interview: StoredInterview, grading: Data) {
        id = interview.id
        applicationId = interview.applicationId
        postingId = interview.postingId
        postingTitle = interview.postingTitle
        postingCompany = interview.postingCompany
        recruiterId = interview.recruiterId
        candidateId = interview.candidateId
        candidateName = interview.candidateName
        questions = interview.questions.map(\.withoutRubric)
        self.grading = grading
        createdAt = interview.createdAt
    }

    /// The candidate's copy.
    var stored: StoredInterview {
        StoredInterview(
            id: id, side: .candidate, applicationId: applicationId, postingId: postingId, postingTitle: postingTitle,
            postingCompany: postingCompany, recruiterId: recruiterId, candidateId: candidateId, candidateName: candidateName,
            status: .assigned, questions: questions.map(\.withoutRubric), grading: grading, createdAt: createdAt, updatedAt: createdAt)
    }
}

/// A candidate's submitted interview, sealed to the recruiter: the follow-ups they were
/// asked, every answer and the files attached.
struct InterviewSubmission: Codable, Sendable {
    struct File: Codable, Sendable {
        var id: String
        var filename: String
        var data: Data
    }
    struct Answer: Codable, Sendable {
        var text: String
        var answeredAt: String
        var files: [File]
    }
    var interviewId: String
    var candidateId: String
    var followUps: [InterviewQuestion]
    var answers: [String: Answer]
    var submittedAt: Date
}

/// Word to the candidate that their interview was reviewed.
struct ReviewNotice: Codable, Sendable {
    var interviewId: String
    var at: Date
}
