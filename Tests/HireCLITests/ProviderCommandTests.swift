import Foundation
import HireCLI
import HireRPC
import HireTestSupport
import Testing

/// `hire providers …` and `--provider` as a person types them.
@Suite struct ProviderCommandTests {
    @Test func aRunOfCapitalsIsOneWordInAFlag() {
        #expect(ParamParser.flagName("baseURL") == "base-url")
        #expect(ParamParser.flagName("jobId") == "job-id")
        #expect(ParamParser.flagName("allowPersonalData") == "allow-personal-data")
    }

    @Test func providersAreSetListedAndDeletedFromTheCommandLine() async throws {
        try await withTestDaemon { daemon in
            let environment = ["HIRE_SESSION_FILE": daemon.directory + "/cli/session"]
            let socket = ["--socket", daemon.socketPath]
            _ = await Capture(stdin: "a long cli passphrase\n").run(
                socket + ["register", "pat", "pat@example.com", "--role", "recruiter", "--password-stdin"], environment: environment)
            _ = await Capture(stdin: "a long cli passphrase\n").run(socket + ["login", "pat", "--password-stdin"], environment: environment)

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
}
