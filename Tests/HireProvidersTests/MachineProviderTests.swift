import Foundation
import HireClient
import HireCore
import HireDaemon
import HireProviders
import HireRPC
import HireTestSupport
import Logging
import Testing

/// The machine-wide provider of the daemon's configuration, its key a systemd credential.
@Suite struct MachineProviderTests {
    private let secret = "sk-machine-" + UUID().uuidString

    /// A recruiter on a daemon whose configuration names the fake server as the machine-wide
    /// provider `default`, its key in `$CREDENTIALS_DIRECTORY/hired-provider-key`.
    private func withMachineProvider(
        _ server: LocalServer, log: LogRecorder, _ body: @Sendable (RPCClient) async throws -> Void
    ) async throws {
        let credentials = try makeTemporaryDirectory("hc")
        defer { try? FileManager.default.removeItem(atPath: credentials) }
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: credentials + "/hired-provider-key"))
        try await withTestDaemon(
            logger: log.logger(level: .trace),
            configure: {
                $0.languageModel = HTTPModelClient(environment: [:])
                $0.credentialsDirectory = credentials
                $0.machineProvider = ProviderSettings(name: "default", kind: .openai, baseURL: server.baseURL, model: "valid")
            }
        ) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                _ = try await client.call(
                    Auth.Register.self,
                    .init(username: "moira", email: "moira@example.com", password: "a long test passphrase", role: .recruiter, displayName: "Mo"))
                _ = try await client.call(Auth.Login.self, .init(login: "moira", password: "a long test passphrase"))
                try await body(client)
            }
        }
    }

    @Test func everyUserMayNameItAndItsKeyComesFromTheCredential() async throws {
        let server = try await LocalServer(script: "fake_llm.py")
        let log = LogRecorder()
        try await withMachineProvider(server, log: log) { client in
            let listed = try await client.call(Providers.List.self, .init())
            let machine = try #require(listed.providers.first { $0.name == "default" })
            #expect(machine.machineWide == true)
            #expect(machine.hasApiKey)
            #expect(machine.model == "valid")
            // The key is never in a reply.
            #expect(!String(decoding: try RPCCoding.encode(listed), as: UTF8.self).contains(secret))

            try await addJobs(client, ["J-1"])
            _ = try await client.call(Jobs.Process.self, .init(jobIds: ["J-1"], provider: "default"))
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).profile?.provider == "default")
            let sent = try await server.received()
            try #require(sent.count == 1)
            #expect(sent[0]["apiKey"] == .string("Bearer " + secret))

            let tested = try await client.call(Providers.Test.self, .init(name: "default"))
            #expect(tested.ok)

            // Its name is the daemon's: a user can neither take it nor delete it.
            for attempt in [
                { _ = try await client.call(Providers.Set.self, .init(name: "default", kind: .openai, baseURL: server.baseURL, model: "m")) },
                { _ = try await client.call(Providers.Delete.self, .init(name: "default")) },
            ] as [@Sendable () async throws -> Void] {
                let error = try await #require(throws: RPCError.self) { try await attempt() }
                #expect(error.message.contains("machine-wide"))
            }
            // A user's own providers are listed before it, and an unknown name lists it.
            _ = try await client.call(Providers.Set.self, .init(name: "mine", kind: .openai, baseURL: server.baseURL, model: "valid"))
            #expect(try await client.call(Providers.List.self, .init()).providers.map(\.name) == ["mine", "default"])
            #expect(try await client.call(Providers.List.self, .init()).providers[0].machineWide == nil)
            let unknown = try await #require(throws: RPCError.self) {
                _ = try await client.call(Jobs.Process.self, .init(jobIds: ["J-1"], provider: "nosuch"))
            }
            #expect(unknown.message.contains("default"))
        }
        #expect(!log.messages(atLeast: .trace).contains { $0.contains(secret) })
    }

    @Test func aBadMachineProviderStopsTheDaemonFromStarting() async throws {
        let error = try await #require(throws: StartupError.self) {
            try await withTestDaemon(configure: {
                $0.machineProvider = ProviderSettings(name: "default", kind: .openai, baseURL: "ftp://example.com", model: "m")
            }) { _ in }
        }
        #expect(error.description.contains("baseURL"))
    }
}
