import Foundation
import Glibc
import HireCore
import HireIngest
import HireRPC
import HireTestSupport
import Synchronization
import Testing

@testable import HireDaemon

/// Writes a board header and then one record that never ends into a pipe or FIFO, on a
/// thread of its own, until told to stop or until nobody reads any more (EPIPE).
final class EndlessWriter: Sendable {
    private let written = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    /// 1 once the reading side went away, 2 once stopped.
    private let outcome = Atomic<Int>(0)

    /// Writes into `fd`, which is closed at the end.
    init(fd: CInt) {
        signal(SIGPIPE, SIG_IGN)
        Thread.detachNewThread { [self] in
            let head = Array((header + "\n").utf8)
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
            var first = true
            while !stopped.load(ordering: .relaxed) {
                let bytes = first ? head : chunk
                first = false
                let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    outcome.store(errno == EPIPE ? 1 : 3, ordering: .relaxed)
                    close(fd)
                    return
                }
                written.add(count, ordering: .relaxed)
            }
            outcome.store(2, ordering: .relaxed)
            close(fd)
        }
    }

    /// Opens the FIFO at `path` for writing once a reader has it open (polling, so that a
    /// FIFO nobody opens never blocks the test); nil when `giveUp` says so first.
    static func open(fifo path: String, giveUp: @Sendable () async -> Bool) async -> EndlessWriter? {
        while true {
            let fd = Glibc.open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                return EndlessWriter(fd: fd)
            }
            if await giveUp() { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    var bytesWritten: Int { written.load(ordering: .relaxed) }

    /// True once the reader has gone (a write failed with EPIPE), waiting up to `timeout`.
    func readerLeft(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if outcome.load(ordering: .relaxed) == 1 { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits until at least `bytes` have been written.
    func waitForBytes(_ bytes: Int, timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if bytesWritten >= bytes { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func stop() { stopped.store(true, ordering: .relaxed) }
}

/// A huge or endless input cannot hold the daemon: its reading stops with the request.
@Suite struct EndlessInputTests {
    /// The import's reading thread and the transaction waiting for its rows both stop at a
    /// cancel, even in the middle of one endless record.
    @Test(.timeLimit(.minutes(1)))
    func anImportCancelledInAnEndlessRecordStops() async throws {
        var fds: [CInt] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = EndlessWriter(fd: fds[1])
        let input = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        let reader = try MTBReader(CSVReader(fileHandle: input))
        let state = BoardService.ImportState(reader: reader, abort: false, progress: .ignore, fileSize: nil)
        // The transaction asks for rows on a thread that is not a task (the database's).
        let outcome = Mutex<(any Error)?>(nil)
        let done = Atomic<Bool>(false)
        Thread.detachNewThread {
            do {
                _ = try state.next()
            } catch {
                outcome.withLock { $0 = error }
            }
            done.store(true, ordering: .relaxed)
        }
        #expect(await writer.waitForBytes(4 << 20))
        let finishedEarly = done.load(ordering: .relaxed)
        #expect(!finishedEarly)
        state.cancel()
        let deadline = ContinuousClock.now + .seconds(5)
        while !done.load(ordering: .relaxed), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let stopped = done.load(ordering: .relaxed)
        #expect(stopped)
        #expect(outcome.withLock { $0 } is CancellationError)
        // The reading thread has stopped too: the pipe fills and nothing more goes in.
        try await Task.sleep(for: .milliseconds(300))
        let settled = writer.bytesWritten
        try await Task.sleep(for: .milliseconds(500))
        #expect(writer.bytesWritten == settled)
        state.finish()
        writer.stop()
        withExtendedLifetime(input) {}
    }

    /// Reading an endless record stops when its task is cancelled.
    @Test(.timeLimit(.minutes(1)))
    func readingAnEndlessRecordStopsWithItsTask() async throws {
        var fds: [CInt] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = EndlessWriter(fd: fds[1])
        let input = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        nonisolated(unsafe) let csv = CSVReader(fileHandle: input)
        let task = Task.detached {
            _ = try csv.next()  // the header
            _ = try csv.next()  // never ends
        }
        #expect(await writer.waitForBytes(4 << 20))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        writer.stop()
        withExtendedLifetime(input) {}
    }

    /// A document read runs on a thread of its own; a cancel does not wait for it to end: the
    /// cancelled call answers while the read is still blocked (it is released only after), so
    /// a wait for the read would show as its "slow" error (after 30 s), however busy the machine.
    @Test(.timeLimit(.minutes(1)))
    func aCancelledDocumentReadAnswersAtOnce() async throws {
        let release = DispatchSemaphore(value: 0)
        let task = Task {
            try await DocumentIntake.offload { () throws(RPCError) -> ReadDocument in
                _ = release.wait(timeout: .now() + 30)
                throw RPCError(.noText, "slow")
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("a cancelled read returned")
        } catch let error as RPCError {
            #expect(error.code == .requestCancelled)
        }
        release.signal()
    }

    /// Closing the connection abandons an import that reads an endless FIFO: the daemon stops
    /// reading and closes it (the writer gets EPIPE), and goes on serving. A daemon that
    /// refuses FIFOs up front passes too: there is then nothing to abandon.
    @Test(.timeLimit(.minutes(1)))
    func closingTheClientAbandonsAnEndlessImport() async throws {
        try await withTestDaemon { daemon in
            let fifo = daemon.directory + "/board.csv"
            #expect(mkfifo(fifo, 0o600) == 0)
            let connection = try await RawConnection.connect(daemon.socketPath)
            try await loginRaw(connection)
            try await connection.send(
                #"{"jsonrpc":"2.0","id":9,"method":"mtb.import","params":{"path":"\#(fifo)","mode":"replace"}}"# + "\n")
            let refused = Atomic<Bool>(false)
            let replied = Task {
                let reply = try? await connection.readJSON(timeout: .seconds(30))
                refused.store(true, ordering: .relaxed)
                return reply
            }
            guard let writer = await EndlessWriter.open(fifo: fifo, giveUp: { refused.load(ordering: .relaxed) }) else {
                // Refused before reading: it must say so.
                #expect(await replied.value?["error"] != nil)
                await connection.close()
                return
            }
            #expect(await writer.waitForBytes(8 << 20))
            let answered = refused.load(ordering: .relaxed)
            #expect(!answered)
            await connection.close()
            replied.cancel()
            #expect(await writer.readerLeft(within: .seconds(10)), "the daemon still reads the FIFO after its client left")
            writer.stop()
            let other = try await RawConnection.connect(daemon.socketPath)
            try await other.send(ping(1) + "\n")
            #expect(try await other.readJSON()?["id"] == 1)
            await other.close()
        }
    }
}

/// SIGTERM ends `hired` within its grace period, whatever runs: an import reading an endless
/// FIFO (cancelled before the grace period is over), and with `stuck` another one
/// stuck opening a FIFO nobody writes to (a system call no cancel reaches: the hard stop).
@Suite struct ShutdownDeadlineTests {
    @Test(.timeLimit(.minutes(1)), arguments: [false, true])
    func sigtermEndsTheDaemonWhateverRuns(stuck: Bool) async throws {
        let directory = try makeTemporaryDirectory("sd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socket = directory + "/s"
        let daemon = try ChildProcess(
            executable("hired"),
            ["--socket", socket, "--data-dir", directory + "/data", "--kdf-memory-mib", "8", "--log-level", "error", "--shutdown-grace", "1"],
            outputDirectory: directory)
        #expect(await waitForSocket(socket), "the daemon did not start: \(daemon.standardError)")
        let fed = directory + "/fed.csv"
        #expect(mkfifo(fed, 0o600) == 0)
        let reading = try await RawConnection.connect(socket)
        try await loginRaw(reading)
        try await reading.send(#"{"jsonrpc":"2.0","id":1,"method":"mtb.import","params":{"path":"\#(fed)"}}"# + "\n")
        let writer = await EndlessWriter.open(fifo: fed, giveUp: { [start = ContinuousClock.now] in ContinuousClock.now - start > .seconds(3) })
        if let writer { #expect(await writer.waitForBytes(4 << 20)) }
        if stuck {
            let blocked = directory + "/blocked.csv"
            #expect(mkfifo(blocked, 0o600) == 0)
            let waiting = try await RawConnection.connect(socket)
            try await loginRaw(waiting)
            try await waiting.send(#"{"jsonrpc":"2.0","id":2,"method":"mtb.import","params":{"path":"\#(blocked)"}}"# + "\n")
            try await Task.sleep(for: .milliseconds(300))
        }
        let start = ContinuousClock.now
        daemon.signal(SIGTERM)
        let status = await daemon.waitForExit(timeout: .seconds(15))
        let took = ContinuousClock.now - start
        writer?.stop()
        #expect(status != nil, "SIGTERM did not end the daemon")
        // Grace 1 s: work that can be cancelled is cancelled after 0.67 s; the hard stop comes
        // at 1 s (and the process needs a moment to go).
        #expect(took < .seconds(2), "stopping took \(took)")
        if !stuck { #expect(status == 0) }
        #expect(!FileManager.default.fileExists(atPath: socket))
    }
}

/// Registers and logs in a recruiter on a raw connection.
func loginRaw(_ connection: RawConnection) async throws {
    let name = "raw\(UInt16.random(in: 0...9999))"
    try await connection.send(
        #"{"jsonrpc":"2.0","id":"r","method":"auth.register","params":{"username":"\#(name)","email":"\#(name)@example.com","password":"a long test passphrase","role":"recruiter"}}"#
            + "\n")
    #expect(try await connection.readJSON()?["result"] != nil)
    try await connection.send(
        #"{"jsonrpc":"2.0","id":"l","method":"auth.login","params":{"login":"\#(name)","password":"a long test passphrase"}}"# + "\n")
    #expect(try await connection.readJSON()?["result"] != nil)
}
