import Foundation
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// The provider paths through a real OpenAI-compatible server: llama-cpp-python's, serving
/// SmolLM2-135M on loopback (prepared by scripts/llm-server.sh, which `make test` runs). The
/// model is tiny: these tests assert on protocol and handling, never on the answers' quality.
@Suite(.serialized) struct LlamaServerTests {
    /// The server, started once for the suite's tests.
    static func startServer() async throws -> LocalServer {
        let environment = ProcessInfo.processInfo.environment
        let cache = (environment["XDG_CACHE_HOME"] ?? NSHomeDirectory() + "/.cache") + "/hired"
        let python = environment["HIRED_LLAMA_PYTHON"] ?? cache + "/llama-venv/bin/python"
        let model = environment["HIRED_LLAMA_MODEL"] ?? cache + "/models/SmolLM2-135M-Instruct.Q4_1.gguf"
        try #require(
            FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: model),
            "no local LLM server: run `bash scripts/llm-server.sh` (make test does)")
        return try await LocalServer(python: python, script: "serve_llama.py", [model], timeout: .seconds(300))
    }

    private func setLocal(_ client: RPCClient, _ server: LocalServer) async throws {
        _ = try await client.call(
            Providers.Set.self, .init(name: "local", kind: .openai, baseURL: server.baseURL, model: "smollm2", maxConcurrency: 2))
    }

    @Test func jobsAreProfiledThroughTheServerWithUsageFallbacksAndCache() async throws {
        let server = try await Self.startServer()
        try await withProviderRecruiter { client in
            try await setLocal(client, server)
            let test = try await client.call(Providers.Test.self, .init(name: "local"))
            #expect(test.reachable, "\(test.error ?? "")")
            #expect(test.latencyMs > 0)
            #expect(test.ok == (test.error == nil))

            let ids = ["J-1", "J-2", "J-3"]
            try await addJobs(client, ["J-1"], description: "Senior Python developer, 5 years, Django and PostgreSQL. Remote.")
            try await addJobs(client, ["J-2"], description: "Junior Java engineer for a bank. Spring Boot, SQL. Onsite in Dallas.")
            try await addJobs(client, ["J-3"], description: "DevOps lead: Kubernetes, Terraform, AWS. 8+ years. Hybrid.")
            let done = try await client.call(Jobs.Process.self, .init(jobIds: ids, provider: "local"))
            #expect(done.processed == 3)
            let run = try await client.call(History.Get.self, .init(runId: done.runId))
            #expect(run.summary["provider"] == "local")
            #expect(run.summary["model"] == "smollm2")
            let requests = run.summary["usage"]?["requests"]?.intValue ?? 0
            #expect(requests >= 3 && requests <= 6, "\(run.results?["fallbacks"]?.jsonString ?? "")")
            #expect((run.summary["usage"]?["inputTokens"]?.intValue ?? 0) > 0)
            #expect((run.summary["usage"]?["outputTokens"]?.intValue ?? 0) > 0)
            // Every job has a profile: the model's, or the builtin's with the reason recorded.
            var fromModel = 0
            for id in ids {
                let profile = try #require(try await client.call(Jobs.Get.self, .init(jobId: id)).profile)
                if profile.provider == "local" { fromModel += 1 }
            }
            let fallbacks = run.summary["fallbacks"]?.intValue ?? -1
            #expect(fromModel + fallbacks == 3)

            // The same questions again: the model's answers come from the vault's cache.
            let again = try await client.call(Jobs.Process.self, .init(jobIds: ids, provider: "local"))
            let second = try await client.call(History.Get.self, .init(runId: again.runId))
            #expect(second.summary["usage"]?["cached"]?.intValue == fromModel)

            // A resume read by the model (or by the builtin engine, saying why), then a match
            // re-ranked by it: every answer either met its schema or fell back.
            let added = try await client.call(
                Resumes.Add.self,
                .init(text: "Dana Reyes\nPython developer, 6 years: Django, PostgreSQL, AWS.", filename: "dana.txt", provider: "local"))
            let resume = try #require(added.resumes.first)
            let resumeRun = try await client.call(History.Get.self, .init(runId: try #require(added.runId)))
            #expect((resumeRun.summary["usage"]?["requests"]?.intValue ?? 0) >= 1)
            let readByModel = resumeRun.summary["fallbacks"] == 0
            #expect(readByModel || resumeRun.results?["fallbacks"]?[0]?["reason"]?.stringValue?.isEmpty == false)
            // The model re-ranks the builtin engine's top (which jobs make it depends on the
            // profiles the model wrote): the same jobs, ranked 1…n.
            let builtin = try await client.call(Match.Run.self, .init(resumeIds: [resume.id], topK: 3))
            let matched = try await client.call(Match.Run.self, .init(resumeIds: [resume.id], topK: 3, provider: "local"))
            try #require(!builtin.matches.isEmpty)
            #expect(Set(matched.matches.map(\.jobId)) == Set(builtin.matches.map(\.jobId)))
            #expect(matched.matches.map(\.rank) == Array(1...builtin.matches.count))
            let matchRun = try await client.call(History.Get.self, .init(runId: matched.runId))
            if matchRun.summary["fallbacks"] == 0 {
                #expect(matched.matches.contains { $0.explanation.ranking == .provider && $0.explanation.rationale != nil })
            } else {
                #expect(matched.matches.allSatisfy { $0.explanation.rationale == nil })
            }
        }
    }
}
