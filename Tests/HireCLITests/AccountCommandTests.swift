import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

@Suite struct AccountCommandTests {
    @Test func registerLoginWhoamiLogoutKeepTheSessionFile() async throws {
        try await withTestDaemon { daemon in
            let sessionFile = daemon.directory + "/cli/session"
            let environment = ["HIRE_SESSION_FILE": sessionFile]
            let socket = ["--socket", daemon.socketPath]

            let register = Capture(terminal: true, stdin: "a long cli passphrase\n")
            #expect(await register.run(socket + ["register", "rita", "rita@example.com", "--role", "candidate", "--password-stdin"],
                environment: environment) == .success)
            #expect(register.out.contains("recovery key: "))
            #expect(register.out.contains("shown only once"))

            // Not logged in yet: a session method says so.
            let before = Capture()
            #expect(await before.run(socket + ["whoami"], environment: environment) == .errorReply)
            #expect(before.err.contains("-32001"))

            let login = Capture(terminal: true, stdin: "a long cli passphrase\n")
            #expect(await login.run(socket + ["login", "rita", "--password-stdin"], environment: environment) == .success)
            #expect(login.out.contains("logged in as rita"))
            let mode = try FileManager.default.attributesOfItem(atPath: sessionFile)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(!login.out.contains(try String(contentsOfFile: sessionFile, encoding: .utf8)), "the token is not printed")

            // Every later command attaches the saved session by itself.
            let whoami = Capture()
            #expect(await whoami.run(socket + ["whoami"], environment: environment) == .success)
            #expect(try JSONValue(parsing: whoami.out.trimmingCharacters(in: .whitespacesAndNewlines))["username"] == "rita")
            let sessions = Capture(terminal: true)
            #expect(await sessions.run(socket + ["sessions"], environment: environment) == .success)
            #expect(sessions.out.contains("CURRENT"))
            let generic = Capture()
            #expect(await generic.run(socket + ["auth", "whoami"], environment: environment) == .success)

