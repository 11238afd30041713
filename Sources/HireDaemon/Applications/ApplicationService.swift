import Foundation
import HireCore
import HireMatching
import HireRPC

/// `applications.*`: a candidate's resume sent to a posting, and the pipeline it moves through.
///
/// Nothing here reaches the other party's vault: an application is sealed to the posting's
/// recruiter and left in the ``Inbox``; the recruiter's daemon takes it in (profiles and
/// scores it against the posting) when their vault next opens. Status changes travel back to
/// the candidate the same way, without the recruiter's notes; a withdrawal travels to the
/// recruiter. The recruiter's copy is the pipeline's record.
struct ApplicationService: Sendable {
    let exchange: any Exchange
    let inbox: Inbox
    /// Applications to an org's postings: in the org's log, read and moved by its editors.
    let orgs: OrgService
    /// Tells the other party: `application.received`, `application.status`.
    let events: EventHub
    let clock: any Clock

    /// Registers, on `inbox`, the handlers of the messages applications send.
    init(exchange: any Exchange, inbox: Inbox, orgs: OrgService, events: EventHub, clock: any Clock) {
        self.exchange = exchange
        self.inbox = inbox
        self.orgs = orgs
        self.events = events
        self.clock = clock
        let receiver = ApplicationReceiver(exchange: exchange, clock: clock)
        inbox.handle(.application, as: ApplicationMessage.self) { messages, userId, vault in
            try await receiver.receive(messages, userId: userId, vault: vault)
        }
        inbox.handle(.applicationStatus, as: StatusMessage.self) { messages, userId, vault in
            try await receiver.receiveStatuses(messages, userId: userId, vault: vault)
        }
        inbox.settle { _, vault in try await receiver.scoreArrivals(vault: vault) }
    }

    /// `applications.submit`: seals the application (with the resume's text and the cover
    /// letter) to the posting's recruiter, then keeps the candidate's copy. In the candidate's
    /// inbox turn, so two submissions at once cannot both pass the one-per-posting check.
    func submit(postingId: String, resumeId: String, coverLetter: String?, userId: String, vault: any UserStore) async throws
        -> StoredApplication
    {
        try await inbox.withDelivered(to: userId, vault: vault) {
            try await send(postingId: postingId, resumeId: resumeId, coverLetter: coverLetter, userId: userId, vault: vault)
        }
    }

    private func send(postingId: String, resumeId: String, coverLetter: String?, userId: String, vault: any UserStore) async throws
        -> StoredApplication
    {
        let now = clock.now
        guard let posting = try await exchange.posting(id: postingId) else { throw PostingError.notFound(postingId) }
        guard posting.isOpen(at: now) else { throw PostingError.closed(postingId) }
        if let earlier = try await vault.application(postingId: postingId, candidateId: userId, side: .sent) {
            throw ApplicationError.alreadyApplied(postingId: postingId, applicationId: earlier.id, status: earlier.status)
        }
        guard let resume = try await vault.resume(id: resumeId) else { throw ResumeError.notFound(resumeId) }
        let candidateName = try await exchange.member(id: userId)?.displayName ?? userId
        let coverLetter = coverLetter?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        let message = ApplicationMessage(
            id: randomId(prefix: "A-"), postingId: posting.id, postingTitle: posting.title, postingCompany: posting.company,
            recruiterId: posting.recruiterId, candidateId: userId, candidateName: candidateName, resumeId: resume.id,
            resumeFilename: resume.filename, resumeText: resume.text, coverLetter: coverLetter, submittedAt: now)
        let application = message.stored(side: .sent, profile: resume.profile, terms: [])
        // The recruiter's copy is the record: it goes first, so a failure leaves no copy that
        // was never sent. An org's posting takes it in the org's inbox, sealed to the org.
        if let orgId = posting.orgId, let key = posting.orgSealKey {
            try await inbox.send(.application, message, to: OrgInbox.recipient(orgId: orgId), sealedTo: key)
        } else {
            try await inbox.send(.application, message, to: posting.recruiterId)
        }
        _ = try await vault.insertApplications([application])
        await events.record(
            .applicationReceived, data: ["applicationId": .string(application.id), "postingId": .string(posting.id)], for: posting.recruiterId)
        return application
    }

    /// `applications.mine`: a page of the candidate's applications, newest first.
    func mine(status: ApplicationStatus?, offset: Int, limit: Int, userId: String, vault: any UserStore) async throws
        -> [StoredApplication]
    {
        try await inbox.withDelivered(to: userId, vault: vault) {
            try await vault.applications(
                side: .sent, postingId: nil, status: status, order: .submittedAt, descending: true, offset: offset, limit: limit)
        }
    }

