/// Why an org operation was refused.
public enum OrgError: Error, Equatable {
    /// The user has no replica of this org (never joined, or another user's).
    case notFound(String)
    /// The user's role in the org does not allow this (admins invite and remove; viewers do not edit).
    case notAllowed(String)
    /// No invitation has this code: mistyped, used already, or expired.
    case invalidInvitation
    /// The user already has a replica of this org.
    case alreadyMember(String)
    /// The user named is not a member of the org.
    case notAMember(String)
    /// The last admin cannot leave while other members remain.
    case lastAdmin
    /// The org's state in the vault cannot be read.
    case damaged
}
