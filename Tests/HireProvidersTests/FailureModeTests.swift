import Foundation
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// Provider paths against a local server that misbehaves on demand (Fixtures/fake_llm.py):
/// what no real model does when asked.
@Suite struct FailureModeTests {
    /// Sets provider `name` at the fake server, asking `model` (which picks the behaviour).
    private func setProvider(
        _ client: RPCClient, _ server: LocalServer, name: String = "fake", model: String, kind: ProviderKind = .openai,
        baseURL: String? = nil, apiKey: String? = nil, timeout: Double? = nil, allowPersonalData: Bool? = nil
    ) async throws {
        _ = try await client.call(
            Providers.Set.self,
            .init(
                name: name, kind: kind, baseURL: baseURL ?? server.baseURL, model: model, apiKey: apiKey, allowPersonalData: allowPersonalData,
                timeoutSeconds: timeout))
    }

    /// Processes `jobs` through `provider`; returns the run as history.get shows it.
    private func process(_ client: RPCClient, _ jobs: [String], provider: String = "fake") async throws -> RunView {
        let done = try await client.call(Jobs.Process.self, .init(jobIds: jobs, provider: provider))
        #expect(done.processed == jobs.count)
        return try await client.call(History.Get.self, .init(runId: done.runId))
    }

    private func fallbackReasons(_ run: RunView) -> [String] {
        guard case .array(let items) = run.results?["fallbacks"] else { return [] }
        return items.compactMap { $0["reason"]?.stringValue }
    }

