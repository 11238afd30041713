import Foundation
import HireCore
import HireCrypto
import HireMatching
import HireRPC

/// `interviews.*`: questions written for an application, answered by its candidate, assessed
/// against rubrics and reviewed by the posting's recruiter.
///
/// Two copies, as for applications: the recruiter's (with the rubrics and the review) and
/// the candidate's; what one party does reaches the other sealed through the ``Inbox`` —
/// the questions to the candidate, the answers and files to the recruiter, word of the review
/// back. The candidate's copy carries the rubrics sealed for the daemon (``GradingSeal``), so
/// their daemon can ask follow-ups and assess the answers while the recruiter is away, and
/// the candidate's own key never opens them.
struct InterviewService: Sendable {
    let exchange: any Exchange
    let inbox: Inbox
    /// `interview.assigned`, `interview.submitted`, `interview.reviewed`.
    let events: EventHub
    /// A review moves the application through the pipeline as `applications.setStatus` does.
    let applications: ApplicationService
    /// An interview of an org's application is shared with the org (record `interview/<id>`).
    let orgs: OrgService
    let grading: GradingSeal
    let clock: any Clock

    /// An answer's text: far more than anyone types; a longer text goes as a file.
    static let maxAnswerBytes = 256 << 10
    /// Files per interview, and their bytes together.
    static let maxArtifacts = 20
    static let maxArtifactBytes = 32 << 20

    /// LLM providers, for `interviews.create {provider}`, and the recorder of its runs.
    let models: ModelEngine
    let runs: RunRecorder

    init(
        exchange: any Exchange, inbox: Inbox, events: EventHub, applications: ApplicationService, orgs: OrgService, grading: GradingSeal,
        models: ModelEngine, runs: RunRecorder
    ) {
        self.orgs = orgs
        self.models = models
        self.runs = runs
        self.clock = runs.clock
        self.exchange = exchange
        self.inbox = inbox
        self.events = events
        self.applications = applications
        self.grading = grading
        let receiver = InterviewReceiver(exchange: exchange, clock: clock, models: models, runs: runs)
        inbox.handle(.interview, as: InterviewInvitation.self) { messages, userId, vault in
            try await receiver.receive(messages, userId: userId, vault: vault)
        }
        inbox.handle(.interviewSubmission, as: InterviewSubmission.self) { [orgs] messages, userId, vault in
            try await receiver.receive(messages, userId: userId, vault: vault)
            // The answers of an org's application reach the org's other members too.
            for id in Set(messages.map(\.interviewId)) {
                if let interview = try await vault.interview(id: id) { try await Self.share(interview, orgs: orgs, userId: userId, vault: vault) }
            }
        }
        inbox.handle(.interviewReviewed, as: ReviewNotice.self) { messages, userId, vault in
            try await receiver.receive(messages, userId: userId, vault: vault)
        }
    }

