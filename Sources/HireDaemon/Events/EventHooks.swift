import Dispatch
import Foundation
import HireCore
import HireRPC
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The commands the daemon's configuration names per event topic (`--event-hook`), run for
/// each event of that topic: `/bin/sh -c COMMAND`, with the event as JSON on standard input
/// (`{id, topic, at, userId, data}`), so nothing about the user is in its arguments; output is
/// discarded. A hook still running after `timeout` is killed. A hook that fails or is killed
/// is logged by topic and exit status only, and not run again for that event. At most
/// `EventHooks.concurrency` hooks run at once; the others wait their turn, in order.
struct EventHooks: Sendable {
    /// The shell command per topic.
    let commands: [EventTopic: String]
    let timeout: Duration
    let logger: Logger
    private let waiting = Waiting()

    /// How many hooks may run at once.
    static let concurrency = 4

    init(commands: [EventTopic: String], timeout: Duration, logger: Logger) {
        self.commands = commands
        self.timeout = timeout
        self.logger = logger
    }

    /// Hooks not yet started, and how many threads run them.
    private final class Waiting: Sendable {
        private let state = Mutex<(hooks: [@Sendable () -> Void], threads: Int)>(([], 0))

        /// Queues `hook`; starts a thread for the queue unless enough run already.
        func add(_ hook: @escaping @Sendable () -> Void) {
            let start = state.withLock { state in
                state.hooks.append(hook)
                guard state.threads < EventHooks.concurrency else { return false }
                state.threads += 1
                return true
            }
            if start { DispatchQueue.global(qos: .utility).async { self.drain() } }
        }

        /// Runs queued hooks until there are none.
        private func drain() {
            while let hook = state.withLock({ state -> (@Sendable () -> Void)? in
                guard !state.hooks.isEmpty else {
                    state.threads -= 1
                    return nil
                }
                return state.hooks.removeFirst()
            }) {
                hook()
            }
        }
    }

    /// Queues the hook of `event`'s topic, if there is one (a hook may block its thread for up
    /// to `timeout`).
    func run(for event: NewEvent, id: Int64?, userId: String) {
        guard let command = commands[event.topic] else { return }
        var input: [String: JSONValue] = [
            "topic": .string(event.topic.rawValue), "at": .string(rfc3339(event.at)), "userId": .string(userId),
            "data": (try? JSONValue(parsing: event.data)) ?? .object([:]),
        ]
        if let id { input["id"] = .int(Int(id)) }
        let bytes = Data(JSONValue.object(input).jsonBytes)
        waiting.add { execute(command, input: bytes, topic: event.topic) }
    }

    /// Runs one hook to its end or its timeout, and logs how it ended unless it succeeded.
    private func execute(_ command: String, input: Data, topic: EventTopic) {
        let metadata: Logger.Metadata = ["event.topic": "\(topic.rawValue)"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let standardInput = Pipe()
        process.standardInput = standardInput
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            logger.warning("event hook could not start", metadata: metadata)
            return
        }
        // A hook that does not read its input gets it anyway, up to the pipe's size; a write
        // past that would wait for a reader that never comes, so it runs beside the wait.
        let writer = standardInput.fileHandleForWriting
        DispatchQueue.global(qos: .utility).async {
            try? writer.write(contentsOf: input)
            try? writer.close()
        }
        guard exited.wait(timeout: .now() + timeout.seconds) == .success else {
            let pid = process.processIdentifier
            // The shell and what it started, when it leads its own process group.
            kill(getpgid(pid) == pid ? -pid : pid, SIGKILL)
            exited.wait()
            logger.warning("event hook timed out and was killed", metadata: metadata.merging(["timeout": "\(timeout)"]) { $1 })
            return
        }
        if process.terminationReason != .exit || process.terminationStatus != 0 {
            logger.warning(
                "event hook failed",
                metadata: metadata.merging(["exit.status": "\(process.terminationStatus)", "reason": "\(process.terminationReason)"]) { $1 })
        }
    }
}

extension Duration {
    /// The duration in seconds, for Dispatch.
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
