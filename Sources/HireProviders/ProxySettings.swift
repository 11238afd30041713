import AsyncHTTPClient
import Foundation
import Synchronization

/// The HTTP proxy the environment names (`https_proxy`, else `http_proxy`, either case) and
/// the hosts that bypass it (`no_proxy`: `*`, or host names and domain suffixes, comma
/// separated). Loopback never goes through a proxy.
struct ProxySettings: Sendable {
    let host: String
    let port: Int
    let bypass: [String]
    /// The client that tunnels through the proxy (CONNECT for https).
    let client: HTTPClient

    init?(environment: [String: String]) {
        let names = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"]
        guard let text = names.lazy.compactMap({ environment[$0] }).first(where: { !$0.isEmpty }),
            let url = URLComponents(string: text.contains("://") ? text : "http://" + text), let host = url.host
        else { return nil }
        self.host = host
        port = url.port ?? 80
        bypass = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        client = Self.proxiedClient(host: host, port: port)
    }

    /// Whether `host` is reached directly.
    func bypasses(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host.hasPrefix("127.") { return true }
        return bypass.contains { entry in
            entry == "*" || host == entry || host.hasSuffix(entry.hasPrefix(".") ? entry : "." + entry)
        }
    }

    /// One client per proxy for the process's lifetime: a client is never shut down, so it
    /// is kept (never deinitialised) once made.
    private static func proxiedClient(host: String, port: Int) -> HTTPClient {
        clients.withLock { clients in
            let key = "\(host):\(port)"
            if let client = clients[key] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.proxy = .server(host: host, port: port)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[key] = client
            return client
        }
    }

    private static let clients = Mutex<[String: HTTPClient]>([:])
}