    /// `applications.withdraw`: tells the recruiter, then marks the candidate's copy.
    func withdraw(_ applicationId: String, userId: String, vault: any UserStore) async throws -> StoredApplication {
        try await inbox.withDelivered(to: userId, vault: vault) {
            var application = try await own(applicationId, side: .sent, userId: userId, vault: vault)
            let change = try move(&application, to: .withdrawn, by: userId, note: nil)
            let withdrawal = StatusMessage(applicationId: application.id, change: change)
            if let posting = try await exchange.posting(id: application.postingId), let orgId = posting.orgId, let key = posting.orgSealKey {
                try await inbox.send(.applicationStatus, withdrawal, to: OrgInbox.recipient(orgId: orgId), sealedTo: key)
            } else {
                try await inbox.sendIfReachable(.applicationStatus, withdrawal, to: application.recruiterId)
            }
            try await vault.updateStatuses([application])
            await announce(application, change: change, to: application.recruiterId)
            return application
        }
    }

    /// `applications.list`: a page of the applications the recruiter received (to one of
    /// their postings, when `postingId`), in `order`, and how many are in each status.
    func list(
        postingId: String?, status: ApplicationStatus?, order: ApplicationOrder, descending: Bool, offset: Int, limit: Int, userId: String,
        vault: any UserStore
    ) async throws -> (page: [StoredApplication], pipeline: [ApplicationStatus: Int]) {
        if let postingId, let (orgId, posting) = try await orgPosting(postingId, userId: userId, vault: vault) {
            let all = try await orgApplications(orgId: orgId, postingId: postingId, posting: posting, userId: userId, vault: vault)
            var pipeline: [ApplicationStatus: Int] = [:]
            for application in all { pipeline[application.status, default: 0] += 1 }
            let sorted = all.filter { status == nil || $0.status == status }.sorted { a, b in
                let (x, y) = descending ? (b, a) : (a, b)
                switch order {
                case .score: return (x.score ?? 0, x.submittedAt, x.id) < (y.score ?? 0, y.submittedAt, y.id)
                case .submittedAt: return (x.submittedAt, x.id) < (y.submittedAt, y.id)
                }
            }
            return (Array(sorted.dropFirst(offset).prefix(limit)), pipeline)
        }
        if let postingId { try await checkOwner(postingId, userId: userId, mustExist: false) }
        return try await inbox.withDelivered(to: userId, vault: vault) {
            let page = try await vault.applications(
                side: .received, postingId: postingId, status: status, order: order, descending: descending, offset: offset, limit: limit)
            return (page, try await vault.statusCounts(postingId: postingId))
        }
    }

    /// `applications.get`: one of the caller's applications, sent or received. Another user's
    /// is not in the caller's vault, so it is not found.
    func get(_ applicationId: String, userId: String, vault: any UserStore) async throws -> StoredApplication {
        try await inbox.withDelivered(to: userId, vault: vault) {
            if let application = try await vault.application(id: applicationId) { return application }
            // One to an org's posting, in the log of an org the caller is a member of.
            let user = try await orgs.actor(userId: userId, vault: vault)
            guard let (orgId, application) = try await orgs.applications.application(id: applicationId, user: user),
                (try? await orgs.applications.readable(orgId: orgId, user: user)) != nil
            else { throw ApplicationError.notFound(applicationId) }
            return application
        }
    }

    /// `applications.setStatus`: moves applications the recruiter received, all or none, then
    /// tells each candidate the change without the note. Returns how many moved.
    func setStatus(_ applicationIds: [String], to status: ApplicationStatus, note: String?, userId: String, vault: any UserStore)
        async throws -> Int
    {
        try await inbox.withDelivered(to: userId, vault: vault) {
            try await moveReceived(applicationIds, to: status, note: note, userId: userId, vault: vault)
        }
    }

