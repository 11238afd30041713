import AsyncHTTPClient
import Foundation
import HireCore
import NIOCore
import NIOHTTP1

/// `LanguageModelClient` over HTTP with async-http-client: TLS with the system's trust
/// store, proxies from the environment (`https_proxy`, `http_proxy`, `no_proxy`; loopback
/// is always direct), a deadline per request, at most `maxConcurrency` requests in flight per
/// provider, and retries with backoff on 429 and 5xx that honour `Retry-After`.
public struct HTTPModelClient: LanguageModelClient {
    /// Tries per request: the first and two retries.
    let attempts: Int
    /// The longest wait a `Retry-After` may ask for; a longer one fails the request at once.
    let longestRetryAfter: Double
    let gates = RequestGates()
    let dialects = DialectMemory()
    let proxy: ProxySettings?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, attempts: Int = 3, longestRetryAfter: Double = 60) {
        self.attempts = attempts
        self.longestRetryAfter = longestRetryAfter
        proxy = ProxySettings(environment: environment)
    }

    public func complete(_ request: ModelRequest, provider: ProviderSettings, apiKey: String?) async throws(ModelFailure) -> ModelReply {
        guard let base = URL(string: provider.baseURL), let host = base.host, ["http", "https"].contains(base.scheme?.lowercased() ?? "") else {
            throw .unreachable("the base URL is not an http or https URL")
        }
        let client = client(for: host)
        let gate = await gates.gate(for: provider)
        await gate.enter()
        let result: Result<ModelReply, ModelFailure>
        do throws(ModelFailure) {
            result = .success(try await exchange(request, provider: provider, apiKey: apiKey, client: client))
        } catch {
            result = .failure(error)
        }
        await gate.leave()
        return try result.get()
    }

    /// The request and its retries, inside the provider's gate.
    private func exchange(
        _ request: ModelRequest, provider: ProviderSettings, apiKey: String?, client: HTTPClient
    ) async throws(ModelFailure) -> ModelReply {
        var output = provider.kind == .openai ? await dialects.output(for: provider.baseURL) : .instructed
        var attempt = 0
        while true {
            attempt += 1
            let wire = WireRequest(request: request, provider: provider, apiKey: apiKey, output: output)
            let (status, headers, body) = try await send(wire.http(base: provider.baseURL), client: client, timeout: provider.timeoutSeconds)
            if status == 200 { return try wire.reply(from: body) }
            // A server that does not take this kind of response_format says so with an error
            // naming it (400, 422, or 500 for llama-cpp-python): ask again the next way down,
            // and remember it for the base URL.
            if status >= 400, status != 429, let lower = output.fallback, String(decoding: body, as: UTF8.self).contains("response_format") {
                await dialects.note(lower, for: provider.baseURL)
                output = lower
                attempt -= 1
                continue
            }
            let retryable = status == 429 || (500...599).contains(status)
            guard retryable, attempt < attempts else { throw .status(status, WireRequest.errorMessage(body)) }
            let wait = Self.retryAfter(headers.first(name: "retry-after")) ?? (0.5 * pow(2, Double(attempt - 1)) * Double.random(in: 0.8...1.2))
            guard wait <= longestRetryAfter else { throw .status(status, "asked to retry after \(Int(wait)) s") }
            do { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) } catch { throw .timedOut }
        }
    }

    /// The direct client for loopback and `no_proxy` hosts, else the one through the proxy.
    private func client(for host: String) -> HTTPClient {
        guard let proxy, !proxy.bypasses(host) else { return HTTPClient.shared }
        return proxy.client
    }

    private func send(_ request: HTTPClientRequest, client: HTTPClient, timeout: Double) async throws(ModelFailure) -> (Int, HTTPHeaders, [UInt8]) {
        do {
            let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
            let response = try await client.execute(request, deadline: deadline)
            let body = try await response.body.collect(upTo: 8 << 20)
            return (Int(response.status.code), response.headers, Array(buffer: body))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut
        } catch is CancellationError {
            throw .timedOut
        } catch let error as HTTPClientError {
            throw .unreachable(error.shortDescription)
        } catch {
            throw .unreachable("\(type(of: error))")
        }
    }

    /// Seconds from a `Retry-After` header: a number of seconds or an HTTP date.
    static func retryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return format.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }
}

extension HTTPClientError {
    /// The error's kind, without the URL or anything the request carried.
    var shortDescription: String {
        switch self {
        case .connectTimeout: "connect timeout"
        case .remoteConnectionClosed: "the server closed the connection"
        case .invalidURL: "invalid URL"
        default: "connection failed"
        }
    }
}

/// One semaphore per provider: at most its `maxConcurrency` requests in flight.
actor RequestGates {
    private var gates: [String: RequestGate] = [:]

    func gate(for provider: ProviderSettings) -> RequestGate {
        let key = "\(provider.name)\u{0}\(provider.baseURL)\u{0}\(provider.maxConcurrency)"
        if let gate = gates[key] { return gate }
        let gate = RequestGate(limit: max(1, provider.maxConcurrency))
        gates[key] = gate
        return gate
    }
}

/// A counting semaphore whose waiters go in order.
actor RequestGate {
    private let limit: Int
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        if inFlight < limit {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            inFlight -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// How each base URL takes constrained output, as learnt from its refusals.
actor DialectMemory {
    private var outputs: [String: StructuredOutput] = [:]
    func output(for baseURL: String) -> StructuredOutput { outputs[baseURL] ?? .jsonSchema }
    func note(_ output: StructuredOutput, for baseURL: String) { outputs[baseURL] = output }
}
