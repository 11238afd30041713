import Foundation
import HireExchange
import HireTestSupport
import Testing

/// Reading `--exchange` URLs and the password's sources: no server needed.
struct ExchangeAddressTests {
    @Test func aUnixSocketURLNamesTheSocketFile() throws {
        let address = try ExchangeAddress(url: "postgresql:///jobs?host=/run/postgresql", defaultUser: "rita")
        #expect(address.transport == .unixSocket(directory: "/run/postgresql"))
        #expect(address.socketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(address.database == "jobs")
        #expect(address.username == "rita")
    }

    @Test func aTCPURLCarriesItsTLSMode() throws {
        let address = try ExchangeAddress(url: "postgresql://hired@db.example.org:6432/exchange?sslmode=verify-full", defaultUser: "x")
        #expect(address.transport == .tcp(host: "db.example.org", tls: .verifyFull))
        #expect(address.port == 6432)
        #expect(address.description == "postgresql://hired@db.example.org:6432/exchange?sslmode=verify-full")
        #expect(try ExchangeAddress(url: "postgres://h/db", defaultUser: "x").transport == .tcp(host: "h", tls: .prefer))
    }

    @Test(arguments: [
        ("postgresql://rita:secret@db/x", "must not carry a password"),
        ("postgresql://db/x?password=secret", "must not carry a password"),
        ("postgresql://db/x?sslmode=allow", "sslmode 'allow' is not supported"),
        ("postgresql:///x?host=/run/pg&sslmode=require", "needs a TCP host"),
        ("postgresql:///x", "names no host"),
        ("mysql://db/x", "is not a postgresql:// URL"),
        ("postgresql://db:99999/x", "is not a port"),
        ("postgresql://db/x?options=-c", "'options' is not supported"),
    ])
    func badURLsAreRefusedSayingWhy(url: String, reason: String) {
        #expect {
            try ExchangeAddress(url: url, defaultUser: "x")
        } throws: { error in
            let text = "\(error)"
            return text.contains(reason) && !text.contains("secret")
        }
    }

    @Test func thePasswordComesFromPgpassOrTheCredential() throws {
        let directory = try makeTemporaryDirectory("pw")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/pgpass"
        let lines = """
            # comment
            other:5432:*:hired:wrong
            /run/pg:5432:jobs:hired:pa\\:ss\\\\word
            *:*:*:*:fallback
            """
        #expect(FileManager.default.createFile(atPath: file, contents: Data(lines.utf8), attributes: [.posixPermissions: 0o600]))
        let socket = try ExchangeAddress(url: "postgresql:///jobs?host=/run/pg&user=hired", defaultUser: "x")
        #expect(try ExchangePassword.lookup(for: socket, environment: ["PGPASSFILE": file], home: nil) == "pa:ss\\word")
        let tcp = try ExchangeAddress(url: "postgresql://hired@elsewhere/jobs", defaultUser: "x")
        #expect(try ExchangePassword.lookup(for: tcp, environment: ["PGPASSFILE": file], home: nil) == "fallback")
        // ~/.pgpass when PGPASSFILE is not set.
        try FileManager.default.copyItem(atPath: file, toPath: directory + "/.pgpass")
        #expect(try ExchangePassword.lookup(for: tcp, environment: [:], home: directory) == "fallback")
        // A systemd credential wins.
        let credentials = directory + "/creds"
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: false)
        try "from-credential\n".write(toFile: credentials + "/exchange-password", atomically: false, encoding: .utf8)
        #expect(
            try ExchangePassword.lookup(for: tcp, environment: ["PGPASSFILE": file, "CREDENTIALS_DIRECTORY": credentials], home: nil)
                == "from-credential")
        // A file others may read is refused, as libpq ignores it.
        chmod(file, 0o644)
        #expect {
            try ExchangePassword.lookup(for: tcp, environment: ["PGPASSFILE": file], home: nil)
        } throws: { "\($0)".contains("chmod 600") }
        #expect(try ExchangePassword.lookup(for: tcp, environment: ["PGPASSFILE": directory + "/none"], home: nil) == nil)
    }
}
