import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

/// The account shortcuts (`hire login`, `hire passwd`, …) are declared in the catalogue next
/// to their methods and run by the one parser: they are in the help, the man page and the
/// completions like every command, and secrets are asked for, never taken as arguments.
@Suite struct ShortcutTests {
    static let shortcuts = ["register", "login", "whoami", "logout", "passwd", "recover", "sessions", "revoke", "apply"]

    static func generated(_ path: String) throws -> String {
        try #require(GeneratedFiles.all().first { $0.path == path }).content
    }

    @Test func theDeclarationsHoldTogether() throws {
        let nouns = Set(Catalogue.methods.map(\.descriptor.noun))
        let words = Catalogue.methods.compactMap(\.descriptor.shortcut)
        #expect(words == Self.shortcuts)
        #expect(Set(words).count == words.count, "a shortcut names one method")
        #expect(nouns.isDisjoint(with: words), "a shortcut is not a noun")
        #expect(!words.contains { ["call", "help", "version"].contains($0) })
        for method in Catalogue.methods {
            let descriptor = method.descriptor
            for prompt in descriptor.prompts {
                // Only an optional secret (an API key) may be left out altogether.
                #expect(method.params.property(prompt.param)?.required == (prompt.kind != .optionalSecret), "\(method.name): \(prompt.param)")
                // A secret is never an argument; what is asked only when left out is one.
                #expect(descriptor.positionals.contains(prompt.param) == (prompt.kind == .whenMissing), "\(method.name): \(prompt.param)")
            }
        }
    }

