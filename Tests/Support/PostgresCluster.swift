import Foundation
import Glibc

/// A throwaway PostgreSQL cluster for the exchange's tests: `initdb` into a short temporary
/// directory, `postgres` listening on a Unix socket there and nowhere else (no TCP port), a
/// superuser `hired` whose password is in a `.pgpass` of its own (so the daemon's password path
/// is the one tested). PostgreSQL refuses to run as root: as root, the cluster runs as the
/// system user `hired-test` (made with `useradd --system` when missing), through `runuser`.
/// Binaries from Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`).
public final class PostgresCluster: Sendable {
    /// The socket's directory, which also holds the data (`data/`), the log and the password file.
    public let directory: String
    public let user = "hired"
    public let password: String
    /// A `.pgpass` (0600, owned by the test process) with the superuser's password.
    public let passwordFile: String
    private let bin: String
    private let runAs: String?

    /// The directory of the newest installed PostgreSQL's binaries, or nil.
    public static let binDirectory: String? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()

    /// Whether the tests that need PostgreSQL run: the binaries are there, or `make test` said they
    /// must be (HIRED_REQUIRE_POSTGRES=1: a missing binary then fails the tests instead of skipping them).
    public static var testsEnabled: Bool {
        binDirectory != nil || ProcessInfo.processInfo.environment["HIRED_REQUIRE_POSTGRES"] == "1"
    }

    /// The URL the daemon is given (`--exchange`), for `database`.
    public func url(database: String = "postgres") -> String { "postgresql:///\(database)?host=\(directory)&port=\(port ?? 5432)&user=\(user)" }
    /// What `PostgresExchange` reads its password source from.
    public var environment: [String: String] { ["PGPASSFILE": passwordFile] }
    /// The data directory, for scans of what the server wrote.
    public var dataDirectory: String { directory + "/data" }

    /// With `tls`: the TCP port on 127.0.0.1 where the server also listens, with TLS.
    public let port: Int?
    /// With `tls`: the server's self-signed certificate for `localhost` (PEM), to verify it with.
    public var certificate: String { directory + "/server.crt" }

    /// Makes and starts a cluster; with `tls`, it also listens on a free loopback port with a
    /// self-signed certificate for `localhost` (for the exchange's TLS modes).
    public init(tls: Bool = false) async throws {
        guard let bin = Self.binDirectory else {
            throw ClusterError("PostgreSQL binaries not found in /usr/lib/postgresql/*/bin: install Debian's postgresql (make test does)")
        }
        self.bin = bin
        directory = try makeTemporaryDirectory("pg")
        passwordFile = directory + ".pgpass"
        password = UUID().uuidString
        runAs = geteuid() == 0 ? "hired-test" : nil
        port = tls ? try Self.freeLoopbackPort() : nil
        if let runAs {
            if getpwnam(runAs) == nil {
                try await Self.run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", runAs], in: directory)
            }
            try await Self.run("/bin/chown", ["-R", runAs, directory], in: directory)
        }
        let serverPasswordFile = directory + "/pwfile"
        try Data(password.utf8).write(to: URL(fileURLWithPath: serverPasswordFile))
        if let runAs { try await Self.run("/bin/chown", [runAs, serverPasswordFile], in: directory) }
        try await tool(
            "initdb", ["-D", dataDirectory, "-U", user, "--pwfile=" + serverPasswordFile, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"])
        unlink(serverPasswordFile)
        guard
            FileManager.default.createFile(
                atPath: passwordFile, contents: Data("\(directory):*:*:\(user):\(password)\nlocalhost:*:*:\(user):\(password)\n".utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw ClusterError("cannot write \(passwordFile)") }
        var settings = """
            listen_addresses = ''
            unix_socket_directories = '\(directory)'
            fsync = off
            max_connections = 100

            """
        if let port {
            try await Self.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", directory + "/server.key", "-out", directory + "/server.crt",
                ], in: directory)
            if let runAs { try await Self.run("/bin/chown", [runAs, directory + "/server.key", directory + "/server.crt"], in: directory) }
            chmod(directory + "/server.key", 0o600)
            settings += """
                listen_addresses = '127.0.0.1'
                port = \(port)
                ssl = on
                ssl_cert_file = '\(directory)/server.crt'
                ssl_key_file = '\(directory)/server.key'

                """
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
        try await start()
    }

    /// Starts the server (again) and waits until it accepts connections.
    public func start() async throws {
        try await tool("pg_ctl", ["-D", dataDirectory, "-l", directory + "/log", "-w", "-t", "60", "start"])
    }

    /// Stops the server, ending every connection (`-m fast`).
    public func stop() async throws {
        try await tool("pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Stops the server and removes everything.
    public func destroy() async {
        try? await stop()
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: passwordFile)
    }

    /// Runs SQL through `psql` (unaligned, tuples only) and returns its output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        try await tool("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", "\(port ?? 5432)", "-U", user, "-d", database, "-c", sql])
    }

    /// `pg_dump` of `database`, as SQL text.
    public func dump(database: String = "postgres") async throws -> String {
        try await tool("pg_dump", ["-h", directory, "-p", "\(port ?? 5432)", "-U", user, "-d", database])
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now.
    private static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else { throw ClusterError("no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs one of the cluster's binaries, as the unprivileged user when we are root.
    @discardableResult
    private func tool(_ name: String, _ arguments: [String]) async throws -> String {
        let command = bin + "/" + name
        let environment = ["PGPASSWORD": password, "PATH": "/usr/bin:/bin", "LC_ALL": "C"]
        if let runAs {
            return try await Self.run("/usr/sbin/runuser", ["-u", runAs, "--", "/usr/bin/env", "-C", directory] + environment.map { "\($0)=\($1)" } + [command] + arguments, in: directory)
        }
        return try await Self.run(command, arguments, in: directory, environment: environment)
    }

    @discardableResult
    private static func run(_ path: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) async throws -> String {
        let output = try makeTemporaryDirectory("pgo")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let child = try ChildProcess(path, arguments, environment: environment, outputDirectory: output)
        let status = await child.waitForExit(timeout: .seconds(120))
        guard status == 0 else {
            throw ClusterError("\(URL(fileURLWithPath: path).lastPathComponent) \(arguments.prefix(3).joined(separator: " ")) failed (\(status.map(String.init) ?? "timeout")): \(child.standardError)")
        }
        return child.standardOutput
    }
}

/// A cluster could not be made, started or stopped; says which command and what it wrote.
public struct ClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
