import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import HireClient
import HireCore
import HireDaemon
import HireProviders
import HireRPC
import HireTestSupport
import Testing

/// A Python server started for a test on 127.0.0.1: it prints its port first. Killed when
/// released (`ChildProcess`), its directory removed.
final class LocalServer: Sendable {
    let process: ChildProcess
    let port: Int
    let directory: String

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// `python script arguments…`, waiting up to `timeout` for the port.
    init(python: String = "/usr/bin/env", script: String, _ arguments: [String] = [], timeout: Duration = .seconds(30)) async throws {
        directory = try makeTemporaryDirectory("hp")
        let interpreter = python == "/usr/bin/env" ? ["python3"] : []
        process = try ChildProcess(python, interpreter + [Self.fixtures + "/" + script] + arguments, outputDirectory: directory)
        let deadline = ContinuousClock.now + timeout
        var port: Int?
        while port == nil, ContinuousClock.now < deadline {
            port = process.standardOutput.split(separator: "\n").first.flatMap { Int($0) }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let port else {
            throw LocalServerError(message: "\(script) did not start: \(process.standardError.suffix(2000))")
        }
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// The request bodies the fake server received, oldest first.
    func received() async throws -> [JSONValue] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/requests")!)
        guard case .array(let items) = try JSONValue(parsing: [UInt8](data)) else { return [] }
        return items
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

struct LocalServerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A logged-in recruiter on a test daemon that reaches providers through HireProviders'
/// HTTP client (`environment`: the proxy settings it reads).
func withProviderRecruiter<R: Sendable>(
    environment: [String: String] = [:], _ body: @Sendable (RPCClient) async throws -> R
) async throws -> R {
    try await withTestDaemon(configure: { $0.languageModel = HTTPModelClient(environment: environment) }) { daemon in
        try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
            let name = "rec\(UInt16.random(in: 0...9999))"
            _ = try await client.call(
                Auth.Register.self,
                .init(username: name, email: "\(name)@example.com", password: "a long test passphrase", role: .recruiter, displayName: "R"))
            _ = try await client.call(Auth.Login.self, .init(login: name, password: "a long test passphrase"))
            return try await body(client)
        }
    }
}

let boardHeader =
    "JobID,Company,Position,City,State,Country,Salary,Bonus,Received,Conditional Fee,Internal,Client Rating,CAT,Visa,HR/HM,CM,Pipeline #,Pipeline Candidates,Notes,Industry Segment"

/// Jobs `ids`, each with a short description, on the caller's board.
func addJobs(_ client: RPCClient, _ ids: [String], description: String = sampleDescription, hrHm: String = "") async throws {
    let rows = ids.map { "\($0),Acme,Data Engineer,Austin,TX,USA,$120000,,,,No,4,A,No,\(hrHm),,1,,,Tech" }
    _ = try await client.call(MTB.Import.self, .init(csv: ([boardHeader] + rows).joined(separator: "\n")))
    for id in ids { _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: id, text: description)) }
}

let sampleDescription = """
    We are hiring a senior data engineer with 3+ years of Python and SQL. Kubernetes is a plus.
    Hybrid, Austin TX. Bachelor's degree required. Full-time.
    """