            let logout = Capture()
            #expect(await logout.run(socket + ["logout"], environment: environment) == .success)
            #expect(!FileManager.default.fileExists(atPath: sessionFile))
        }
    }

    /// One session file, two daemons: a login to the second does not log you out of the
    /// first, and a logout ends only its own.
    @Test func eachSocketKeepsItsOwnSavedSession() async throws {
        try await withTestDaemon { first in
            try await withTestDaemon { second in
                let environment = ["HIRE_SESSION_FILE": first.directory + "/cli/session"]
                for (daemon, name) in [(first, "ana"), (second, "ben")] {
                    let socket = ["--socket", daemon.socketPath]
                    _ = await Capture(stdin: "a long cli passphrase\n").run(
                        socket + ["register", name, "\(name)@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
                    #expect(await Capture(stdin: "a long cli passphrase\n").run(
                        socket + ["login", name, "--password-stdin"], environment: environment) == .success)
                }
                func whoami(_ daemon: TestDaemon) async throws -> JSONValue? {
                    let capture = Capture()
                    guard await capture.run(["--socket", daemon.socketPath, "whoami"], environment: environment) == .success else { return nil }
                    return try JSONValue(parsing: capture.out.trimmingCharacters(in: .whitespacesAndNewlines))["username"]
                }
                let both = (try await whoami(first), try await whoami(second))
                #expect(both.0 == "ana")
                #expect(both.1 == "ben")
                #expect(await Capture().run(["--socket", second.socketPath, "logout"], environment: environment) == .success)
                let after = (try await whoami(first), try await whoami(second))
                #expect(after.0 == "ana")
                #expect(after.1 == nil)
            }
        }
    }

    @Test func anExpiredSavedSessionSaysToLogInAgain() async throws {
        let clock = TestClock()
        try await withTestDaemon(clock: clock) { daemon in
            let sessionFile = daemon.directory + "/cli/session"
            let environment = ["HIRE_SESSION_FILE": sessionFile]
            let socket = ["--socket", daemon.socketPath]
            _ = await Capture(stdin: "a long cli passphrase\n").run(
                socket + ["register", "sam", "sam@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
            _ = await Capture(stdin: "a long cli passphrase\n").run(
                socket + ["login", "sam", "--password-stdin", "--ttl-seconds", "1"], environment: environment)
            // The session's one-second life runs out.
            clock.advance(by: .milliseconds(1500))
            let whoami = Capture()
            #expect(await whoami.run(socket + ["whoami"], environment: environment) == .errorReply)
            #expect(whoami.err.contains("log in again"))
        }
    }

    @Test func passwdAndRecoverReadSecretsFromStandardInput() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            let register = Capture(stdin: "first long passphrase\n")
            #expect(await register.run(
                socket + ["register", "tess", "tess@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
                == .success)
            let recoveryKey = try #require(try JSONValue(parsing: register.out)["recoveryKey"]?.stringValue)
            _ = await Capture(stdin: "first long passphrase\n").run(socket + ["login", "tess", "--password-stdin"], environment: environment)
            let passwd = Capture(stdin: "first long passphrase\nsecond long passphrase\n")
            #expect(await passwd.run(socket + ["passwd", "--password-stdin"], environment: environment) == .success)
            let recover = Capture(terminal: true, stdin: "\(recoveryKey)\nthird long passphrase\n")
            #expect(await recover.run(socket + ["recover", "tess", "--password-stdin"], environment: environment) == .success)
            #expect(recover.out.contains("new recovery key"))
            let login = Capture(stdin: "third long passphrase\n")
            #expect(await login.run(socket + ["login", "tess", "--password-stdin"], environment: environment) == .success)
        }
    }

    @Test func deletingAnAccountAsksForThePasswordAndAConfirmation() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            let password = "a long cli passphrase\n"
            let register = Capture(stdin: password)
            #expect(await register.run(socket + ["register", "tess", "tess@example.com", "--role", "candidate", "--password-stdin"],
                environment: environment) == .success)
            func loggedIn() async -> Bool {
                let login = Capture(stdin: password)
                return await login.run(socket + ["login", "tess", "--password-stdin"], environment: environment) == .success
            }
            #expect(await loggedIn())
            // No terminal to ask and no --yes: nothing is deleted.
            let unasked = Capture(stdin: password)
            #expect(await unasked.run(socket + ["auth", "deleteAccount", "--password-stdin"], environment: environment) == .usage)
            #expect(unasked.err.contains("--yes"))
            // Asked, and the answer is not the word: nothing is deleted.
            let declined = Capture(terminal: true, stdin: password, answers: ["y"])
            #expect(await declined.run(socket + ["auth", "deleteAccount", "--password-stdin"], environment: environment) == .errorReply)
            #expect(declined.err.contains("Type 'delete' to confirm"))
            #expect(await loggedIn())
            // Confirmed: gone, and the saved session with it.
            let confirmed = Capture(terminal: true, stdin: password, answers: ["delete"])
            #expect(await confirmed.run(socket + ["auth", "deleteAccount", "--password-stdin"], environment: environment) == .success)
            #expect(!FileManager.default.fileExists(atPath: daemon.directory + "/cli/session"))
            #expect(!(await loggedIn()))
        }
    }

    @Test func aBatchWithAFailureExitsOne() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            let password = "a long cli passphrase\n"
            #expect(await Capture(stdin: password).run(
                socket + ["register", "ugo", "ugo@example.com", "--role", "candidate", "--password-stdin"], environment: environment) == .success)
            #expect(await Capture(stdin: password).run(socket + ["login", "ugo", "--password-stdin"], environment: environment) == .success)
            let good = daemon.directory + "/good.txt"
            let empty = daemon.directory + "/empty.txt"
            try "Ugo Rossi\nSwift developer, 5 years of Swift and Kotlin.\n".write(toFile: good, atomically: true, encoding: .utf8)
            try "".write(toFile: empty, atomically: true, encoding: .utf8)
            let mixed = Capture(terminal: true)
            #expect(await mixed.run(socket + ["resumes", "add", good, empty], environment: environment) == .errorReply)
            #expect(mixed.out.contains("good.txt"))
            #expect(mixed.out.contains("empty.txt"))
            #expect(mixed.err.contains("1 item failed"))
            let fine = Capture()
            #expect(await fine.run(socket + ["resumes", "list"], environment: environment) == .success)
            // A delete naming ids that are not there says so and exits 1; the others are deleted.
            guard case .array(let resumes)? = try JSONValue(parsing: fine.out)["resumes"], let id = resumes.first?["id"]?.stringValue
            else { throw CancellationError() }
            let delete = Capture()
            #expect(await delete.run(socket + ["resumes", "delete", id, "R-nothere"], environment: environment) == .errorReply)
            #expect(try JSONValue(parsing: delete.out)["deleted"]?.intValue == 1)
            #expect(delete.err.contains("not found, so not deleted: R-nothere"))
        }
    }

    @Test(arguments: [["register", "x"], ["register", "u", "e@x.io"], ["login", "a", "b"], ["revoke"], ["logout", "x"]])
    func malformedAccountCommandsAreUsageErrors(words: [String]) async {
        #expect(await Capture().run(words) == .usage)
    }
}
