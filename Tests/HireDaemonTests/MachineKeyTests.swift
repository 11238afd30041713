import Foundation
import Glibc
import HireClient
import HireCore
import HireCrypto
import HireRPC
import HireTestSupport
import Testing


@Suite struct MachineKeyTests {
    let hired = executable("hired")

    private func hexKey() -> String { (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined() + "\n" }

    @Test func aWrongOrMissingKeyStopsTheDaemonAndChangesNothing() async throws {
        let directory = try makeTemporaryDirectory("mk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = directory + "/data"
        let socket = directory + "/s"
        let first = try ChildProcess(hired, ["--socket", socket, "--data-dir", data, "--kdf-memory-mib", "8"], outputDirectory: directory)
        #expect(await waitForSocket(socket))
        try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await client.call(
                Auth.Register.self, .init(username: "pat", email: "pat@example.com", password: "a long test passphrase", role: .recruiter))
        }
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)
        let keyFile = data + "/machine.key"
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(mode == 0o400)
        let files = ["system.db", "machine.key"].map { data + "/" + $0 }
        let before = files.map(digest)

        try hexKey().write(toFile: directory + "/other.key", atomically: true, encoding: .utf8)
        let wrong = try ChildProcess(
            hired, ["--socket", socket, "--data-dir", data, "--machine-key-file", directory + "/other.key"], outputDirectory: directory)
        #expect(await wrong.waitForExit() == 1)
        #expect(wrong.standardError.contains("machine key does not open"))

        chmod(keyFile, 0o600)
        try FileManager.default.moveItem(atPath: keyFile, toPath: directory + "/saved.key")
        let missing = try ChildProcess(hired, ["--socket", socket, "--data-dir", data], outputDirectory: directory)
        #expect(await missing.waitForExit() == 1)
        #expect(missing.standardError.contains("machine key"))
        #expect(missing.standardError.contains("missing"))
        #expect(!FileManager.default.fileExists(atPath: keyFile), "no new key over existing data")
        try FileManager.default.moveItem(atPath: directory + "/saved.key", toPath: keyFile)
        #expect(files.map(digest) == before, "the data dir is unchanged byte for byte")

        let again = try ChildProcess(hired, ["--socket", socket, "--data-dir", data], outputDirectory: directory)
        #expect(await waitForSocket(socket))
        try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await client.call(Auth.Login.self, .init(login: "pat", password: "a long test passphrase"))
        }
        again.signal(SIGTERM)
        #expect(await again.waitForExit() == 0)
    }

    @Test func theBackupRestoresTheSameKeyOnlyWithItsPassphrase() async throws {
        let directory = try makeTemporaryDirectory("mk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = directory + "/machine.key"
        try hexKey().write(toFile: key, atomically: true, encoding: .utf8)
        let backup = try ChildProcess(
            hired, ["key", "backup", "--machine-key-file", key, "--out", directory + "/key.backup", "--passphrase-stdin"],
            outputDirectory: directory, stdin: "backup passphrase here\n")
        #expect(await backup.waitForExit(timeout: .seconds(60)) == 0, "\(backup.standardError)")
        let sealed = try String(contentsOfFile: directory + "/key.backup", encoding: .utf8)
        #expect(!sealed.contains(try String(contentsOfFile: key, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let wrong = try ChildProcess(
            hired, ["key", "restore", "--from", directory + "/key.backup", "--out", directory + "/bad.key", "--passphrase-stdin"],
            outputDirectory: directory, stdin: "not the passphrase\n")
        #expect(await wrong.waitForExit(timeout: .seconds(60)) != 0)
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad.key"))
        let restore = try ChildProcess(
            hired, ["key", "restore", "--from", directory + "/key.backup", "--out", directory + "/restored.key", "--passphrase-stdin"],
            outputDirectory: directory, stdin: "backup passphrase here\n")
        #expect(await restore.waitForExit(timeout: .seconds(60)) == 0, "\(restore.standardError)")
        #expect(try String(contentsOfFile: directory + "/restored.key", encoding: .utf8) == String(contentsOfFile: key, encoding: .utf8))
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func aTokenOnlyWorksForTheUidThatLoggedIn() async throws {
        let directory = try makeTemporaryDirectory("mk")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        chmod(directory, 0o755)
        let socket = directory + "/run/s"
        let daemon = try ChildProcess(
            hired, ["--system", "--socket", socket, "--data-dir", directory + "/data", "--kdf-memory-mib", "8"], outputDirectory: directory)
        #expect(await daemon.waitForError(containing: "listening"))
        let token = try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await client.call(
                Auth.Register.self, .init(username: "quinn", email: "q@example.com", password: "a long test passphrase", role: .recruiter))
            return try await client.call(Auth.Login.self, .init(login: "quinn", password: "a long test passphrase")).token
        }
        let script = """
            import socket, json
            s = socket.socket(socket.AF_UNIX)
            s.connect("\(socket)")
            s.sendall(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "auth.attach", "params": {"token": "\(token)"}}).encode() + b"\\n")
            print(s.makefile().readline())
            """
        let stranger = try ChildProcess(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script],
            outputDirectory: directory)
        #expect(await stranger.waitForExit() == 0, "\(stranger.standardError)")
        let reply = try JSONValue(parsing: stranger.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(reply["error"]?["code"] == .int(RPCErrorCode.invalidToken.rawValue))
        try await RPCClient.withConnection(socketPath: socket) { client in
            _ = try await client.call(Auth.Attach.self, .init(token: token))
        }
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }
}
