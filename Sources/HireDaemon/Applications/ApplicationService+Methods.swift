import Foundation
import HireCore
import HireRPC

extension ApplicationService: RegistrableService {
    /// `applications.*`. Params become the service's arguments here, and its values wire views.
    func registerMethods(with router: inout Router) {
        router.register(Applications.Submit.self) { params, context in
            if params.coverLetter != nil, params.coverLetterPath != nil {
                throw InvalidInput("give coverLetter or coverLetterPath, not both", param: "coverLetterPath")
            }
            var coverLetter = params.coverLetter
            if let path = params.coverLetterPath {
                coverLetter = try DocumentIntake.read(path: path, files: context.files, param: "coverLetterPath").text
            }
            let application = try await self.submit(
                postingId: params.postingId, resumeId: params.resumeId, coverLetter: coverLetter, userId: try context.userId(),
                vault: try context.store())
            return Self.view(application, full: false)
        }
        router.register(Applications.Mine.self) { params, context in
            let limit = try Paging.limit(params.limit)
            let offset = try Paging.key(params.cursor, as: Int.self, in: "applications.mine") ?? 0
            let page = try await self.mine(
                status: params.status, offset: offset, limit: limit, userId: try context.userId(), vault: try context.store())
            return ApplicationPage(
                applications: page.map { Self.view($0, full: false) },
                nextCursor: page.count == limit ? Paging.cursor(after: offset + limit, in: "applications.mine") : nil)
        }
        router.register(Applications.Withdraw.self) { params, context in
            Self.view(try await self.withdraw(params.applicationId, userId: try context.userId(), vault: try context.store()), full: false)
        }
        router.register(Applications.List.self) { params, context in
            let limit = try Paging.limit(params.limit)
            let offset = try Paging.key(params.cursor, as: Int.self, in: "applications") ?? 0
            let (page, pipeline) = try await self.list(
                postingId: params.postingId, status: params.status, order: params.sort?.by ?? .score,
                descending: (params.sort?.order ?? .desc) == .desc, offset: offset, limit: limit, userId: try context.userId(),
                vault: try context.store())
            return ApplicationPage(
                applications: page.map { Self.view($0, full: false) },
                nextCursor: page.count == limit ? Paging.cursor(after: offset + limit, in: "applications") : nil,
                pipeline: Dictionary(uniqueKeysWithValues: pipeline.map { ($0.key.rawValue, $0.value) }))
        }
        router.register(Applications.Get.self) { params, context in
            let (userId, vault) = (try context.userId(), try context.store())
            let application = try await self.get(params.applicationId, userId: userId, vault: vault)
            var view = Self.view(application, full: true)
            var interviews = try await vault.interviews(applicationId: params.applicationId, status: nil)
                .filter { InterviewService.isParty(userId, to: $0) }.map { InterviewService.view($0) }
            // An org's application: its interviews as each recruiter of the org shared them
            // (the caller's own copy where they made one).
            let inVault = try await vault.application(id: application.id) != nil
            if application.side == .received, !inVault {
                let shared = try await self.orgs.applications.interviews(
                    applicationId: application.id, user: try await self.orgs.actor(userId: userId, vault: vault))
                interviews += shared.filter { view in !interviews.contains { $0.id == view.id } }
            }
            view.interviews = interviews
            return view
        }
        router.register(Applications.SetStatus.self) { params, context in
            guard !params.applicationIds.isEmpty else { throw InvalidInput("give at least one application id", param: "applicationIds") }
            let updated = try await self.setStatus(
                params.applicationIds, to: params.status, note: params.note, userId: try context.userId(), vault: try context.store())
            return Applications.SetStatus.Result(updated: updated)
        }
        router.register(Applications.Export.self) { params, context in
            // The destination is checked before the work.
            let target = try params.path.map { path throws(RPCError) in
                try context.files.prepareWrite(path, param: "path", overwrite: params.overwrite ?? false)
            }
            let export = try await self.exportCSV(postingId: params.postingId, userId: try context.userId(), vault: try context.store())
            return try await Exports.deliver(
                csv: export.csv, rows: export.rows, to: target, remote: params.remote, overwrite: params.overwrite, files: context.files)
        }
    }

    /// An application as the wire shows it. The recruiter's copy carries the candidate's
    /// profile and, with `full`, the resume and cover letter; the candidate's copy has no notes
    /// (none ever reach it) and, with `full`, the same.
    static func view(_ application: StoredApplication, full: Bool) -> ApplicationView {
        let decoder = JSONDecoder()
        let profile = try? decoder.decode(ResumeProfile.self, from: Data(application.resumeProfile.utf8))
        let history = application.side == .sent ? application.history.map(\.withoutNote) : application.history
        var view = ApplicationView(
            id: application.id, postingId: application.postingId,
            posting: .init(title: application.postingTitle, company: application.postingCompany),
            candidate: MemberView(id: application.candidateId, displayName: application.candidateName), resumeId: application.resumeId,
            status: application.status, submittedAt: rfc3339(application.submittedAt), updatedAt: rfc3339(application.updatedAt),
            score: application.side == .received ? application.score : nil,
            explanation: application.explanation.flatMap { try? decoder.decode(MatchExplanation.self, from: Data($0.utf8)) },
            history: history, profile: application.side == .received ? profile : nil)
        if full, let profile {
            view.resume = ResumeView(
                id: application.resumeId, filename: application.resumeFilename, format: nil, profile: profile,
                createdAt: rfc3339(application.submittedAt), text: application.resumeText)
            view.coverLetter = application.coverLetter
        }
        return view
    }
}
