import Foundation
import HireCore

/// A user as the wire shows it: the domain's ``User`` as it is.
public typealias UserView = User

/// Accounts, sessions and keys.
public enum Auth {
    public enum Register: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.register", summary: "Create an account; its recovery key is shown once.",
            details: "The password must have at least 10 characters, not be a common password, and not be the username or email.",
            access: .public, readOnly: false,
            errors: [.usernameTaken, .emailTaken, .invalidEmail, .invalidUsername, .weakPassword],
            positionals: ["username", "email"], shortcut: "register", prompts: [Prompt("password", "Password: ", .newSecret)],
            savedSession: .ignore)
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var username: String
            public var email: String
            public var password: String
            public var role: Role
            public var displayName: String?
            public init(username: String, email: String, password: String, role: Role, displayName: String? = nil) {
                self.username = username
                self.email = email
                self.password = password
                self.role = role
                self.displayName = displayName
            }
            public static let fieldDocs = [
                "username": "3–32 characters: letters, digits, '.', '_' or '-'.", "email": "A valid email address.",
                "password": "At least 10 characters, not common, not the username or email.",
                "role": "recruiter or candidate.", "displayName": "Defaults to the username.",
            ]
        }
        public struct Result: Codable, Sendable {
            public var user: UserView
            /// Shown once: the only way back in without the password.
            public var recoveryKey: String
            public init(user: UserView, recoveryKey: String) {
                self.user = user
                self.recoveryKey = recoveryKey
            }
        }
        public static let example = Params(
            username: "dana", email: "dana@example.com", password: "correct horse battery", role: .recruiter)
    }

    public enum Login: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.login", summary: "Log in; the token is bound to this connection and to your uid.",
            access: .public, readOnly: false, errors: [.wrongCredentials, .rateLimited],
            positionals: ["login"], shortcut: "login",
            prompts: [Prompt("login", "Login: ", .whenMissing), Prompt("password", "Password: ")], savedSession: .save,
            bindsSession: true)
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var login: String
            public var password: String
            public var ttlSeconds: Int?
            public init(login: String, password: String, ttlSeconds: Int? = nil) {
                self.login = login
                self.password = password
                self.ttlSeconds = ttlSeconds
            }
            public static let fieldDocs = [
                "login": "Username or email.", "password": "The account's password.",
                "ttlSeconds": "Idle time after which the session ends (default 12 h; sessions end after 30 days in any case).",
            ]
        }
        public struct Result: Codable, Sendable {
            public var token: String
            public var expiresAt: String
            public var user: UserView
            public init(token: String, expiresAt: String, user: UserView) {
                self.token = token
                self.expiresAt = expiresAt
                self.user = user
            }
        }
        public static let example = Params(login: "dana", password: "correct horse battery")
    }

    public enum Attach: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.attach", summary: "Bind this connection to an existing session by its token.",
            access: .public, readOnly: false, errors: [.invalidToken, .sessionExpired], bindsSession: true)
        public struct Params: Codable, Sendable {
            public var token: String
            public init(token: String) { self.token = token }
        }
        public struct Result: Codable, Sendable {
            public var user: UserView
            public var expiresAt: String
            public init(user: UserView, expiresAt: String) {
                self.user = user
                self.expiresAt = expiresAt
            }
        }
        public static let example = Params(token: "…")
    }

    public enum Whoami: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.whoami", summary: "Show the logged-in user.", access: .session, readOnly: true,
            shortcut: "whoami")
        public typealias Params = Empty
        public typealias Result = UserView
        public static let example = Empty()
    }

    public enum Logout: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.logout", summary: "End this session (or all of yours).", access: .session, readOnly: false,
            shortcut: "logout", savedSession: .forgetAfterReply, bindsSession: true)
        public struct Params: Codable, Sendable, SchemaDocumented {
            public var all: Bool?
            public init(all: Bool? = nil) { self.all = all }
            public static let fieldDocs = ["all": "End every session of this user, not only this one."]
        }
        public typealias Result = Empty
        public static let example = Params()
    }

    public enum ChangePassword: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.changePassword", summary: "Change the password; your other sessions end.",
            access: .session, readOnly: false, errors: [.wrongCredentials, .weakPassword, .rateLimited],
            shortcut: "passwd",
            prompts: [Prompt("currentPassword", "Current password: "), Prompt("newPassword", "New password: ", .newSecret)])
        public struct Params: Codable, Sendable {
            public var currentPassword: String
            public var newPassword: String
            public init(currentPassword: String, newPassword: String) {
                self.currentPassword = currentPassword
                self.newPassword = newPassword
            }
        }
        public typealias Result = Empty
        public static let example = Params(currentPassword: "correct horse battery", newPassword: "a new long passphrase")
    }

    public enum Recover: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.recover", summary: "Set a new password with the recovery key; a new recovery key is issued.",
            access: .public, readOnly: false, errors: [.wrongCredentials, .weakPassword, .rateLimited],
            positionals: ["login"], shortcut: "recover",
            prompts: [Prompt("recoveryKey", "Recovery key: "), Prompt("newPassword", "New password: ", .newSecret)],
            savedSession: .ignore)
        public struct Params: Codable, Sendable {
            public var login: String
            public var recoveryKey: String
            public var newPassword: String
            public init(login: String, recoveryKey: String, newPassword: String) {
                self.login = login
                self.recoveryKey = recoveryKey
                self.newPassword = newPassword
            }
        }
        public struct Result: Codable, Sendable {
            public var recoveryKey: String
            public init(recoveryKey: String) { self.recoveryKey = recoveryKey }
        }
        public static let example = Params(login: "dana", recoveryKey: "…", newPassword: "a new long passphrase")
    }

    /// One session of the user, as `auth.sessions` lists it.
    public struct SessionView: Codable, Sendable, Equatable {
        public var id: String
        public var createdAt: String
        public var lastUsedAt: String
        public var expiresAt: String
        public var peerUid: Int
        public var current: Bool
        public init(id: String, createdAt: String, lastUsedAt: String, expiresAt: String, peerUid: Int, current: Bool) {
            self.id = id
            self.createdAt = createdAt
            self.lastUsedAt = lastUsedAt
            self.expiresAt = expiresAt
            self.peerUid = peerUid
            self.current = current
        }
    }

    public enum Sessions: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.sessions", summary: "List your sessions.", access: .session, readOnly: true,
            shortcut: "sessions")
        public typealias Params = Empty
        public struct Result: Codable, Sendable {
            public var sessions: [SessionView]
            public init(sessions: [SessionView]) { self.sessions = sessions }
        }
        public static let example = Empty()
    }

    public enum Revoke: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.revoke", summary: "End one of your sessions.", access: .session, readOnly: false,
            errors: [.sessionNotFound], positionals: ["sessionId"], shortcut: "revoke")
        public struct Params: Codable, Sendable {
            public var sessionId: String
            public init(sessionId: String) { self.sessionId = sessionId }
        }
        public typealias Result = Empty
        public static let example = Params(sessionId: "…")
    }

    public enum DeleteAccount: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "auth.deleteAccount", summary: "Delete your account and destroy its data for good.",
            access: .session, readOnly: false, errors: [.wrongCredentials, .rateLimited],
            verbAliases: ["delete-account"], prompts: [Prompt("password", "Password: ")],
            confirmation: Confirmation(
                question: "This deletes your account and destroys all its data for good. Type 'delete' to confirm: ",
                answer: "delete", declined: "not deleted", unanswered: "deleting an account needs confirmation"),
            savedSession: .forgetOnSuccess, bindsSession: true)
        public struct Params: Codable, Sendable {
            public var password: String
            public init(password: String) { self.password = password }
        }
        public typealias Result = Empty
        public static let example = Params(password: "correct horse battery")
    }
}
