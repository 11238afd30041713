import Foundation

/// What a password, username and email must be.
enum PasswordPolicy {
    static let minimumLength = 10

    /// Why `password` is refused, or nil when it is acceptable.
    static func problem(password: String, username: String, email: String) -> String? {
        if password.count < minimumLength { return "it has fewer than \(minimumLength) characters" }
        let lowered = password.lowercased()
        if commonPasswords.contains(lowered) { return "it is a commonly used password" }
        if lowered == username.lowercased() || lowered == email.lowercased()
            || lowered == String(email.lowercased().prefix { $0 != "@" })
        {
            return "it is the same as the username or email"
        }
        if Set(password).count < 3 { return "it repeats too few distinct characters" }
        return nil
    }

    /// 3 to 32 letters, digits, '.', '_' or '-'.
    static func isValidUsername(_ username: String) -> Bool {
        (3...32).contains(username.count)
            && username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// One '@', a non-empty local part, a dotted domain, no spaces.
    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, !email.contains(where: \.isWhitespace) else {
            return false
        }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }
}