    /// `interviews.create`: writes the questions from the posting and the resume the
    /// application sent, sends them (without rubrics) to the candidate, keeps the recruiter's
    /// copy, and moves a submitted or screened application to interviewing. With a provider,
    /// it writes the questions and their rubrics (the builtin's fill what it leaves out, or all
    /// when it falls back), and the run `runId` records its usage.
    func create(
        applicationId: String, count: Int?, topics: [String]?, provider: String?, runId: String, userId: String, vault: any UserStore
    ) async throws -> StoredInterview {
        let count = count ?? 8
        guard (1...20).contains(count) else { throw InvalidInput("count must be between 1 and 20", param: "count") }
        let model = try await models.provider(provider, vault: vault)
        let started = clock.now
        let topics = (topics ?? []).compactMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty }
        return try await inbox.withDelivered(to: userId, vault: vault) {
            let application = try await received(applicationId, userId: userId, vault: vault)
            guard application.status.isOpen else {
                throw InterviewError.applicationClosed(applicationId: applicationId, status: application.status)
            }
            guard let posting = try await exchange.posting(id: application.postingId) else {
                throw PostingError.notFound(application.postingId)
            }
            let resume = (try? JSONDecoder().decode(ResumeProfile.self, from: Data(application.resumeProfile.utf8))) ?? ResumeProfile()
            let inputs = InterviewEngine.Inputs(
                position: posting.title, description: posting.description, job: posting.profile, resumeText: application.resumeText,
                resume: resume)
            var (questions, unmatched) = InterviewEngine.draft(for: inputs, count: count, topics: topics)
            guard unmatched.isEmpty else {
                throw InvalidInput(
                    "topics: no question can be about \(unmatched.map { "'\($0)'" }.joined(separator: ", ")): a topic is a skill the posting asks for, \"years\", \"title\", or a word of one of its duties",
                    param: "topics")
            }
            if let model {
                questions = try await drafted(
                    by: model, inputs: inputs, builtin: questions, topics: topics, candidate: application.candidateName, runId: runId,
                    started: started, vault: vault)
            }
            let now = clock.now
            let interview = StoredInterview(
                id: randomId(prefix: "I-"), side: .owner, applicationId: application.id, postingId: application.postingId,
                postingTitle: application.postingTitle, postingCompany: application.postingCompany, recruiterId: userId,
                candidateId: application.candidateId, candidateName: application.candidateName, status: .assigned, questions: questions,
                provider: model?.settings.name, createdAt: now, updatedAt: now)
            // The recruiter's copy first: a crash in between leaves her an interview still
            // "assigned" (she can create another), never a candidate answering one whose
            // answers would have nowhere to go.
            let invitation = InterviewInvitation(interview, grading: try grading.seal(questions, interviewId: interview.id))
            guard try await exchange.member(id: application.candidateId)?.publicKey != nil else {
                throw ExchangeError.recipientHasNoKey(application.candidateId)
            }
            try await vault.putInterview(interview)
            try await inbox.send(.interview, invitation, to: application.candidateId)
            try await Self.share(interview, orgs: orgs, userId: userId, vault: vault)
            // An interview puts the application at the interviewing stage, if it was before it.
            if [.submitted, .screening].contains(application.status) {
                _ = try await applications.moveReceived(
                    [application.id], to: .interviewing, note: "interview \(interview.id) created", userId: userId, vault: vault)
            }
            await events.record(.interviewAssigned, data: Self.eventData(interview), for: interview.candidateId)
            return interview
        }
    }

    /// The provider's questions, topped up from the builtin's `builtin` to as many; records
    /// the run with the provider's usage.
    private func drafted(
        by model: ModelProvider, inputs: InterviewEngine.Inputs, builtin: [InterviewQuestion], topics: [String], candidate: String,
        runId: String, started: Date, vault: any UserStore
    ) async throws -> [InterviewQuestion] {
        let ledger = ModelLedger(provider: model)
        let input = """
            Job: \(inputs.position)
            Skills it requires: \((inputs.job.skills?.required ?? []).joined(separator: ", "))
            \(topics.isEmpty ? "" : "Topics to ask about first: \(topics.joined(separator: ", "))\n")
            Job description:
            \(inputs.description.prefix(6000))

            Resume:
            \(inputs.resumeText.prefix(6000))
            """
        let answer = await models.ask(
            .interviewQuestions(count: builtin.count), input: input, names: [candidate], item: "questions", provider: model, vault: vault,
            ledger: ledger)
        var questions = Array((answer?.interviewQuestions ?? []).prefix(builtin.count))
        for question in builtin where questions.count < builtin.count && !questions.contains(where: { $0.topic == question.topic }) {
            var question = question
            question.id = "q\(questions.count + 1)"
            questions.append(question)
        }
        try await runs.record(
            id: runId, kind: "interviews.create", status: .completed, vault: vault, started: started,
            parameters: ["provider": .string(model.settings.name), "count": .int(builtin.count)],
            summary: ["questions": .int(questions.count), "fromProvider": .int(answer?.questions.count ?? 0)].merging(ledger.summary) { a, _ in a },
            results: ["fallbacks": ledger.fallbacks])
        return questions
    }

    /// `interviews.list`: the caller's copies (created or received), oldest first.
    func list(applicationId: String?, status: InterviewStatus?, userId: String, vault: any UserStore) async throws -> [StoredInterview] {
        try await inbox.withDelivered(to: userId, vault: vault) {
            try await vault.interviews(applicationId: applicationId, status: status).filter { Self.isParty(userId, to: $0) }
        }
    }

    /// `interviews.get`: one of the caller's copies; another user's is not in their vault.
    func get(_ interviewId: String, userId: String, vault: any UserStore) async throws -> StoredInterview {
        try await inbox.withDelivered(to: userId, vault: vault) {
            try await own(interviewId, side: nil, userId: userId, vault: vault)
        }
    }

    /// `interviews.answer`: keeps the candidate's answer to one question (text replaces an
    /// earlier one; files add to it). An answer to a first question that misses most of its
    /// rubric brings one follow-up, placed after it; returns the question and that follow-up.
    func answer(
        _ interviewId: String, questionId: String, text: String?, files: [(filename: String, data: Data)], removing: [String] = [],
        userId: String, vault: any UserStore
    ) async throws -> (interview: StoredInterview, followUp: InterviewQuestion?) {
        let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmed, trimmed.utf8.count > Self.maxAnswerBytes {
            throw InvalidInput(
                "the answer is \(trimmed.utf8.count) bytes; at most \(Self.maxAnswerBytes) are taken (attach a longer text as a file)", param: "text")
        }
        guard trimmed != nil || !files.isEmpty || !removing.isEmpty else {
            throw InvalidInput("give the answer's text, files, or both", param: "text")
        }
        // Empty text with files adds the files; alone it would wipe the answer unasked.
        if trimmed?.isEmpty == true, files.isEmpty {
            throw InvalidInput("the answer is empty: give its text (an answer is replaced by a new one, never cleared)", param: "text")
        }
        let text = trimmed?.isEmpty == true ? nil : trimmed
        return try await inbox.withDelivered(to: userId, vault: vault) {
            var interview = try await own(interviewId, side: .candidate, userId: userId, vault: vault)
            guard interview.status.isAnswerable else { throw InterviewError.notAnswerable(interviewId: interviewId, status: interview.status) }
            guard let index = interview.questions.firstIndex(where: { $0.id == questionId }) else {
                throw InterviewError.questionNotFound(interviewId: interviewId, questionId: questionId)
            }
            // Files taken off first (they must be this answer's), so what replaces them fits the limits.
            var answer0 = interview.answers[questionId]
            var dropped: [String] = []
            for id in Set(removing).sorted() {
                guard let at = answer0?.artifacts.firstIndex(where: { $0.id == id }), let removed = answer0?.artifacts.remove(at: at) else {
                    throw InterviewError.artifactNotFound(interviewId: interviewId, artifactId: id)
                }
                dropped.append(removed.blobId)
            }
            if let answer0 { interview.answers[questionId] = answer0 }
            let kept = interview.answers.values.flatMap(\.artifacts)
            guard kept.count + files.count <= Self.maxArtifacts else {
                throw InvalidInput("an interview takes at most \(Self.maxArtifacts) files", param: "artifacts")
            }
            guard kept.reduce(0, { $0 + $1.size }) + files.reduce(0, { $0 + $1.data.count }) <= Self.maxArtifactBytes else {
                throw InvalidInput("an interview's files may hold at most \(Self.maxArtifactBytes >> 20) MiB together", param: "artifacts")
            }
            let now = clock.now
            var answer = interview.answers[questionId] ?? InterviewAnswer(text: "", artifacts: [], answeredAt: rfc3339(now))
            if let text { answer.text = text }
            // Ids go on from the highest the interview holds: F-1, F-2, …
            var next = (kept.compactMap { Int($0.id.dropFirst(2)) }.max() ?? 0) + 1
            for file in files {
                let blob = try await vault.putBlob(name: "interview-\(interviewId)-\(file.filename)", contents: file.data)
                answer.artifacts.append(InterviewArtifact(id: "F-\(next)", filename: file.filename, size: file.data.count, blobId: blob.id))
                next += 1
            }
            answer.answeredAt = rfc3339(now)
            interview.answers[questionId] = answer
            interview.status = .inProgress
            interview.updatedAt = now
            let question = interview.questions[index]
            var followUp: InterviewQuestion?
            if question.kind != .followUp, !interview.questions.contains(where: { $0.parentId == questionId }),
                let graded = grading.open(interview)?.first(where: { $0.id == questionId }),
                let next = InterviewEngine.followUp(to: graded, after: InterviewEngine.assess(answer.text, against: graded))
            {
                followUp = next
                interview.questions.insert(next.withoutRubric, at: index + 1)
            }
            try await vault.putInterview(interview)
            // The files taken off go once the interview no longer names them.
            for blobId in dropped { try await vault.deleteBlob(id: blobId) }
            return (interview, followUp)
        }
    }

    /// `interviews.submit`: sends the answers and files to the recruiter, then assesses them
    /// (when the rubrics open here) and closes the candidate's copy to changes.
    func submit(_ interviewId: String, userId: String, vault: any UserStore) async throws -> StoredInterview {
        try await inbox.withDelivered(to: userId, vault: vault) {
            var interview = try await own(interviewId, side: .candidate, userId: userId, vault: vault)
            guard interview.status.isAnswerable else { throw InterviewError.notAnswerable(interviewId: interviewId, status: interview.status) }
            guard !interview.answers.isEmpty else { throw InterviewError.nothingAnswered(interviewId) }
            let now = clock.now
            var answers: [String: InterviewSubmission.Answer] = [:]
            for (questionId, answer) in interview.answers {
                var files: [InterviewSubmission.File] = []
                for artifact in answer.artifacts {
                    files.append(.init(id: artifact.id, filename: artifact.filename, data: try await vault.readBlob(id: artifact.blobId)))
                }
                answers[questionId] = .init(text: answer.text, answeredAt: answer.answeredAt, files: files)
            }
            let submission = InterviewSubmission(
                interviewId: interview.id, candidateId: userId, followUps: interview.questions.filter { $0.kind == .followUp },
                answers: answers, submittedAt: now)
            try await inbox.send(.interviewSubmission, submission, to: interview.recruiterId)
            if let graded = grading.open(interview) {
                interview.assessment = InterviewEngine.assessment(
                    of: graded + interview.questions.filter { $0.kind == .followUp }, answers: interview.answerTexts)
            }
            interview.status = .submitted
            interview.submittedAt = now
            interview.updatedAt = now
            try await vault.putInterview(interview)
            await events.record(.interviewSubmitted, data: Self.eventData(interview), for: interview.recruiterId)
            return interview
        }
    }

    /// `interviews.review`: records the recruiter's review of a submitted interview and moves
    /// the application as the decision says (`advance`: the pipeline's next stage; `reject`;
    /// `hold`: no move). The candidate is told it was reviewed, and the new status, no more.
    func review(
        _ interviewId: String, decision: ReviewDecision, rating: Int?, notes: String?, userId: String, vault: any UserStore
    ) async throws -> StoredInterview {
        if let rating, !(1...5).contains(rating) { throw InvalidInput("rating must be between 1 and 5", param: "rating") }
        return try await inbox.withDelivered(to: userId, vault: vault) {
            var interview = try await own(interviewId, side: .owner, userId: userId, vault: vault)
            guard interview.status == .submitted else { throw InterviewError.notReviewable(interviewId: interviewId, status: interview.status) }
            let application = try await received(interview.applicationId, userId: userId, vault: vault)
            var target: ApplicationStatus?
            switch decision {
            case .advance: target = application.status.next
            case .reject: target = .rejected
            case .hold: target = nil
            }
            if decision != .hold {
                guard let target, application.status.canMove(to: target) else {
                    throw ApplicationError.invalidTransition(
                        applicationId: application.id, from: application.status, to: target ?? application.status)
                }
            }
            let now = clock.now
            let notes = notes?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
            interview.review = InterviewReview(decision: decision, rating: rating, notes: notes, at: rfc3339(now), by: userId)
            interview.status = .reviewed
            interview.updatedAt = now
            try await inbox.sendIfReachable(.interviewReviewed, ReviewNotice(interviewId: interviewId, at: now), to: interview.candidateId)
            try await vault.putInterview(interview)
            try await Self.share(interview, orgs: orgs, userId: userId, vault: vault)
            if let target {
                _ = try await applications.moveReceived(
                    [application.id], to: target, note: "interview \(interviewId): \(decision.rawValue)" + (notes.map { " — " + $0 } ?? ""),
                    userId: userId, vault: vault)
            }
            await events.record(.interviewReviewed, data: Self.eventData(interview), for: interview.candidateId)
            return interview
        }
    }

    /// An application the caller received: to their own posting, or to a posting of an org
    /// they edit (from their copy of the org).
    private func received(_ applicationId: String, userId: String, vault: any UserStore) async throws -> StoredApplication {
        if let application = try await vault.application(id: applicationId) {
            guard application.side == .received, application.recruiterId == userId else { throw ApplicationError.notFound(applicationId) }
            return application
        }
        let user = try await orgs.actor(userId: userId, vault: vault)
        guard let (orgId, application) = try await orgs.applications.application(id: applicationId, user: user) else {
            throw ApplicationError.notFound(applicationId)
        }
        // A viewer, or a member removed since, is told so.
        _ = try await orgs.applications.editable(orgId: orgId, user: user)
        return application
    }

    /// Writes the recruiter's view of an interview of an org's application (questions,
    /// rubrics, answers, assessment, review) to the org's log, for its other members; an
    /// interview of the caller's own application stays theirs.
    static func share(_ interview: StoredInterview, orgs: OrgService, userId: String, vault: any UserStore) async throws {
        guard interview.side == .owner, try await vault.application(id: interview.applicationId) == nil else { return }
        let user = try await orgs.actor(userId: userId, vault: vault)
        guard let (orgId, _) = try await orgs.applications.application(id: interview.applicationId, user: user) else { return }
        let view = String(decoding: try JSONEncoder().encode(Self.view(interview)), as: UTF8.self)
        try await orgs.sync.edit(
            orgId: orgId,
            ops: [
                OrgOp(table: OrgApplications.interviewTable, recordId: interview.id, field: "applicationId", value: interview.applicationId),
                OrgOp(table: OrgApplications.interviewTable, recordId: interview.id, field: "view", value: view),
            ], by: user)
    }

    /// `interviews.artifact`: a file attached to an answer, from the caller's copy.
    func artifact(_ interviewId: String, artifactId: String, path: String?, overwrite: Bool?, files: PeerAccess, userId: String, vault: any UserStore)
        async throws -> ArtifactFile
    {
        let interview = try await get(interviewId, userId: userId, vault: vault)
        guard let artifact = interview.answers.values.flatMap(\.artifacts).first(where: { $0.id == artifactId }) else {
            throw InterviewError.artifactNotFound(interviewId: interviewId, artifactId: artifactId)
        }
        let file = try await Originals.download(
            artifact.blobId, of: "artifact \(artifactId) of interview \(interviewId)", path: path, overwrite: overwrite, vault: vault,
            files: files, namePrefix: "interview-\(interviewId)-")
        return ArtifactFile(
            filename: file.filename, mediaType: file.mediaType, bytes: file.bytes, sha256: file.sha256, path: file.path,
            base64: file.contentBase64)
    }

    // MARK: - Internal

    /// The caller's copy (of `side`, when given), or `notFound` as another user's is.
    private func own(_ interviewId: String, side: StoredInterview.Side?, userId: String, vault: any UserStore) async throws
        -> StoredInterview
    {
        guard let interview = try await vault.interview(id: interviewId), Self.isParty(userId, to: interview),
            side == nil || interview.side == side
        else { throw InterviewError.notFound(interviewId) }
        return interview
    }

    /// True when the copy is `userId`'s: the recruiter's copy for its recruiter, the candidate's for its candidate.
    static func isParty(_ userId: String, to interview: StoredInterview) -> Bool {
        interview.side == .owner ? interview.recruiterId == userId : interview.candidateId == userId
    }

    private static func eventData(_ interview: StoredInterview) -> [String: JSONValue] {
        [
            "interviewId": .string(interview.id), "applicationId": .string(interview.applicationId),
            "postingId": .string(interview.postingId), "status": .string(interview.status.rawValue),
        ]
    }
}

