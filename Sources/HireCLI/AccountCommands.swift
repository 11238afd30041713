import HireCore
import HireRPC

/// `hire register|login|logout|whoami|passwd|recover|sessions|revoke`: the auth methods with
/// prompts for secrets (never echoed, never on the command line) and the session file.
public enum AccountCommand: Equatable {
    case register(username: String, email: String, role: String, displayName: String?, passwordStdin: Bool)
    case login(login: String?, ttlSeconds: Int?, passwordStdin: Bool)
    case logout(all: Bool)
    case whoami
    case passwd(passwordStdin: Bool)
    case recover(login: String, passwordStdin: Bool)
    case sessions
    case revoke(sessionId: String)
    /// `hire auth deleteAccount`: the password asked for (or `--password`), then a confirmation.
    case deleteAccount(password: String?, passwordStdin: Bool, yes: Bool)

    /// `auth deleteAccount` (also `auth delete-account`) asks before it destroys anything.
    static func isDeleteAccount(_ words: [String]) -> Bool {
        words.count >= 2 && words[0] == "auth" && ["deleteAccount", "delete-account"].contains(words[1])
    }

    static let names: Set<String> = ["register", "login", "logout", "whoami", "passwd", "recover", "sessions", "revoke"]

    static let usage = """
        Usage: hire register USERNAME EMAIL --role recruiter|candidate [--display-name NAME] [--password-stdin]
               hire login [LOGIN] [--ttl-seconds N] [--password-stdin]
               hire logout [--all]
               hire whoami | hire sessions | hire revoke SESSION-ID
               hire passwd [--password-stdin]           (current, then new password)
               hire recover LOGIN [--password-stdin]    (recovery key, then new password)
               hire auth deleteAccount [--password-stdin] [--yes]   (password, then a confirmation)
        With --password-stdin, secrets are read one per line from standard input.

        """

    static func parse(_ words: [String]) throws(UsageError) -> AccountCommand {
        var positionals: [String] = []
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var i = isDeleteAccount(words) ? 2 : 1
        while i < words.count {
            let word = words[i]
            switch word {
            case "--password-stdin", "--all", "--yes": flags.insert(word)
            case "--role", "--display-name", "--ttl-seconds", "--password":
                guard i + 1 < words.count else { throw UsageError("\(word) needs a value") }
                options[word] = words[i + 1]
                i += 1
            default:
                guard !word.hasPrefix("-") else { throw UsageError("unknown option \(word) for '\(words[0])'\n\(usage)") }
                positionals.append(word)
            }
            i += 1
        }
        let stdin = flags.contains("--password-stdin")
        func expect(_ count: Int) throws(UsageError) {
            guard positionals.count == count else { throw UsageError("wrong arguments for '\(words[0])'\n\(usage)") }
        }
        if isDeleteAccount(words) {
            try expect(0)
            return .deleteAccount(password: options["--password"], passwordStdin: stdin, yes: flags.contains("--yes"))
        }
        switch words[0] {
        case "register":
            try expect(2)
            guard let role = options["--role"], Role(rawValue: role) != nil else {
                throw UsageError("register needs --role recruiter or --role candidate")
            }
            return .register(
                username: positionals[0], email: positionals[1], role: role, displayName: options["--display-name"],
                passwordStdin: stdin)
        case "login":
            guard positionals.count <= 1 else { throw UsageError("wrong arguments for 'login'\n\(usage)") }
            var ttl: Int?
            if let text = options["--ttl-seconds"] {
                guard let value = Int(text), value > 0 else { throw UsageError("--ttl-seconds needs a positive integer") }
                ttl = value
            }
            return .login(login: positionals.first, ttlSeconds: ttl, passwordStdin: stdin)
        case "logout":
            try expect(0)
            return .logout(all: flags.contains("--all"))
        case "whoami":
            try expect(0)
            return .whoami
        case "passwd":
            try expect(0)
            return .passwd(passwordStdin: stdin)
        case "recover":
            try expect(1)
            return .recover(login: positionals[0], passwordStdin: stdin)
        case "sessions":
            try expect(0)
            return .sessions
        default:
            try expect(1)
            return .revoke(sessionId: positionals[0])
        }
    }
}