    /// What `setStatus` does, in a turn the caller already holds (an interview's review).
    func moveReceived(_ applicationIds: [String], to status: ApplicationStatus, note: String?, userId: String, vault: any UserStore)
        async throws -> Int
    {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        var moved: [(StoredApplication, StatusChange)] = []
        // Applications to an org's postings, by org: they move in its log.
        var movedInOrgs: [String: [StoredApplication]] = [:]
        var seen: Set<String> = []
        let user = try await orgs.actor(userId: userId, vault: vault)
        for id in applicationIds where seen.insert(id).inserted {
            var orgId: String?
            var application: StoredApplication
            if let found = try await vault.application(id: id) {
                application = try own(found, side: .received, userId: userId)
            } else if let (org, found) = try await orgs.applications.application(id: id, user: user) {
                // A viewer, or a member removed since, is told so.
                _ = try await orgs.applications.editable(orgId: org, user: user)
                (orgId, application) = (org, found)
            } else {
                throw ApplicationError.notFound(id)
            }
            let change = try move(&application, to: status, by: userId, note: note)
            if let orgId { movedInOrgs[orgId, default: []].append(application) }
            moved.append((application, change))
        }
        let personal = moved.map(\.0).filter { application in !movedInOrgs.values.contains { $0.contains { $0.id == application.id } } }
        try await vault.updateStatuses(personal)
        for (orgId, applications) in movedInOrgs { try await orgs.applications.saveStatuses(applications, orgId: orgId, user: user) }
        try await Self.learn(from: moved.map(\.0), vault: vault, at: clock.now)
        for (application, change) in moved {
            try await inbox.sendIfReachable(
                .applicationStatus, StatusMessage(applicationId: application.id, change: change.withoutNote), to: application.candidateId)
            await announce(application, change: change, to: application.candidateId)
        }
        return moved.count
    }

    /// `applications.export`: one CSV row per application to the recruiter's posting, best
    /// match first; and how many rows it holds.
    func exportCSV(postingId: String, userId: String, vault: any UserStore) async throws -> (csv: String, rows: Int) {
        let applications: [StoredApplication]
        if let (orgId, posting) = try await orgPosting(postingId, userId: userId, vault: vault) {
            applications = try await orgApplications(orgId: orgId, postingId: postingId, posting: posting, userId: userId, vault: vault)
                .sorted { ($0.score ?? 0, $1.submittedAt) > ($1.score ?? 0, $0.submittedAt) }
        } else {
            try await checkOwner(postingId, userId: userId, mustExist: true)
            applications = try await inbox.withDelivered(to: userId, vault: vault) {
                try await Self.all(postingId: postingId, order: .score, vault: vault)
            }
        }
        var writer = CSVWriter()
        writer.row([
            "applicationId", "postingId", "candidateId", "candidate", "resumeId", "status", "score", "submittedAt", "updatedAt",
            "matchedSkills", "missingSkills",
        ])
        for application in applications {
            let explanation = application.explanation.flatMap { try? JSONDecoder().decode(MatchExplanation.self, from: Data($0.utf8)) }
            writer.row([
                application.id, application.postingId, application.candidateId, application.candidateName, application.resumeId,
                application.status.rawValue, application.score.map { String($0) } ?? "", rfc3339(application.submittedAt),
                rfc3339(application.updatedAt), explanation?.matchedSkills.joined(separator: "; ") ?? "",
                explanation?.missingSkills.joined(separator: "; ") ?? "",
            ])
        }
        return (writer.text, applications.count)
    }

    // MARK: - Internal

    /// Every application a recruiter received to a posting, in `order` (best or earliest first).
    static func all(postingId: String, order: ApplicationOrder, vault: any UserStore) async throws -> [StoredApplication] {
        var all: [StoredApplication] = []
        while true {
            let page = try await vault.applications(
                side: .received, postingId: postingId, status: nil, order: order, descending: order == .score, offset: all.count,
                limit: 1000)
            all += page
            if page.count < 1000 { return all }
        }
    }

    /// The caller's application of this side, or `notFound` (as another user's is).
    private func own(_ applicationId: String, side: StoredApplication.Side, userId: String, vault: any UserStore) async throws
        -> StoredApplication
    {
        guard let application = try await vault.application(id: applicationId) else { throw ApplicationError.notFound(applicationId) }
        return try own(application, side: side, userId: userId)
    }

    private func own(_ application: StoredApplication, side: StoredApplication.Side, userId: String) throws -> StoredApplication {
        guard application.side == side, (side == .sent ? application.candidateId : application.recruiterId) == userId else {
            throw ApplicationError.notFound(application.id)
        }
        return application
    }

    /// The posting and its org, when an org publishes it (or published it: a deleted org
    /// posting's applications stay in the org): an error saying why unless the caller is a
    /// member of that org (any member reads its applications; only editors move them).
    private func orgPosting(_ postingId: String, userId: String, vault: any UserStore) async throws -> (orgId: String, posting: Posting?)? {
        let user = try await orgs.actor(userId: userId, vault: vault)
        guard let posting = try await exchange.posting(id: postingId) else {
            for replica in try await vault.orgReplicas()
            where try await !orgs.applications.applications(orgId: replica.orgId, postingId: postingId, user: user).isEmpty {
                _ = try await orgs.applications.readable(orgId: replica.orgId, user: user)
                return (replica.orgId, nil)
            }
            return nil
        }
        guard let orgId = posting.orgId else { return nil }
        _ = try await orgs.applications.readable(orgId: orgId, user: user)
        return (orgId, posting)
    }

