import HireCore
import HireRPC

extension AccountService: RegistrableService {
    /// `auth.*` and `vault.verify`: handlers translate between the wire and the account service.
    package func registerMethods(with router: inout Router) {
        router.register(Auth.Register.self) { params, _ in try await self.register(params) }
        router.register(Auth.Login.self) { params, context in
            let (result, binding) = try await self.login(params, peer: context.peer)
            context.bind(binding)
            return result
        }
        router.register(Auth.Attach.self) { params, context in
            let (result, binding) = try await self.attach(token: params.token, peer: context.peer)
            context.bind(binding)
            return result
        }
        router.register(Auth.Whoami.self) { _, context in try await self.whoami(try context.requireSession()) }
        router.register(Auth.Logout.self) { params, context in
            try await self.logout(try context.requireSession(), all: params.all ?? false)
            context.bind(nil)
            return Empty()
        }
        router.register(Auth.ChangePassword.self) { params, context in
            try await self.changePassword(try context.requireSession(), params)
            return Empty()
        }
        router.register(Auth.Recover.self) { params, _ in try await self.recover(params) }
        router.register(Auth.Sessions.self) { _, context in
            Auth.Sessions.Result(sessions: try await self.sessions(try context.requireSession()))
        }
        router.register(Auth.Revoke.self) { params, context in
            try await self.revoke(try context.requireSession(), sessionId: params.sessionId)
            return Empty()
        }
        router.register(Auth.DeleteAccount.self) { params, context in
            try await self.deleteAccount(try context.requireSession(), password: params.password)
            context.bind(nil)
            return Empty()
        }
        router.register(Vault.Verify.self) { _, context in
            let report = try await context.store().verify()
            let damaged = report.damaged.map { Vault.DamagedPart(kind: $0.kind, page: $0.number, id: $0.blobId, detail: $0.detail) }
            return Vault.Verify.Result(
                ok: damaged.isEmpty, pagesChecked: report.pagesChecked + report.framesChecked, blobsChecked: report.blobsChecked,
                damaged: damaged)
        }
    }
}
