import Foundation

/// Why an account, a login or a session cannot be had.
public enum AccountError: Error, Sendable, Equatable {
    /// A username must be 3–32 letters, digits, '.', '_' or '-'.
    case invalidUsername
    /// Not an email address.
    case invalidEmail(String)
    /// The password policy refused a password; the reason, in words.
    case weakPassword(reason: String)
    case usernameTaken(String)
    case emailTaken(String)
    /// The login or the password is wrong; which, is not said.
    case wrongCredentials
    /// The login or the recovery key is wrong (`auth.recover`); which, is not said.
    case wrongRecoveryKey
    /// Too many failed attempts: on this machine (`machineWide`) or for this account.
    case rateLimited(retryAfterSeconds: Int, machineWide: Bool)
    /// Not a session token at all.
    case notAToken
    /// A token no session has (never issued, revoked, or logged out).
    case unknownToken
    /// The session's time ran out.
    case sessionExpired
    /// The session was ended (logged out or revoked elsewhere).
    case sessionEnded
    /// The session's account was deleted.
    case accountGone
    /// The session no longer stands, for one of the reasons above (the generic message).
    case sessionOver
    /// The caller has no session with this id.
    case sessionNotFound(String)
    /// The vault was locked after inactivity: the session's token opens it again.
    case vaultLocked
}