    @Test func aValidAnswerBecomesTheProfileWithItsUsageRecorded() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "valid", apiKey: "sk-test-0123456789")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            let profile = try #require(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile)
            #expect(profile.provider == "fake")
            #expect(profile.skills?.required == ["Python", "SQL"])
            #expect(profile.seniority == "senior")
            #expect(run.summary["provider"] == "fake")
            #expect(run.summary["model"] == "valid")
            #expect(run.summary["usage"]?["inputTokens"] == 11)
            #expect(run.summary["usage"]?["outputTokens"] == 7)
            #expect(run.summary["fallbacks"] == 0)
            let sent = try await server.received()
            try #require(sent.count == 1)
            // Schema-constrained output was asked for, and the key went in the header only.
            #expect(sent[0]["body"]?["response_format"]?["type"] == "json_schema")
            #expect(sent[0]["apiKey"] == "Bearer sk-test-0123456789")
        }
    }

    @Test func malformedJSONTwiceFallsBackToTheBuiltinEngineAndSaysWhy() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "malformed-twice")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            let profile = try #require(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile)
            #expect(profile.provider != "fake")
            #expect(profile.skills?.required.contains("Python") == true)
            #expect(run.summary["fallbacks"] == 1)
            #expect(fallbackReasons(run) == ["invalid answer after one repair: the answer is not JSON"])
            // The question and one repair that quotes the validation error.
            let sent = try await server.received()
            try #require(sent.count == 2)
            let repair = sent[1]["body"]?["messages"]?[1]?["content"]?.stringValue ?? ""
            #expect(repair.contains("Your previous answer was rejected: the answer is not JSON"))
            #expect(run.summary["usage"]?["requests"] == 2)
        }
    }

    @Test func oneRepairThatMeetsTheSchemaIsUsed() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "repaired")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile?.provider == "fake")
            #expect(run.summary["fallbacks"] == 0)
            let sent = try await server.received()
            try #require(sent.count == 2)
            let repair = sent[1]["body"]?["messages"]?[1]?["content"]?.stringValue ?? ""
            #expect(repair.contains("skills must be an object"))
            #expect(run.summary["usage"]?["inputTokens"] == 22)
        }
    }

    @Test func rateLimitedRequestWaitsForRetryAfterThenSucceeds() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "rate-limited")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(run.summary["fallbacks"] == 0)
            let sent = try await server.received()
            try #require(sent.count == 2)
            let first = sent[0]["at"].flatMap(number) ?? 0
            let second = sent[1]["at"].flatMap(number) ?? 0
            // Retry-After: 1 was honoured.
            #expect(second - first >= 0.95)
        }
    }

    @Test func serverErrorsAreRetriedThenTheItemFallsBack() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "error-500")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(fallbackReasons(run) == ["HTTP 500: overloaded"])
            #expect(try await server.received().count == 3)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile?.provider != "fake")
        }
    }

    @Test func aHungConnectionTimesOutAndFallsBack() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "hang", timeout: 1)
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(fallbackReasons(run) == ["no answer within the timeout"])
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile != nil)
        }
    }

    @Test(arguments: [ProviderKind.openai, .anthropic])
    func aRefusalFallsBackWithoutARepair(kind: ProviderKind) async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "refusal", kind: kind)
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(fallbackReasons(run).first?.hasPrefix("the model refused") == true)
            #expect(try await server.received().count == 1)
        }
    }

    @Test func anAnswerWithoutUsageIsUsedAndCountedAsSuch() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "no-usage")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(run.summary["fallbacks"] == 0)
            #expect(run.summary["usage"]?["requestsWithoutUsage"] == 1)
            #expect(run.summary["usage"]?["inputTokens"] == 0)
        }
    }

    @Test func aServerWithoutSchemaOutputGetsPlainJSONInstructions() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "no-schema")
            try await addJobs(client, ["J-1"])
            try await addJobs(client, ["J-2"], description: "A junior Java developer for a bank, onsite.")
            let run = try await process(client, ["J-1"])
            #expect(run.summary["fallbacks"] == 0)
            _ = try await process(client, ["J-2"])
            let sent = try await server.received()
            // json_schema refused, then json_object with the schema, then no response_format,
            // which is remembered for the next request.
            try #require(sent.map { $0["body"]?["response_format"]?["type"]?.stringValue ?? "none" } == ["json_schema", "json_object", "none", "none"])
            #expect(sent[2]["body"]?["messages"]?[0]?["content"]?.stringValue?.contains("JSON Schema") == true)
        }
    }

    @Test func theAnthropicMessagesShapeIsSpokenAndItsUsageRead() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "valid", kind: .anthropic, apiKey: "ak-test-42")
            try await addJobs(client, ["J-1"])
            let run = try await process(client, ["J-1"])
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile?.provider == "fake")
            #expect(run.summary["usage"]?["inputTokens"] == 11)
            let sent = try await server.received()
            try #require(sent.count == 1)
            #expect(sent[0]["path"] == "/v1/messages")
            #expect(sent[0]["apiKey"] == "ak-test-42")
            #expect(sent[0]["body"]?["system"]?.stringValue?.contains("JSON Schema") == true)
            #expect(sent[0]["body"]?["max_tokens"] != nil)
        }
    }

    @Test func identicalInputsAreServedFromTheCache() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "valid")
            try await addJobs(client, ["J-1", "J-2"])
            _ = try await process(client, ["J-1"])
            // J-2's row and description are J-1's but for the id, which is not sent: one question.
            let again = try await process(client, ["J-1", "J-2"])
            #expect(again.summary["usage"]?["cached"] == 2)
            #expect(again.summary["usage"]?["requests"] == 0)
            #expect(try await server.received().count == 1)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-2")).profile?.provider == "fake")
        }
    }

    @Test func aProviderOffThisMachineGetsNoPersonalDataUnlessAllowed() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        // The provider's host is not loopback; the environment's proxy (the fake server) carries
        // the request, so nothing leaves the machine.
        try await withProviderRecruiter(environment: ["http_proxy": "127.0.0.1:\(server.port)"]) { client in
            let personal = "Write to Jane Roe at jane.roe@acme-corp.com or +1 512-555-0142, 12 Main Street, see https://acme-corp.com/jobs/7."
            try await setProvider(client, server, model: "echo-names", baseURL: "http://llm.invalid/v1")
            try await addJobs(client, ["J-1"], description: sampleDescription + "\n" + personal, hrHm: "Jane Roe")
            let run = try await process(client, ["J-1"])
            #expect(fallbackReasons(run).isEmpty)
            let sentText = try #require(try await server.received().first)["body"]?["messages"]?[1]?["content"]?.stringValue ?? ""
            for secret in ["Jane", "Roe", "jane.roe@acme-corp.com", "512-555-0142", "12 Main Street", "https://acme-corp.com"] {
                #expect(!sentText.contains(secret), "sent \(secret)")
            }
            #expect(sentText.contains("[EMAIL_1]"))
            // The answer's placeholders are put back.
            let location = try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile?.location ?? ""
            #expect(location.contains("jane.roe@acme-corp.com"))
            #expect(location.contains("Jane Roe"))
            #expect(!location.contains("[EMAIL_"))
            #expect(try await client.call(Providers.List.self, .init()).providers.first?.redactsPersonalData == true)

            try await setProvider(client, server, model: "echo-names", baseURL: "http://llm.invalid/v1", allowPersonalData: true)
            _ = try await process(client, ["J-1"])
            let allowed = try await server.received().dropFirst().first?["body"]?["messages"]?[1]?["content"]?.stringValue ?? ""
            #expect(allowed.contains("jane.roe@acme-corp.com"))
        }
    }

    @Test func providersAreKeptPerUserAndTheirKeysNeverShown() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        try await withProviderRecruiter { client in
            try await setProvider(client, server, model: "valid", apiKey: "sk-never-shown-1234")
            var listed = try await client.call("providers.list", params: JSONValue.object([:]))
            #expect(!listed.jsonString.contains("sk-never-shown"))
            #expect(listed["providers"]?[0]?["hasApiKey"] == true)
            // Set again without a key: the key is kept; an empty one removes it.
            try await setProvider(client, server, model: "valid")
            #expect(try await client.call(Providers.List.self, .init()).providers.first?.hasApiKey == true)
            try await setProvider(client, server, model: "valid", apiKey: "")
            listed = try await client.call("providers.list", params: JSONValue.object([:]))
            #expect(listed["providers"]?[0]?["hasApiKey"] == false)

            let test = try await client.call(Providers.Test.self, .init(name: "fake"))
            #expect(test.ok && test.reachable && test.jsonValid)
            #expect(test.usage == TokenUsage(inputTokens: 11, outputTokens: 7))
            #expect(await errorCode { _ = try await client.call(Providers.Test.self, .init(name: "missing")) } == .unknownProvider)
            try await setProvider(client, server, name: "nomodel", model: "unknown-model")
            let unknown = try await client.call(Providers.Test.self, .init(name: "nomodel"))
            #expect(unknown.reachable && !unknown.modelKnown && !unknown.ok)
            #expect(unknown.error == "HTTP 404: model unknown-model not found")
            try await setProvider(client, server, name: "hung", model: "hang", timeout: 1)
            let hung = try await client.call(Providers.Test.self, .init(name: "hung"))
            #expect(!hung.reachable && hung.error == "no answer within the timeout")
            _ = try await client.call(Providers.Delete.self, .init(name: "nomodel"))
            _ = try await client.call(Providers.Delete.self, .init(name: "hung"))

            // Bad settings are refused, naming the param, and change nothing.
            let badName = await rpcError { try await setProvider(client, server, name: "bad name!", model: "x") }
            #expect(badName?.code == .invalidParams)
            #expect(badName?.data?["param"] == "name")
            let badURL = await rpcError { try await setProvider(client, server, model: "other", baseURL: "ftp://example.com") }
            #expect(badURL?.data?["param"] == "baseURL")
            #expect(await errorCode { try await setProvider(client, server, name: "builtin", model: "x") } == .invalidParams)
            #expect(try await client.call(Providers.List.self, .init()).providers.map(\.model) == ["valid"])

            _ = try await client.call(Providers.Delete.self, .init(name: "fake"))
            #expect(try await client.call(Providers.List.self, .init()).providers.isEmpty)
            #expect(await errorCode { _ = try await client.call(Providers.Delete.self, .init(name: "fake")) } == .unknownProvider)
            #expect(await errorCode { _ = try await client.call(Jobs.Process.self, .init(provider: "fake")) } == .unknownProvider)
        }
    }
}

private func number(_ value: JSONValue) -> Double? {
    switch value {
    case .int(let whole): Double(whole)
    case .double(let real): real
    default: nil
    }
}
