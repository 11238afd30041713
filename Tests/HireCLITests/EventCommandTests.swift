import Foundation
import Glibc
import HireCLI
import HireRPC
import HireTestSupport
import Testing

/// `hire events watch|list` and `hire runs …` against a real daemon.
@Suite struct EventCommandTests {
    /// Registers and logs in a recruiter through `hire`, saving the session in `environment`'s file.
    private func logIn(_ socket: [String], environment: [String: String]) async {
        _ = await Capture(stdin: "a long cli passphrase\n").run(
            socket + ["register", "wes", "wes@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
        _ = await Capture(stdin: "a long cli passphrase\n").run(socket + ["login", "wes", "--password-stdin"], environment: environment)
    }

    @Test func backgroundImportThenRunsAndEvents() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            await logIn(socket, environment: environment)
            let board = daemon.directory + "/board.csv"
            try "JobID,Company,Position\nJ-1,Acme,Engineer\nJ-2,Bolt,Designer\n".write(toFile: board, atomically: true, encoding: .utf8)

            let started = Capture(terminal: true)
            #expect(await started.run(socket + ["mtb", "import", board, "--background"], environment: environment) == .success)
            let runId = try #require(started.out.split(separator: " ").dropFirst().first.map(String.init))
            #expect(started.out.contains("goes on in the background: hire runs wait \(runId)"))

            let waited = Capture(terminal: true)
            #expect(await waited.run(socket + ["runs", "wait", runId, "--timeout-seconds", "30"], environment: environment) == .success)
            #expect(waited.out.contains("status"))
            #expect(waited.out.contains("completed"))
            #expect(waited.out.contains("inserted=2"))

            let listed = Capture()
            #expect(await listed.run(socket + ["runs", "list"], environment: environment) == .success)
            guard case .array(let runs)? = try JSONValue(parsing: listed.out)["runs"] else { throw CancellationError() }
            #expect(runs.first?["id"]?.stringValue == runId)

            let events = Capture(terminal: true)
            #expect(await events.run(socket + ["events", "list"], environment: environment) == .success)
            let lines = events.out.split(separator: "\n")
            #expect(lines.first?.hasPrefix("id") == true)
            #expect(lines.count == 3)
            #expect(lines[1].contains("run.completed"))
            #expect(lines[1].contains("runId=\(runId)"))
            #expect(lines.last == "next: --since 1")

            let cancelled = Capture()
            #expect(await cancelled.run(socket + ["runs", "cancel", runId], environment: environment) == .success)
            #expect(try JSONValue(parsing: cancelled.out)["status"] == "completed")
        }
    }

    @Test func watchPrintsEventsAsJSONLinesUntilCtrlC() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            await logIn(socket, environment: environment)
            let watch = try ChildProcess(
                executable("hire"), socket + ["events", "watch", "--topics", "run.completed"],
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, outputDirectory: daemon.directory)
            // Runs end until the watch has printed one (it may not have subscribed yet for the first).
            var seen = false
            for _ in 0..<50 where !seen {
                let started = Capture()
                _ = await started.run(socket + ["call", "mtb.import", "csv=JobID\nJ-1\n", "background:=true"], environment: environment)
                let runId = try #require(try JSONValue(parsing: started.out)["runId"]?.stringValue)
                _ = await Capture().run(socket + ["runs", "wait", runId], environment: environment)
                try await Task.sleep(for: .milliseconds(100))
                seen = watch.standardOutput.contains(runId)
            }
            #expect(seen, "hire events watch printed nothing: \(watch.standardError)")
            let lines = watch.standardOutput.split(separator: "\n")
            for line in lines {
                let event = try JSONValue(parsing: String(line))
                #expect(event["topic"] == "run.completed")
                #expect(event["id"]?.intValue != nil)
            }
            watch.signal(SIGINT)
            #expect(await watch.waitForExit() == 0)
        }
    }
}
