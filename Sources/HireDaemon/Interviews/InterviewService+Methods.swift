import Foundation
import HireCore
import HireRPC

extension InterviewService: RegistrableService {
    /// `interviews.*`. Params become the service's arguments here, and its values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Interviews.Create.self) { params, context in
            let interview = try await self.create(
                applicationId: params.applicationId, count: params.count, topics: params.topics, provider: params.provider,
                runId: context.runId, userId: try context.userId(), vault: try context.store())
            return Self.view(interview)
        }
        router.register(Interviews.List.self) { params, context in
            let interviews = try await self.list(
                applicationId: params.applicationId, status: params.status, userId: try context.userId(), vault: try context.store())
            return Interviews.List.Result(interviews: interviews.map { Self.view($0) })
        }
        router.register(Interviews.Get.self) { params, context in
            Self.view(try await self.get(params.interviewId, userId: try context.userId(), vault: try context.store()))
        }
        router.register(Interviews.Answer.self) { params, context in
            var files: [(filename: String, data: Data)] = []
            for path in params.artifacts ?? [] {
                let data = try await DocumentIntake.offload { () throws(RPCError) in
                    try DocumentIntake.bytes(path: path, files: context.files, param: "artifacts")
                }
                files.append(((path as NSString).lastPathComponent, data))
            }
            for (index, item) in (params.artifactsData ?? []).enumerated() {
                let name = (item.filename as NSString).lastPathComponent.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !name.isEmpty, name != ".", name != ".." else {
                    throw InvalidInput("artifactsData[\(index)] needs a file name", param: "artifactsData")
                }
                guard let data = Data(base64Encoded: item.base64) else {
                    throw InvalidInput("artifactsData[\(index)] (\(name)) is not valid base64", param: "artifactsData")
                }
                files.append((name, data))
            }
            let (interview, followUp) = try await self.answer(
                params.interviewId, questionId: params.questionId, text: params.text, files: files,
                removing: params.removeArtifacts ?? [], userId: try context.userId(), vault: try context.store())
            guard var question = Self.view(interview).questions.first(where: { $0.id == params.questionId }) else {
                throw InterviewError.questionNotFound(interviewId: params.interviewId, questionId: params.questionId)
            }
            question.followUp = followUp.map {
                FollowUpView(id: $0.id, kind: $0.kind, text: $0.text, topic: $0.topic, parentId: $0.parentId ?? params.questionId)
            }
            return question
        }
        router.register(Interviews.Submit.self) { params, context in
            Self.view(try await self.submit(params.interviewId, userId: try context.userId(), vault: try context.store()))
        }
        router.register(Interviews.Review.self) { params, context in
            Self.view(
                try await self.review(
                    params.interviewId, decision: params.decision, rating: params.rating, notes: params.notes, userId: try context.userId(),
                    vault: try context.store()))
        }
        router.register(Interviews.Artifact.self) { params, context in
            try await self.artifact(
                params.interviewId, artifactId: params.artifactId, path: params.path, overwrite: params.overwrite, files: context.files,
                userId: try context.userId(), vault: try context.store())
        }
    }

    /// An interview as the wire shows it. The recruiter's copy shows rubrics and the review; the
    /// candidate's shows neither, and of the assessment only scores and evidence (what was
    /// covered and missed would spell out the rubric).
    static func view(_ interview: StoredInterview) -> InterviewView {
        let owner = interview.side == .owner
        var assessment = interview.assessment
        if !owner, var shown = assessment {
            for index in shown.perQuestion.indices {
                shown.perQuestion[index].assessment.covered = []
                shown.perQuestion[index].assessment.missed = []
            }
            assessment = shown
        }
        let scores = Dictionary((assessment?.perQuestion ?? []).map { ($0.questionId, $0) }, uniquingKeysWith: { first, _ in first })
        let questions = interview.questions.map { question in
            let answer = interview.answers[question.id]
            let score = scores[question.id]
            return InterviewQuestionView(
                id: question.id, kind: question.kind, text: question.text, topic: question.topic, parentId: question.parentId,
                rubric: owner && !question.rubric.isEmpty ? question.rubric : nil, answer: answer.flatMap { $0.text.isEmpty ? nil : $0.text },
                artifacts: answer.flatMap { $0.artifacts.isEmpty ? nil : $0.artifacts.map { ArtifactView(id: $0.id, filename: $0.filename, bytes: $0.size) } },
                score: score?.score, covered: owner ? score?.assessment.covered : nil, missed: owner ? score?.assessment.missed : nil,
                evidence: score?.assessment.evidence)
        }
        return InterviewView(
            id: interview.id, applicationId: interview.applicationId, postingId: interview.postingId,
            posting: .init(title: interview.postingTitle, company: interview.postingCompany),
            candidate: MemberView(id: interview.candidateId, displayName: interview.candidateName), status: interview.status,
            questions: questions, assessment: assessment, review: owner ? interview.review : nil, createdAt: rfc3339(interview.createdAt),
            updatedAt: rfc3339(interview.updatedAt), submittedAt: interview.submittedAt.map(rfc3339))
    }
}
