import Foundation
import Glibc
import HireDaemon

/// Where the built executables are: `$HIRED_BIN_DIR`, else `.build/debug` of this checkout.
public func executable(_ name: String) -> String {
    let directory = ProcessInfo.processInfo.environment["HIRED_BIN_DIR"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug").path
    return directory + "/" + name
}

/// A child process started with `posix_spawn`: for tests of the real binaries (signals,
/// socket activation, a second instance, exit codes).
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// Files that receive the child's standard output and error.
    public let stdoutPath: String
    public let stderrPath: String

    /// Starts `path` with `arguments`. `inheritedFDs` maps a descriptor of ours to the
    /// number it gets in the child (for socket activation: `[listener: 3]`).
    public init(
        _ path: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        inheritedFDs: [CInt: CInt] = [:], outputDirectory: String, stdin: String? = nil
    ) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent + "-\(UInt32.random(in: 0...UInt32.max))"
        stdoutPath = outputDirectory + "/\(name).out"
        stderrPath = outputDirectory + "/\(name).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var inputPath = "/dev/null"
        if let stdin {
            inputPath = outputDirectory + "/\(name).in"
            try Data(stdin.utf8).write(to: URL(fileURLWithPath: inputPath))
        }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for (from, to) in inheritedFDs { posix_spawn_file_actions_adddup2(&actions, from, to) }
        // Nothing else of the test process reaches the child. Without this it inherited every
        // descriptor not marked close-on-exec, such as the write end of the pipe another test's
        // `pdftotext` was writing: that reader then never saw its end of file while the child
        // ran, and the suite could hang with its threads all waiting.
        _ = closeFrom(&actions, (inheritedFDs.values.max() ?? 2) + 1)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, nil, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        pid = child
    }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// The exit status once the child has exited (or -signal), or nil after `timeout`.
    public func waitForExit(timeout: Duration = .seconds(60)) async -> Int32? {
        var exit: Int32?
        _ = await poll(for: timeout, every: .milliseconds(10)) {
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return false }
            let signalled = status & 0x7f
            exit = signalled == 0 ? (status >> 8) & 0xff : -signalled
            return true
        }
        return exit
    }

    /// Waits until the child's standard error contains `text`.
    public func waitForError(containing text: String, timeout: Duration = .seconds(60)) async -> Bool {
        await poll(for: timeout, every: .milliseconds(10)) { standardError.contains(text) }
    }

    public var standardError: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    public var standardOutput: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    deinit {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }
}

/// Waits until something accepts connections on `path`.
public func waitForSocket(_ path: String, timeout: Duration = .seconds(60)) async -> Bool {
    await poll(for: timeout, every: .milliseconds(20)) { canConnect(path) }
}

/// Asks `condition` every `interval` until it holds or `timeout` has passed, and once more
/// after the deadline: a waiting task that the busy test process left unscheduled past its
/// deadline (CI once kept every such task off the CPU for 20 s while the daemons it waited for
/// were long listening) still sees what happened meanwhile.
public func poll(for timeout: Duration, every interval: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return condition()
}

/// True when a connect to the Unix socket `path` succeeds.
public func canConnect(_ path: String) -> Bool {
    SocketPreparation.isListening(path)
}

/// Binds and listens on `path`; returns the descriptor (for socket activation and stale sockets).
public func listeningSocket(_ path: String) throws -> CInt {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var address = SocketPreparation.unixAddress(path)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard fd >= 0, bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
    return fd
}

/// The files under `directory` that contain any of `markers`, found by `grep` in a separate
/// process (so nothing in this process's memory can hide or fake a hit).
/// Blocks the calling thread; usable where no `await` is possible (inside a transaction).
public func filesContaining(_ markers: [String], under directory: String) throws -> [String] {
    let output = try makeTemporaryDirectory("grep")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let grep = try ChildProcess(
        "/usr/bin/grep", ["-r", "-a", "-l", "-F"] + markers.flatMap { ["-e", $0] } + [directory], outputDirectory: output)
    var status: Int32 = 0
    waitpid(grep.pid, &status, 0)
    let code = (status >> 8) & 0xff
    guard status & 0x7f == 0, code == 0 || code == 1 else { throw POSIXError(.EIO) }
    return grep.standardOutput.split(separator: "\n").map(String.init)
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later; Swift's Glibc module
/// does not import it), looked up once.
private let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, CInt) -> CInt = {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
        fatalError("posix_spawn_file_actions_addclosefrom_np is missing: glibc 2.34 or later is needed")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, CInt) -> CInt).self)
}()
