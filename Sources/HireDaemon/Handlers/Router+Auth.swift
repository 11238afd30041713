import HireRPC

extension Router {
    /// `auth.*`: handlers translate between the wire and `AccountService`.
    mutating func registerAuthMethods() {
        register(Auth.Register.self) { params, context in try await context.daemon.accounts.register(params) }
        register(Auth.Login.self) { params, context in
            let (result, binding) = try await context.daemon.accounts.login(params, peer: context.peer)
            context.bind(binding)
            return result
        }
        register(Auth.Attach.self) { params, context in
            let (result, binding) = try await context.daemon.accounts.attach(token: params.token, peer: context.peer)
            context.bind(binding)
            return result
        }
        register(Auth.Whoami.self) { _, context in try await context.daemon.accounts.whoami(try context.requireSession()) }
        register(Auth.Logout.self) { params, context in
            try await context.daemon.accounts.logout(try context.requireSession(), all: params.all ?? false)
            context.bind(nil)
            return Empty()
        }
        register(Auth.ChangePassword.self) { params, context in
            try await context.daemon.accounts.changePassword(try context.requireSession(), params)
            return Empty()
        }
        register(Auth.Recover.self) { params, context in try await context.daemon.accounts.recover(params) }
        register(Auth.Sessions.self) { _, context in
            Auth.Sessions.Result(sessions: try await context.daemon.accounts.sessions(try context.requireSession()))
        }
        register(Auth.Revoke.self) { params, context in
            try await context.daemon.accounts.revoke(try context.requireSession(), sessionId: params.sessionId)
            return Empty()
        }
        register(Auth.DeleteAccount.self) { params, context in
            try await context.daemon.accounts.deleteAccount(try context.requireSession(), password: params.password)
            context.bind(nil)
            return Empty()
        }
    }
}
