import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

/// `hire mtb import FILE --replace` that would empty the board: refused off a terminal
/// without --yes, asked on one; `--dry-run` shows the counts and changes nothing.
@Suite struct ImportConfirmationTests {
    @Test func aReplaceThatEmptiesTheBoardIsAskedOrRefused() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            func hire(_ words: [String], answer: String? = nil) async -> (Int32, Capture) {
                let capture = Capture(answer: answer)
                return (await capture.run(socket + words, environment: environment).rawValue, capture)
            }
            _ = await Capture(stdin: "a long cli passphrase\n").run(
                socket + ["register", "dana", "dana@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
            _ = await Capture(stdin: "a long cli passphrase\n").run(socket + ["login", "dana", "--password-stdin"], environment: environment)
            let board = daemon.directory + "/board.csv"
            let headerOnly = daemon.directory + "/header-only.csv"
            try "JobID,Company\nJ-1,Acme\nJ-2,Bolt\nJ-3,Core\n".write(toFile: board, atomically: true, encoding: .utf8)
            try "JobID,Company\n".write(toFile: headerOnly, atomically: true, encoding: .utf8)
            // A file with bad rows is refused with its lines named, not as JSON.
            let bad = daemon.directory + "/bad.csv"
            try "JobID,Company\nJ-9,Acme,extra\nJ-10,Bolt\n,Core\n".write(toFile: bad, atomically: true, encoding: .utf8)
            let onTerminal = Capture(terminal: true)
            let rejected = (await onTerminal.run(socket + ["mtb", "import", bad], environment: environment).rawValue, onTerminal)
            #expect(rejected.0 == 1)
            #expect(rejected.1.err.contains("\n  line 2: expected 2 fields, got 3\n"), "\(rejected.1.err)")
            #expect(rejected.1.err.contains("\n  line 4: "), "\(rejected.1.err)")
            #expect(rejected.1.err.contains("\n  run: "))
            #expect(!rejected.1.err.contains("{"))
            // Piped (a script's output going to a file), the lines still come on standard error.
            let piped = await hire(["mtb", "import", bad])
            #expect(piped.0 == 1)
            #expect(piped.1.err.contains("\n  line 2: expected 2 fields, got 3\n"), "\(piped.1.err)")
            #expect(piped.1.out.isEmpty, "only --json puts the error on standard output")
            #expect(await hire(["mtb", "import", board]).0 == 0)
            func jobs() async throws -> Int {
                let (status, capture) = await hire(["jobs", "list"])
                #expect(status == 0)
                return try JSONValue(parsing: capture.out.trimmingCharacters(in: .whitespacesAndNewlines))["total"]?.intValue ?? -1
            }
            // Off a terminal, without --yes: an error, exit 1, nothing removed.
            let refused = await hire(["mtb", "import", headerOnly, "--replace"])
            #expect(refused.0 == 1)
            #expect(refused.1.err.contains("removes 3 of 3 jobs (100%)"))
            #expect(refused.1.err.contains("(2008)"))
            #expect(try await jobs() == 3)
            // A dry run says what it would do.
            let dry = await hire(["mtb", "import", headerOnly, "--replace", "--dry-run"])
            #expect(dry.0 == 0)
            let counts = try JSONValue(parsing: dry.1.out.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(counts["removed"] == 3 && counts["dryRun"] == true)
            #expect(try await jobs() == 3)
            // On a terminal the user is asked; "no" changes nothing…
            let declined = await hire(["mtb", "import", headerOnly, "--replace"], answer: "n")
            #expect(declined.0 == 1)
            #expect(declined.1.questions == ["This import removes 3 of 3 jobs (100%). Continue? [y/N] "])
            #expect(try await jobs() == 3)
            // …"yes" sends it again, confirmed.
            let accepted = await hire(["mtb", "import", headerOnly, "--replace"], answer: "y")
            #expect(accepted.0 == 0)
            #expect(accepted.1.questions.count == 1)
            #expect(try await jobs() == 0)
            // mtb undo brings the board back; --yes confirms without asking.
            #expect(await hire(["mtb", "undo"]).0 == 0)
            #expect(try await jobs() == 3)
            let yes = await hire(["jobs", "import", headerOnly, "--replace", "--yes"], answer: "n")
            #expect(yes.0 == 0)
            #expect(yes.1.questions.isEmpty)
            #expect(try await jobs() == 0)
        }
    }

    @Test func allowDuplicatesIsAFlag() throws {
        var global = GlobalOptions()
        let invocation = try Invocation.parse(
            ["resumes", "add", "/tmp/a.pdf", "--allow-duplicates"], global: &global, stdin: { nil }, workingDirectory: "/tmp")
        #expect(invocation == .call(method: "resumes.add", params: ["paths": ["/tmp/a.pdf"], "allowDuplicates": true]))
    }
}
