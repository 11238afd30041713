import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func successPrintsJSONWhenPiped() async throws {
        try await withTestDaemon { daemon in
            let capture = Capture(terminal: false)
            #expect(await capture.run(["--socket", daemon.socketPath, "daemon", "status"]) == .success)
            let status = try JSONValue(parsing: capture.out.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(status["socket"] == .string(daemon.socketPath))
        }
    }

    @Test func terminalGetsTextAndJSONFlagWins() async throws {
        try await withTestDaemon { daemon in
            let text = Capture(terminal: true)
            #expect(await text.run(["--socket", daemon.socketPath, "daemon", "status"]) == .success)
            #expect(text.out.contains("socket"))
            #expect(text.out.contains(daemon.socketPath))
            #expect((try? JSONValue(parsing: text.out)) == nil)
            let ping = Capture(terminal: true)
            #expect(await ping.run(["--socket", daemon.socketPath, "daemon", "ping"]) == .success)
            #expect(ping.out == "ok\n")
            let json = Capture(terminal: true)
            #expect(await json.run(["--socket", daemon.socketPath, "--json", "daemon", "ping"]) == .success)
            #expect(json.out == "{}\n")
        }
    }

    @Test func errorReplyExitsOneWithMessageAndCode() async throws {
        try await withTestDaemon { daemon in
            let capture = Capture()
            #expect(await capture.run(["--socket", daemon.socketPath, "call", "no.such"]) == .errorReply)
            #expect(capture.err.contains("Method not found: no.such (-32601)"))
            #expect(capture.out.isEmpty)
        }
    }

    @Test func withJSONAnErrorIsAJSONObjectOnStandardOutput() async throws {
        try await withTestDaemon { daemon in
            let reply = Capture(terminal: true)
            #expect(await reply.run(["--socket", daemon.socketPath, "--json", "call", "no.such"]) == .errorReply)
            let error = try JSONValue(parsing: reply.out.trimmingCharacters(in: .whitespacesAndNewlines))["error"]
            #expect(error?["code"] == .int(RPCErrorCode.methodNotFound.rawValue))
            #expect(error?["message"] == "Method not found: no.such")
            // The daemon's data comes along.
            let invalid = Capture()
            let bogus = ["--socket", daemon.socketPath, "--json", "call", "daemon.ping", "--params", #"{"bogus":1}"#]
            #expect(await invalid.run(bogus) == .errorReply)
            let data = try JSONValue(parsing: invalid.out.trimmingCharacters(in: .whitespacesAndNewlines))["error"]?["data"]
            #expect(data?["param"] == "bogus")
            // A command line hire refuses itself: a message without a code, and the usage exit code.
            let usage = Capture()
            #expect(await usage.run(["--socket", daemon.socketPath, "--json", "call", "daemon.ping", "bogus=1"]) == .usage)
            let refused = try JSONValue(parsing: usage.out.trimmingCharacters(in: .whitespacesAndNewlines))["error"]
            #expect(refused?["message"]?.stringValue?.contains("no param 'bogus'") == true)
            #expect(usage.err.contains("no param 'bogus'"))
        }
        // An error of the connection, not the daemon: a message without a code.
        let directory = try makeTemporaryDirectory()
        let unreachable = Capture()
        #expect(await unreachable.run(["--socket", directory + "/none.sock", "--json", "daemon", "ping"]) == .cannotConnect)
        let error = try JSONValue(parsing: unreachable.out.trimmingCharacters(in: .whitespacesAndNewlines))["error"]
        #expect(error?["message"]?.stringValue?.contains("cannot connect") == true)
        #expect(error?["code"] == nil)
        #expect(unreachable.err.contains("hint: start the daemon"))
    }

    @Test func cannotConnectExitsTwoWithAHint() async throws {
        let directory = try makeTemporaryDirectory()
        let capture = Capture()
        #expect(await capture.run(["--socket", directory + "/none.sock", "daemon", "ping"]) == .cannotConnect)
        #expect(capture.err.contains("cannot connect"))
        #expect(capture.err.contains("hint: start the daemon"))
    }

    @Test func environmentSocketIsUsedWhenNoFlag() async throws {
        try await withTestDaemon { daemon in
            let capture = Capture()
            #expect(await capture.run(["daemon", "ping"], environment: ["HIRED_SOCKET": daemon.socketPath]) == .success)
        }
    }

    @Test(arguments: [["daemon", "frob"], ["--timeout", "0", "daemon", "ping"], ["--bogus"], ["help", "nothing"], []])
    func usageErrorsExitThree(arguments: [String]) async {
        let capture = Capture()
        #expect(await capture.run(arguments) == .usage)
        #expect(capture.err.hasPrefix("hire: "))
    }

    @Test func timeoutIsAnErrorAndCancelsTheCall() async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            let capture = Capture()
            let status = await capture.run(["--socket", daemon.socketPath, "--timeout", "0.2", "call", "test.slow", "tag=cli"])
            #expect(status == .errorReply)
            #expect(capture.err.contains("no reply within 0.2 seconds"))
            #expect(await probe.next() == "cancelled:cli")
        }
    }

    @Test func helpWorksWithoutADaemon() async {
        let capture = Capture()
        #expect(await capture.run(["--socket", "/nonexistent/s", "help", "daemon", "status"]) == .success)
        #expect(capture.out.contains("Usage: hire daemon status"))
        let method = Capture()
        #expect(await method.run(["help", "rpc.discover"]) == .success)
        #expect(method.out.contains("OpenRPC"))
        let flag = Capture()
        #expect(await flag.run(["daemon", "ping", "--help"]) == .success)
        #expect(flag.out.contains("Check that the daemon answers."))
        // Optional arguments are shown optional; a sort as it is typed.
        let process = Capture()
        #expect(await process.run(["help", "jobs", "process"]) == .success)
        #expect(process.out.contains("Usage: hire jobs process [JOBIDS…]"))
        let list = Capture()
        #expect(await list.run(["help", "jobs", "list"]) == .success)
        #expect(list.out.contains("--sort <column[:asc|desc]>"))
        // A boolean flag is shown as it is typed: it takes no value ("--save false" is refused).
        let filter = Capture()
        #expect(await filter.run(["help", "mtb", "filter"]) == .success)
        #expect(filter.out.contains("  --save, --no-save "))
        #expect(!filter.out.contains("<boolean>"))
        // Shorthands line up with the params they stand for.
        let importHelp = Capture()
        #expect(await importHelp.run(["help", "mtb", "import"]) == .success)
        let columns = Set(importHelp.out.split(separator: "\n").filter { $0.hasPrefix("  --") }.compactMap { line in
            line.dropFirst(2).range(of: "  ").map { line.dropFirst(2)[$0.upperBound...].prefix { $0 == " " }.count + line.dropFirst(2).distance(from: line.dropFirst(2).startIndex, to: $0.upperBound) }
        })
        #expect(columns.count == 1, "the descriptions of mtb import's flags start at \(columns)")
        let typed = Capture()
        #expect(await typed.run(["--socket", "/nonexistent/s", "mtb", "filter", "--state", "NY", "--save", "false"]) != .success)
        #expect(typed.err.contains("--save takes no value: write --save or --no-save (or --save=false)"))
    }

    @Test func versionAndAccountHelpWork() async {
        let version = Capture()
        #expect(await version.run(["--version"]) == .success)
        #expect(version.out == Catalogue.version + "\n")
        for arguments in [["help", "login"], ["login", "--help"], ["help", "register"], ["auth", "deleteAccount", "--help"]] {
            let help = Capture()
            #expect(await help.run(arguments) == .success, "\(arguments)")
            #expect(help.out.contains("hire login [LOGIN]"), "\(arguments)")
            #expect(help.err.isEmpty, "\(arguments)")
        }
    }

    @Test func helpMatchesTheSnapshot() async throws {
        let capture = Capture()
        #expect(await capture.run(["--help"]) == .success)
        let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/hire-help.txt")
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(capture.out == expected, "hire --help changed; if intended, update \(snapshot.path)")
    }

    @Test func interruptCancelsTheCallOnTheDaemon() async throws {
        let probe = CancellationProbe()
        try await withTestDaemon(extraMethods: { TestMethods.register(&$0, probe: probe) }) { daemon in
            let hire = try ChildProcess(
                executable("hire"), ["--socket", daemon.socketPath, "call", "test.slow", "tag=sigint"],
                outputDirectory: daemon.directory)
            // Wait until the call is running before interrupting it.
            var started = false
            let deadline = ContinuousClock.now + .seconds(20)
            while !started, ContinuousClock.now < deadline {
                let status = try await RawConnection.connect(daemon.socketPath)
                try await status.send(#"{"jsonrpc":"2.0","id":1,"method":"daemon.status"}"# + "\n")
                started = (try await status.readJSON()?["result"]?["connections"]?.intValue ?? 0) >= 2
                await status.close()
                if !started { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(started)
            #expect(await probe.started("sigint"))
            hire.signal(SIGINT)
            #expect(await probe.next() == "cancelled:sigint")
            #expect(await hire.waitForExit() == 130)
            #expect(hire.standardError.contains("hire: cancelled"))
            #expect(!hire.standardError.contains("Internal error"))
        }
    }
}
