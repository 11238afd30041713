import Foundation
import HireCore
import HireRPC

extension OrgService: RegistrableService {
    /// `orgs.*`: each handler turns the caller into an ``OrgActor`` and calls the engine.
    func registerMethods(with router: inout Router) {
        router.register(Orgs.Create.self) { params, context in
            let name = params.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { throw InvalidInput("name is empty", param: "name") }
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return try await self.view(orgId: try await self.sync.create(name: name, by: user), user: user)
        }
        router.register(Orgs.List.self) { _, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            var orgs: [OrgView] = []
            for replica in try await user.vault.orgReplicas() { orgs.append(try await self.view(orgId: replica.orgId, user: user)) }
            return Orgs.List.Result(orgs: orgs)
        }
        router.register(Orgs.Invite.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return try await self.invite(orgId: params.orgId, role: params.role, expiresIn: params.expiresIn, user: user)
        }
        router.register(Orgs.Join.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return try await self.view(orgId: try await self.sync.join(code: params.code, by: user), user: user)
        }
        router.register(Orgs.Members.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            let members = try await self.sync.state(orgId: params.orgId, user: user).shared.members
            return Orgs.Members.Result(
                members: members.sorted { $0.key < $1.key }.map {
                    OrgMemberView(userId: $0.key, displayName: $0.value.displayName, role: $0.value.role.rawValue)
                })
        }
        router.register(Orgs.Remove.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            try await self.sync.remove(orgId: params.orgId, subject: params.userId, by: user)
            return try await self.view(orgId: params.orgId, user: user)
        }
        router.register(Orgs.Leave.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            try await self.sync.leave(orgId: params.orgId, by: user)
            return try await self.view(orgId: params.orgId, user: user)
        }
        router.register(Orgs.Status.self) { params, context in
            try await self.status(
                orgId: params.orgId, contentHash: params.contentHash ?? false,
                user: try await self.actor(userId: try context.userId(), vault: try context.store()))
        }
        router.register(Orgs.Compact.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return Orgs.Compact.Result(upTo: Int(try await self.sync.compact(orgId: params.orgId, by: user)))
        }
        router.register(Orgs.Board.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return Orgs.Board.Result(jobs: try await self.board(orgId: params.orgId, includeDescriptions: params.includeDescriptions ?? false, user: user))
        }
        router.register(Orgs.Import.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return try await self.importBoard(
                orgId: params.orgId, path: params.path, csv: params.csv, replace: params.mode == .replace, dryRun: params.dryRun ?? false,
                confirm: params.confirm ?? false, user: user, files: context.files)
        }
        router.register(Orgs.Resumes.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return Orgs.Resumes.Result(resumes: try await self.sharedResumes(orgId: params.orgId, includeText: params.includeText ?? false, user: user))
        }
        router.register(Resumes.Share.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return try await self.share(resumeId: params.resumeId, orgId: params.orgId, unshare: params.unshare ?? false, user: user)
        }
        router.register(Orgs.Filter.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            let jobs = try await self.filter(
                orgId: params.orgId, filters: params.filters, includeDescriptions: params.includeDescriptions ?? false, user: user)
            return Orgs.Filter.Result(jobs: jobs, total: jobs.count)
        }
        router.register(Orgs.Values.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            let (values, distinct) = try await self.values(
                orgId: params.orgId, column: try BoardService.column(params.column), prefix: params.prefix, limit: try Paging.limit(params.limit),
                user: user)
            return MTB.Values.Result(values: values.map { MTB.Values.ValueCount(value: $0.value, count: $0.count) }, distinct: distinct)
        }
        router.register(Orgs.Describe.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            let source: DocumentSource
            switch (params.path, params.text) {
            case (let path?, nil): source = .file(path: path)
            case (nil, let text?): source = .text(text, filename: nil)
            default: throw InvalidInput("give exactly one of path or text")
            }
            return try await self.describe(orgId: params.orgId, jobId: params.jobId, source: source, user: user, files: context.files)
        }
        router.register(Orgs.Edit.self) { params, context in
            let user = try await self.actor(userId: try context.userId(), vault: try context.store())
            return try await self.edit(
                orgId: params.orgId, jobId: params.jobId, set: params.set ?? [:], delete: params.delete ?? false, user: user)
        }
    }
}
