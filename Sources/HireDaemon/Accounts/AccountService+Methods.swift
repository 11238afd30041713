import HireCore
import HireRPC
import HireStorage

extension AccountService: RegistrableService {
    /// `auth.*` and `vault.verify`: handlers translate between the wire and the account service.
    package func registerMethods(with router: inout Router) {
        router.register(Auth.Register.self) { params, _ in
            let (user, recoveryKey) = try await self.register(
                username: params.username, email: params.email, password: params.password, role: params.role,
                displayName: params.displayName)
            return Auth.Register.Result(user: user, recoveryKey: recoveryKey)
        }
        router.register(Auth.Login.self) { params, context in
            let session = try await self.login(params.login, password: params.password, ttlSeconds: params.ttlSeconds, peer: context.peer)
            context.bind(session.binding)
            return Auth.Login.Result(token: session.token, expiresAt: rfc3339(session.expiresAt), user: session.user)
        }
        router.register(Auth.Attach.self) { params, context in
            let session = try await self.attach(token: params.token, peer: context.peer)
            context.bind(session.binding)
            return Auth.Attach.Result(user: session.user, expiresAt: rfc3339(session.expiresAt))
        }
        router.register(Auth.Whoami.self) { _, context in try await self.whoami(try context.requireSession()) }
        router.register(Auth.Logout.self) { params, context in
            try await self.logout(try context.requireSession(), all: params.all ?? false)
            context.bind(nil)
            return Empty()
        }
        router.register(Auth.ChangePassword.self) { params, context in
            try await self.changePassword(try context.requireSession(), current: params.currentPassword, new: params.newPassword)
            return Empty()
        }
        router.register(Auth.Recover.self) { params, _ in
            Auth.Recover.Result(
                recoveryKey: try await self.recover(params.login, recoveryKey: params.recoveryKey, newPassword: params.newPassword))
        }
        router.register(Auth.Sessions.self) { _, context in
            let binding = try context.requireSession()
            return Auth.Sessions.Result(
                sessions: try await self.sessions(binding).map { record in
                    Auth.SessionView(
                        id: record.id, createdAt: rfc3339(record.createdAt), lastUsedAt: rfc3339(record.lastUsedAt),
                        expiresAt: rfc3339(record.expiresAt), peerUid: Int(record.peerUid), current: record.id == binding.sessionId)
                })
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