    @Test func theOverviewListsTheShortcuts() async {
        let help = Capture()
        #expect(await help.run(["help"]) == .success)
        for word in Self.shortcuts { #expect(help.out.contains("\n  hire \(word)"), "\(word)") }
        #expect(help.out.contains("hire login [LOGIN] [--ttl-seconds <integer>] [--password-stdin]"))
        #expect(help.out.contains("hire register USERNAME EMAIL --role <recruiter|candidate>"))
        #expect(help.out.contains("hire passwd [--password-stdin]"))
        #expect(help.out.contains("hire recover LOGIN [--password-stdin]"))
        #expect(help.out.contains("hire logout [--all]"))
    }

    @Test(arguments: shortcuts)
    func eachShortcutHasItsOwnHelp(word: String) async {
        for arguments in [[word, "--help"], [word, "-h"], ["help", word]] {
            let help = Capture()
            #expect(await help.run(arguments) == .success, "\(arguments)")
            #expect(help.out.hasPrefix("Usage: hire \(word)"), "\(arguments)")
            #expect(help.err.isEmpty, "\(arguments)")
        }
    }

    @Test func deleteAccountKeepsItsKebabName() async {
        let help = Capture()
        #expect(await help.run(["auth", "delete-account", "--help"]) == .success)
        #expect(help.out.hasPrefix("Usage: hire auth deleteAccount"))
        let unasked = Capture(stdin: "a long passphrase\n")
        #expect(await unasked.run(["auth", "delete-account", "--password-stdin"]) == .usage)
        #expect(unasked.err.contains("--yes"))
    }

    @Test func theManPageShowsShortcutsAndNoPasswordArgument() throws {
        let page = try Self.generated("man/hire.1")
        for word in Self.shortcuts { #expect(page.contains("\n.B hire \(word)"), "\(word)") }
        #expect(page.contains(".B hire login [LOGIN] [\\-\\-ttl\\-seconds <integer>] [\\-\\-password\\-stdin]"))
        #expect(page.contains(".B hire auth deleteAccount [\\-\\-password\\-stdin] [\\-\\-yes]"))
        #expect(!page.contains("\\-\\-password <"), "a password is never an argument")
        #expect(!page.contains("\\-\\-new\\-password"))
        #expect(!page.contains("\\-\\-recovery\\-key"))
    }

    @Test(arguments: ["contrib/completions/hire.bash", "contrib/completions/_hire", "contrib/completions/hire.fish"])
    func completionsOfferTheShortcuts(path: String) throws {
        let script = try Self.generated(path)
        for word in Self.shortcuts { #expect(script.contains(word), "\(word)") }
        #expect(script.contains("password-stdin"))
        if path.hasSuffix(".fish") {
            #expect(script.contains("-a 'login'"))
            #expect(!script.contains("-l password\n"))
            #expect(!script.contains("-l new-password"))
        } else {
            #expect(script.contains("\n        login)"))
            #expect(!script.contains("--password "))
            #expect(!script.contains("--new-password"))
        }
    }

    @Test(arguments: [
        ["login", "dana", "--password", "x"], ["auth", "login", "--login", "dana", "--password", "x"],
        ["register", "u", "u@example.com", "--role", "candidate", "--password=x"], ["passwd", "--new-password", "x"],
        ["recover", "dana", "--recovery-key", "k"], ["auth", "deleteAccount", "--password", "x", "--yes"],
    ])
    func secretsOnTheCommandLineAreRefused(words: [String]) async {
        let capture = Capture()
        #expect(await capture.run(["--socket", "/nonexistent/s"] + words) == .usage)
        #expect(capture.err.contains("--password-stdin"))
    }

    @Test func missingArgumentsAreNamed() async {
        let role = Capture()
        #expect(await role.run(["register", "u", "u@example.com"]) == .usage)
        #expect(role.err.contains("'register' needs --role (recruiter or candidate)"))
        let login = Capture(stdin: "a password\n")
        #expect(await login.run(["login", "--password-stdin"]) == .usage)
        #expect(login.err.contains("'login' needs LOGIN"))
        // No terminal to ask on for the login either.
        let unasked = Capture()
        #expect(await unasked.run(["login"]) == .usage)
        #expect(unasked.err.contains("'login' needs LOGIN"))
    }

    @Test func aNewPasswordIsTypedTwiceAtATerminal() async {
        // Checked before anything is sent: no daemon is needed to refuse a typo.
        let differ = Capture(secrets: ["a long passphrase", "a long passphrasf"])
        #expect(await differ.run(["--socket", "/nonexistent/s", "register", "u", "u@example.com", "--role", "candidate"]) == .usage)
        #expect(differ.prompts == ["Password: ", "Again: "])
        #expect(differ.err.contains("the passwords differ"))
        let none = Capture()
        #expect(await none.run(["--socket", "/nonexistent/s", "passwd"]) == .usage)
        #expect(none.err.contains("no terminal to ask: use --password-stdin"))
    }

    @Test func theLongFormIsTheSameCommand() async throws {
        try await withTestDaemon { daemon in
            let sessionFile = daemon.directory + "/cli/session"
            let environment = ["HIRE_SESSION_FILE": sessionFile]
            let socket = ["--socket", daemon.socketPath]
            // Asked at the terminal: the password twice, the login name when left out.
            let register = Capture(terminal: true, secrets: ["a long cli passphrase", "a long cli passphrase"])
            #expect(await register.run(socket + ["auth", "register", "--username", "yan", "--email", "yan@example.com", "--role", "recruiter"],
                environment: environment) == .success)
            #expect(register.out.contains("recovery key: "))
            let login = Capture(terminal: true, secrets: ["yan", "a long cli passphrase"])
            #expect(await login.run(socket + ["auth", "login"], environment: environment) == .success)
            #expect(login.prompts == ["Login: ", "Password: "])
            #expect(login.out.contains("logged in as yan"))
            #expect(FileManager.default.fileExists(atPath: sessionFile))
            let passwd = Capture(secrets: ["a long cli passphrase", "a newer cli passphrase", "a newer cli passphrase"])
            #expect(await passwd.run(socket + ["auth", "changePassword"], environment: environment) == .success)
            #expect(passwd.prompts == ["Current password: ", "New password: ", "Again: "])
            let logout = Capture()
            #expect(await logout.run(socket + ["auth", "logout"], environment: environment) == .success)
            #expect(!FileManager.default.fileExists(atPath: sessionFile))
            // `hire call` sends what it is given, the token included.
            let raw = Capture()
            #expect(await raw.run(socket + ["call", "auth.login", "login=yan", "password=a newer cli passphrase"], environment: environment)
                == .success)
            let reply = try JSONValue(parsing: raw.out)
            #expect(reply["token"]?.stringValue != nil)
            #expect(!FileManager.default.fileExists(atPath: sessionFile))
        }
    }
}
