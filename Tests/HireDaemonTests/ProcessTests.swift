import Foundation
import Glibc
import HireRPC
import HireTestSupport
import Testing

/// Tests of the real `hired` binary: what only a separate process can show.
@Suite struct ProcessTests {
    let hired = executable("hired")

    private func start(_ directory: String, socket: String, data: String, extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(hired, ["--socket", socket, "--data-dir", data] + extra, outputDirectory: directory)
    }

    private func pingWorks(_ socket: String) async throws -> Bool {
        let connection = try await RawConnection.connect(socket)
        defer { Task { await connection.close() } }
        try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"daemon.ping"}"# + "\n")
        return try await connection.readJSON()?["result"] == .object([:])
    }

    @Test func secondInstanceOnTheSameDataDirExitsAtOnceAndTheFirstKeepsServing() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try start(directory, socket: directory + "/a.sock", data: directory + "/data")
        #expect(await waitForSocket(directory + "/a.sock"))
        let second = try start(directory, socket: directory + "/b.sock", data: directory + "/data")
        #expect(await second.waitForExit() == 1)
        #expect(second.standardError.contains("already running"))
        #expect(second.standardError.contains("pid \(first.pid)"))
        #expect(try await pingWorks(directory + "/a.sock"))
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)
    }

    @Test func aLiveSocketIsNeverReplaced() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s.sock"
        let first = try start(directory, socket: socket, data: directory + "/one")
        #expect(await waitForSocket(socket))
        let second = try start(directory, socket: socket, data: directory + "/two")
        #expect(await second.waitForExit() == 1)
        #expect(second.standardError.contains("already listening on \(socket)"))
        // Nothing was made for it, and nothing else was said.
        #expect(!FileManager.default.fileExists(atPath: directory + "/two"))
        #expect(!second.standardError.contains("error"), "\(second.standardError)")
        #expect(try await pingWorks(socket))
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)
    }

    @Test func aStaleSocketIsReplaced() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s.sock"
        close(try listeningSocket(socket))  // the file stays; nobody listens
        #expect(FileManager.default.fileExists(atPath: socket))
        // A child being spawned by a parallel test may hold the descriptor until its exec.
        let deadline = ContinuousClock.now + .seconds(5)
        while canConnect(socket), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!canConnect(socket))
        let daemon = try start(directory, socket: socket, data: directory + "/data")
        #expect(await waitForSocket(socket))
        #expect(try await pingWorks(socket))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalStopsCleanlyAndRemovesTheSocket(signal: Int32) async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s.sock"
        let daemon = try start(directory, socket: socket, data: directory + "/data")
        #expect(await waitForSocket(socket))
        let idle = try await RawConnection.connect(socket)  // an open connection does not block the stop
        daemon.signal(signal)
        #expect(await daemon.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))
        #expect(try await idle.isClosedByPeer())
        // The lock went with the process: a new daemon starts on the same data dir.
        let again = try start(directory, socket: socket, data: directory + "/data")
        #expect(await waitForSocket(socket))
        again.signal(SIGTERM)
        #expect(await again.waitForExit() == 0)
    }

    @Test func socketActivationServesTheInheritedSocket() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let activated = directory + "/activated.sock"
        let listener = try listeningSocket(activated)
        defer { close(listener) }
        // LISTEN_PID must be the daemon's own pid: the shell sets it to its pid, then execs.
        let daemon = try ChildProcess(
            "/bin/sh",
            ["-c", #"LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" --socket "$1" --data-dir "$2""#, hired,
             directory + "/unused.sock", directory + "/data"],
            inheritedFDs: [listener: 3], outputDirectory: directory)
        #expect(try await pingWorks(activated))
        #expect(!FileManager.default.fileExists(atPath: directory + "/unused.sock"))
        // daemon.status and the log name the socket served, not the one configured.
        #expect(try await statusSocket(activated) == activated)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(daemon.standardError.contains("socket=\(activated)"))
    }

    /// As systemd does it, with systemd's own tool (where the systemd package is installed):
    /// it binds the socket and starts hired on the first connection.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-socket-activate")))
    func systemdSocketActivateHandsOverItsSocket() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let activated = directory + "/act.sock"
        let activator = try ChildProcess(
            "/usr/bin/systemd-socket-activate", ["-l", activated, hired, "--data-dir", directory + "/data"],
            outputDirectory: directory)
        #expect(await waitForSocket(activated))
        #expect(try await statusSocket(activated) == activated)
        activator.signal(SIGTERM)  // systemd-socket-activate execs hired: this is the daemon
        #expect(await activator.waitForExit() == 0)
    }

    private func statusSocket(_ socket: String) async throws -> String? {
        let connection = try await RawConnection.connect(socket)
        defer { Task { await connection.close() } }
        try await connection.send(#"{"jsonrpc":"2.0","id":1,"method":"daemon.status"}"# + "\n")
        return try await connection.readJSON()?["result"]?["socket"]?.stringValue
    }

    @Test func logsNameMethodsButNeverParams() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s.sock"
        let daemon = try start(directory, socket: socket, data: directory + "/data", extra: ["--log-level", "debug"])
        #expect(await waitForSocket(socket))
        let connection = try await RawConnection.connect(socket)
        try await connection.send(#"{"jsonrpc":"2.0","id":41,"method":"daemon.status","params":{"secret":"MARKER-7f3a"}}"# + "\n")
        try await connection.send(#"{"jsonrpc":"2.0","id":42,"method":"daemon.ping","params":["MARKER-7f3b"]}"# + "\n")
        _ = try await connection.readJSON()
        _ = try await connection.readJSON()
        await connection.close()
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        let log = daemon.standardError
        #expect(log.contains("rpc.method=daemon.status"))
        #expect(log.contains("rpc.id=41"))
        #expect(!log.contains("MARKER"))
    }

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func aPeerWithAnotherUidIsRefusedInUserMode() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/run/s.sock"
        let daemon = try start(directory, socket: socket, data: directory + "/data")
        // "listening" is logged after the daemon has set the socket's own mode.
        #expect(await daemon.waitForError(containing: "listening"))
        // Open the path up so that only the SO_PEERCRED check stands in the way.
        chmod(directory, 0o755)
        chmod(directory + "/run", 0o755)
        chmod(socket, 0o777)
        let script = """
            import socket
            s = socket.socket(socket.AF_UNIX)
            s.connect("\(socket)")
            s.settimeout(10)
            try:
                s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"daemon.ping"}\\n')
                print("REPLY" if s.recv(4096) else "CLOSED")
            except (ConnectionResetError, BrokenPipeError):
                print("CLOSED")
            """
        let stranger = try ChildProcess(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script],
            outputDirectory: directory)
        #expect(await stranger.waitForExit() == 0, "\(stranger.standardError)")
        #expect(stranger.standardOutput.contains("CLOSED"))
        #expect(try await pingWorks(socket))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(daemon.standardError.contains("refused a connection from another user"))
        #expect(daemon.standardError.contains("peer.uid=65534"))
    }
}
