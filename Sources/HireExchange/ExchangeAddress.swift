import Foundation

/// Where the exchange's PostgreSQL is, read from a libpq-style URL: `postgresql://user@host:port/db?sslmode=…`
/// over TCP, or `postgresql:///db?host=/run/postgresql` on the Unix socket in that directory.
/// A password in the URL is refused: it would show in `ps`, shell history and unit files; it comes
/// from `~/.pgpass` or a systemd credential instead (``ExchangePassword``).
public struct ExchangeAddress: Sendable, Equatable {
    /// How the daemon reaches the server.
    public enum Transport: Sendable, Equatable {
        /// The socket `.s.PGSQL.<port>` in this directory (no TLS: the kernel carries it).
        case unixSocket(directory: String)
        case tcp(host: String, tls: TLSMode)
    }

    /// libpq's `sslmode` values the daemon honours.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable
        /// TLS when the server offers it, else plain (libpq's default over TCP).
        case prefer
        /// TLS always, the certificate not checked.
        case require
        /// TLS always, the certificate checked against the trusted roots, not the host name.
        case verifyCA = "verify-ca"
        /// TLS always, the certificate and the host name checked.
        case verifyFull = "verify-full"
    }

    public var transport: Transport
    public var port: Int
    public var database: String
    public var username: String
    /// `sslrootcert`: the CA certificates (PEM) that verify the server; the system's when nil.
    public var rootCertificates: String?

    /// The socket file for a Unix-socket address.
    public var socketPath: String? {
        guard case .unixSocket(let directory) = transport else { return nil }
        return directory + "/.s.PGSQL.\(port)"
    }

    /// The host as `.pgpass` names it: the host name, or the socket directory.
    var passwordHost: String {
        switch transport {
        case .unixSocket(let directory): directory
        case .tcp(let host, _): host
        }
    }

    /// The address as people read it: a URL without a password.
    public var description: String {
        switch transport {
        case .unixSocket(let directory): "postgresql://\(username)@/\(database)?host=\(directory)&port=\(port)"
        case .tcp(let host, let tls):
            "postgresql://\(username)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)?sslmode=\(tls.rawValue)"
        }
    }

    /// Reads `url`; the user defaults to `defaultUser` (the account the daemon runs as, as libpq
    /// does) and the database to the user.
    public init(url: String, defaultUser: String) throws(ExchangeAddressError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgresql" || scheme == "postgres"
        else { throw ExchangeAddressError("'\(Self.redacted(url))' is not a postgresql:// URL") }
        guard components.password == nil else { throw Self.passwordInURL }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard item.name != "password" else { throw Self.passwordInURL }
            guard let value = item.value, !value.isEmpty else { throw ExchangeAddressError("the URL parameter '\(item.name)' has no value") }
            guard ["host", "port", "sslmode", "sslrootcert", "user", "dbname"].contains(item.name) else {
                throw ExchangeAddressError(
                    "the URL parameter '\(item.name)' is not supported (host, port, sslmode, sslrootcert, user and dbname are)")
            }
            parameters[item.name] = value
        }
        let host = parameters["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        let portText = parameters["port"] ?? components.port.map(String.init)
        if let portText {
            guard let port = Int(portText), (1...65535).contains(port) else { throw ExchangeAddressError("'\(portText)' is not a port") }
            self.port = port
        } else {
            self.port = 5432
        }
        username = parameters["user"] ?? components.user?.removingPercentEncoding ?? defaultUser
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = parameters["dbname"] ?? (path.isEmpty ? username : path)
        guard !username.isEmpty else { throw ExchangeAddressError("the exchange URL names no user") }
        rootCertificates = parameters["sslrootcert"]
        let mode: TLSMode?
        if let text = parameters["sslmode"] {
            guard let known = TLSMode(rawValue: text) else {
                throw ExchangeAddressError(
                    "sslmode '\(text)' is not supported (\(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")) are)")
            }
            mode = known
        } else {
            mode = nil
        }
        switch host {
        case .some(let directory) where directory.hasPrefix("/"):
            guard mode == nil || mode == .disable || mode == .prefer else {
                throw ExchangeAddressError("sslmode=\(mode!.rawValue) needs a TCP host: a Unix socket (\(directory)) has no TLS")
            }
            transport = .unixSocket(directory: directory)
        case .some(let name):
            transport = .tcp(host: name, tls: mode ?? .prefer)
        case .none:
            throw ExchangeAddressError("the exchange URL names no host: give host:port, or ?host=/socket/directory for a Unix socket")
        }
    }

    private static let passwordInURL = ExchangeAddressError(
        "the exchange URL must not carry a password (it would show in process lists and logs): "
            + "put it in ~/.pgpass (mode 0600) or the systemd credential exchange-password")

    /// `url` with anything between `://` and `@` dropped, for an error message.
    private static func redacted(_ url: String) -> String {
        guard let start = url.range(of: "://"), let at = url.range(of: "@", range: start.upperBound..<url.endIndex) else { return url }
        return String(url[..<start.upperBound]) + "…" + String(url[at.lowerBound...])
    }
}

/// A bad exchange URL or password source: the daemon does not start (a typo must not look like
/// a server that is down).
public struct ExchangeAddressError: Error, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
