/// A user's role.
public enum Role: String, Sendable, Codable, CaseIterable {
    case recruiter, candidate
}

/// An account holder, as `auth.whoami` shows them (`UserView` on the wire); `createdAt` is RFC 3339.
public struct User: Codable, Sendable, Equatable {
    public var id: String
    public var username: String
    public var email: String
    public var role: Role
    public var displayName: String
    public var createdAt: String

    public init(id: String, username: String, email: String, role: Role, displayName: String, createdAt: String) {
        self.id = id
        self.username = username
        self.email = email
        self.role = role
        self.displayName = displayName
        self.createdAt = createdAt
    }
}
