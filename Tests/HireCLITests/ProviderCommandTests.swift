import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

/// `hire providers …` and `--provider` as a person types them.
@Suite struct ProviderCommandTests {
    /// A test daemon with a recruiter logged in through `hire` (its session file in
    /// `environment`); `socket` is the `--socket` argument.
    private func withLoggedInRecruiter(_ body: @Sendable (_ socket: [String], _ environment: [String: String]) async throws -> Void) async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            _ = await Capture(stdin: "a long cli passphrase\n").run(
                socket + ["register", "pat", "pat@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
            _ = await Capture(stdin: "a long cli passphrase\n").run(socket + ["login", "pat", "--password-stdin"], environment: environment)
            try await body(socket, environment)
        }
    }

    @Test func aRunOfCapitalsIsOneWordInAFlag() {
        #expect(ParamParser.flagName("baseURL") == "base-url")
        #expect(ParamParser.flagName("jobId") == "job-id")
        #expect(ParamParser.flagName("allowPersonalData") == "allow-personal-data")
    }

    @Test func providersAreSetListedAndDeletedFromTheCommandLine() async throws {
        try await withLoggedInRecruiter { socket, environment in

            let set = Capture(terminal: false)
            #expect(
                await set.run(
                    socket + [
                        "providers", "set", "local", "--kind", "openai", "--base-url", "http://127.0.0.1:8080/v1", "--model", "smollm2",
                        "--api-key", "sk-cli-secret", "--max-concurrency", "4",
                    ], environment: environment) == .success)
            #expect(!set.out.contains("sk-cli-secret"))
            let list = Capture(terminal: false)
            #expect(await list.run(socket + ["providers", "list"], environment: environment) == .success)
            let listed = try JSONValue(parsing: list.out.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(listed["providers"]?[0]?["baseURL"] == "http://127.0.0.1:8080/v1")
            #expect(listed["providers"]?[0]?["maxConcurrency"] == 4)
            #expect(listed["providers"]?[0]?["hasApiKey"] == true)
            #expect(!list.out.contains("sk-cli-secret"))

            // This daemon was built without the HTTP client: a provider is refused, saying so.
            let process = Capture()
            #expect(await process.run(socket + ["jobs", "process", "--provider", "local"], environment: environment) == .errorReply)
            #expect(process.err.contains("built without LLM providers"))

            #expect(await Capture().run(socket + ["providers", "delete", "local"], environment: environment) == .success)
            let gone = Capture()
            #expect(await gone.run(socket + ["providers", "delete", "local"], environment: environment) == .errorReply)
            #expect(gone.err.contains("unknown provider 'local'"))
        }
    }

    @Test func theAPIKeyIsAskedForWithoutEchoOrReadFromStandardInput() async throws {
        try await withLoggedInRecruiter { socket, environment in
            let set = socket + ["providers", "set"]
            let rest = ["--kind", "openai", "--base-url", "http://127.0.0.1:8080/v1", "--model", "m"]
            func hasKey(_ name: String) async -> Bool? {
                let list = Capture()
                _ = await list.run(socket + ["providers", "list", "--json"], environment: environment)
                let listed = try? JSONValue(parsing: list.out.trimmingCharacters(in: .whitespacesAndNewlines))
                guard case .array(let providers)? = listed?["providers"] else { return nil }
                return providers.first { $0["name"] == .string(name) }.map { $0["hasApiKey"] == .bool(true) }
            }

            // At a terminal, without --api-key: asked without echo.
            let typed = Capture(secrets: ["sk-typed"])
            #expect(await typed.run(set + ["typed"] + rest, environment: environment) == .success)
            #expect(typed.prompts == ["API key (empty: none, or keep the one stored): "])
            #expect(await hasKey("typed") == true)
            // An empty answer keeps the key stored.
            let kept = Capture(secrets: [""])
            #expect(await kept.run(set + ["typed"] + rest, environment: environment) == .success)
            #expect(await hasKey("typed") == true)
            // --api-key-stdin reads the first line of standard input, and asks nothing.
            let piped = Capture(stdin: "sk-piped\nnot this\n", secrets: ["sk-never"])
            #expect(await piped.run(set + ["piped", "--api-key-stdin"] + rest, environment: environment) == .success)
            #expect(piped.prompts.isEmpty)
            #expect(await hasKey("piped") == true)
            // No terminal and no flag: no key, nothing asked.
            let script = Capture()
            #expect(await script.run(set + ["bare"] + rest, environment: environment) == .success)
            #expect(await hasKey("bare") == false)
            // --api-key still works (the help says it shows in the process list).
            #expect(await Capture(secrets: ["sk-never"]).run(set + ["bare", "--api-key", "sk-flag"] + rest, environment: environment) == .success)
            #expect(await hasKey("bare") == true)
            let help = Capture()
            _ = await help.run(["providers", "set", "--help"])
            #expect(help.out.contains("--api-key-stdin"))
            #expect(help.out.contains("process list"))
        }
    }
}