    /// An org posting's applications, taken from the org's inbox first (when the exchange
    /// answers), scored against the posting while it exists.
    private func orgApplications(orgId: String, postingId: String, posting: Posting?, userId: String, vault: any UserStore) async throws
        -> [StoredApplication]
    {
        let user = try await orgs.actor(userId: userId, vault: vault)
        do {
            try await orgs.sync.sync(orgId: orgId, user: user)
            try await orgs.applications.take(orgId: orgId, user: user)
        } catch is ExchangeUnreachable {}
        let applications = try await orgs.applications.applications(orgId: orgId, postingId: postingId, user: user)
        return posting.map { ApplicationReceiver.scored(applications, posting: $0) } ?? applications
    }

    /// Moves an application to `status` when the pipeline allows it; returns the change.
    private func move(_ application: inout StoredApplication, to status: ApplicationStatus, by userId: String, note: String?) throws
        -> StatusChange
    {
        guard application.status.canMove(to: status) else {
            throw ApplicationError.invalidTransition(applicationId: application.id, from: application.status, to: status)
        }
        let now = clock.now
        let change = StatusChange(at: rfc3339(now), from: application.status, to: status, by: userId, note: note)
        application.status = status
        application.history.append(change)
        application.updatedAt = now
        return change
    }

    /// The recruiter's pipeline decisions as feedback for the learned ranking (issue 11): each
    /// application moved is a label on its (resume, posting) pair, graded by the status it
    /// reached — rejected 0, screening 1, interviewing 2, offered or hired 3 — with the pair's
    /// features from its score and explanation on arrival. A later move replaces the label; a
    /// withdrawal says nothing about the fit and gives none.
    static func learn(from applications: [StoredApplication], vault: any UserStore, at now: Date) async throws {
        for application in applications {
            let grade: Int
            switch application.status {
            case .rejected: grade = 0
            case .screening: grade = 1
            case .interviewing: grade = 2
            case .offered, .hired: grade = 3
            case .submitted, .withdrawn: continue
            }
            guard let text = application.explanation,
                let explanation = try? JSONDecoder().decode(MatchExplanation.self, from: Data(text.utf8))
            else { continue }
            _ = try await vault.putFeedback(
                LearnedRanking.label(
                    resumeId: application.resumeId, jobId: application.postingId, runId: application.id,
                    query: "job:" + application.postingId, grade: grade, score: application.score ?? 0, explanation: explanation, at: now))
        }
    }

    /// Records `application.status` for the other party: which application, from and to (never the note).
    private func announce(_ application: StoredApplication, change: StatusChange, to userId: String) async {
        await events.record(
            .applicationStatus,
            data: [
                "applicationId": .string(application.id), "postingId": .string(application.postingId),
                "from": change.from.map { .string($0.rawValue) } ?? .null, "to": .string(change.to.rawValue),
            ], for: userId)
    }

    /// `notOwner` unless the posting is the caller's; a posting gone is `notFound` when it must exist.
    private func checkOwner(_ postingId: String, userId: String, mustExist: Bool) async throws {
        guard let posting = try await exchange.posting(id: postingId) else {
            if mustExist { throw PostingError.notFound(postingId) }
            return
        }
        guard posting.recruiterId == userId else { throw PostingError.notOwner(postingId) }
    }
}

/// Takes what the inbox delivers about applications into the recipient's vault. It holds
/// no inbox (the inbox holds it, through its handlers).
struct ApplicationReceiver: Sendable {
    let exchange: any Exchange
    let clock: any Clock

    /// Takes applications into the recruiter's vault, each resume profiled as `resumes.add`
    /// does; they are scored once the inbox is empty (``scoreArrivals(vault:)``).
    func receive(_ messages: [ApplicationMessage], userId: String, vault: any UserStore) async throws {
        var received: [StoredApplication] = []
        for message in messages {
            guard message.recruiterId == userId,
                try await vault.application(postingId: message.postingId, candidateId: message.candidateId, side: .received) == nil,
                !received.contains(where: { $0.postingId == message.postingId && $0.candidateId == message.candidateId })
            else { continue }
            let (profile, terms) = ResumeProfiler.read(text: message.resumeText, now: clock.now)
            received.append(message.stored(side: .received, profile: try jsonText(profile), terms: terms.encoded()))
        }
        _ = try await vault.insertApplications(received)
    }