/// The rubrics of a candidate's copy, sealed with a key derived from the machine key: the
/// daemon opens them to ask follow-ups and assess answers; the candidate's own key (their
/// vault) does not. The interview's id is the associated data, so a seal is never taken for
/// another interview's.
struct GradingSeal: Sendable {
    private let key: SecureBytes

    init(machineKey: SecureBytes) {
        key = KDF.derive(machineKey, id: 1, context: "hiredgrd")
    }

    func seal(_ questions: [InterviewQuestion], interviewId: String) throws -> Data {
        let plaintext = SecureBytes(Array(try JSONEncoder().encode(questions)))
        let (nonce, ciphertext) = AEAD.seal(plaintext, key: key, associatedData: Array(interviewId.utf8))
        return Data(nonce + ciphertext)
    }

    /// The questions with their rubrics; nil when the seal does not open here (made by
    /// another machine's daemon, or damaged): the recruiter's daemon assesses on delivery.
    func open(_ interview: StoredInterview) -> [InterviewQuestion]? {
        guard let sealed = interview.grading, sealed.count > AEAD.nonceBytes,
            let plaintext = try? AEAD.open(
                Array(sealed.dropFirst(AEAD.nonceBytes)), nonce: Array(sealed.prefix(AEAD.nonceBytes)), key: key,
                associatedData: Array(interview.id.utf8))
        else { return nil }
        return try? JSONDecoder().decode([InterviewQuestion].self, from: Data(plaintext.exposedBytes))
    }
}

extension InterviewQuestion {
    /// The question as a candidate's copy holds it.
    var withoutRubric: InterviewQuestion {
        var question = self
        question.rubric = []
        return question
    }
}