    /// Scores again every posting with applications not yet scored (those that just arrived,
    /// or arrived before a crash): once per delivery, however many batches it took.
    func scoreArrivals(vault: any UserStore) async throws {
        for postingId in try await vault.unscoredPostings() { try await score(postingId: postingId, vault: vault) }
    }

    /// Takes status changes into the user's vault: a candidate's copy follows the recruiter's
    /// changes; a recruiter's copy takes its candidate's withdrawal while it is open. A change
    /// already in the history (delivered twice) is skipped.
    func receiveStatuses(_ messages: [StatusMessage], userId: String, vault: any UserStore) async throws {
        var changed: [String: StoredApplication] = [:]
        var order: [String] = []
        for message in messages {
            var found = changed[message.applicationId]
            if found == nil { found = try await vault.application(id: message.applicationId) }
            guard var application = found, !application.history.contains(message.change) else { continue }
            switch application.side {
            case .sent:
                guard application.candidateId == userId else { continue }
            case .received:
                guard application.recruiterId == userId, message.change.by == application.candidateId, message.change.to == .withdrawn,
                    application.status.canMove(to: .withdrawn)
                else { continue }
            }
            application.status = message.change.to
            application.history.append(message.change)
            application.updatedAt = (try? Date(message.change.at, strategy: .iso8601)) ?? clock.now
            if changed[application.id] == nil { order.append(application.id) }
            changed[application.id] = application
        }
        try await vault.updateStatuses(order.compactMap { changed[$0] })
    }

    /// Scores every application to a posting against it, as `match.run` ranks resumes for a
    /// job (text relevance is relative to the posting's applicants). One with no signal at
    /// all scores 0 without an explanation.
    private func score(postingId: String, vault: any UserStore) async throws {
        guard let posting = try await exchange.posting(id: postingId) else { return }
        let applications = try await ApplicationService.all(postingId: postingId, order: .submittedAt, vault: vault)
        try await vault.setScores(Self.scored(applications, posting: posting).map { ($0.id, $0.score ?? 0, $0.explanation) })
    }

    /// The applications to one posting with their scores and explanations against it.
    static func scored(_ applications: [StoredApplication], posting: Posting) -> [StoredApplication] {
        var corpus = ResumeCorpus()
        let decoder = JSONDecoder()
        for application in applications {
            guard let profile = try? decoder.decode(ResumeProfile.self, from: Data(application.resumeProfile.utf8)) else { continue }
            _ = corpus.upsert(id: application.id, encodedTerms: application.resumeTerms, profile: profile)
        }
        let job = MatchDocument(id: posting.id, terms: PostingService.terms(posting), profile: posting.profile)
        let matches = Matcher(weights: EvaluationWeights.current).bestResumes(for: job, among: corpus, topK: max(1, applications.count))
        var scores: [String: (Double, String?)] = [:]
        for match in matches { scores[match.id] = (match.score, try? jsonText(match.explanation)) }
        return applications.map { application in
            var application = application
            application.score = scores[application.id]?.0 ?? 0
            application.explanation = scores[application.id]?.1
            return application
        }
    }
}

/// An application as sealed to the posting's recruiter: the resume travels as text.
struct ApplicationMessage: Codable, Sendable {
    var id: String
    var postingId: String
    var postingTitle: String
    var postingCompany: String
    var recruiterId: String
    var candidateId: String
    var candidateName: String
    var resumeId: String
    var resumeFilename: String?
    var resumeText: String
    var coverLetter: String?
    var submittedAt: Date

    /// The application as one side keeps it, submitted and with that one change in its history.
    func stored(side: StoredApplication.Side, profile: String, terms: [UInt8]) -> StoredApplication {
        StoredApplication(
            id: id, side: side, postingId: postingId, postingTitle: postingTitle, postingCompany: postingCompany, recruiterId: recruiterId,
            candidateId: candidateId, candidateName: candidateName, resumeId: resumeId, resumeFilename: resumeFilename,
            resumeText: resumeText, resumeProfile: profile, resumeTerms: terms, coverLetter: coverLetter, status: .submitted,
            submittedAt: submittedAt, updatedAt: submittedAt,
            history: [StatusChange(at: rfc3339(submittedAt), from: nil, to: .submitted, by: candidateId)])
    }
}

/// One status change of an application, sealed to the other party.
struct StatusMessage: Codable, Sendable {
    var applicationId: String
    var change: StatusChange
}
