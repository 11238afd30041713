import Dispatch
import Foundation
import Glibc
import Logging
import Synchronization

/// Ends the process when a shutdown outlasts its grace period and the cancelling of what was
/// left: a request stuck where cancellation cannot reach it (a system call that blocks, a
/// loop that never checks) cannot keep the daemon alive.
///
/// It hears the shutdown signals itself and waits on a thread of its own, so it fires even
/// when every thread of the Swift concurrency pool is busy. When it fires it logs, closes the
/// stores that are not busy (waiting a moment, never on one stuck in a transaction), removes
/// the socket file it owns, and exits with status 1. Nothing committed is lost: a transaction
/// that was still open never committed, and SQLite rolls it back when the store next opens.
final class HardStop: Sendable {
    /// The end of the grace period that cancelled work has to end in: requests still running
    /// this long before the grace period is over are cancelled, and the hard stop comes when
    /// it is over (3 s of a grace period of 9 s or more, a third of a shorter one).
    static func margin(of grace: Duration) -> Duration { min(.seconds(3), grace / 3) }
    /// How long the stop waits after the signal.
    let delay: Duration
    /// How long it then waits for the stores to close: it has ended when the grace period is over.
    let closing: Duration
    private let logger: Logger
    private let closeStores: @Sendable () -> Void
    private let socketToRemove: String?
    private let state = Mutex<(started: Bool, finished: Bool, sources: [any DispatchSourceSignal])>((false, false, []))
    private static let queue = DispatchQueue(label: "hired.hard-stop")

    /// Stops the process by the end of `grace` after the signal.
    init(grace: Duration, socketToRemove: String?, logger: Logger, closeStores: @escaping @Sendable () -> Void) {
        closing = Self.margin(of: grace) / 3
        delay = grace - closing
        self.socketToRemove = socketToRemove
        self.logger = logger
        self.closeStores = closeStores
    }

    /// Starts the countdown at the first of `signals` (each also triggers the graceful shutdown).
    func watch(_ signals: [CInt]) {
        let sources = signals.map { signal in
            let source = DispatchSource.makeSignalSource(signal: signal, queue: Self.queue)
            source.setEventHandler { [self] in start() }
            source.resume()
            return source
        }
        state.withLock { $0.sources = sources }
    }

    /// The process is stopping normally: no hard stop.
    func finish() {
        state.withLock { state in
            state.finished = true
            for source in state.sources { source.cancel() }
            state.sources = []
        }
    }

    private func start() {
        guard state.withLock({ state in
            defer { state.started = true }
            return !state.started && !state.finished
        }) else { return }
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: seconds)
            guard !state.withLock({ $0.finished }) else { return }
            fire()
        }
    }

    private func fire() {
        logger.error(
            "shutdown: requests still running \(delay) after the signal; stopping now (unfinished writes roll back)")
        let closed = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [closeStores] in
            closeStores()
            closed.signal()
        }
        _ = closed.wait(timeout: .now() + Double(closing.components.seconds) + Double(closing.components.attoseconds) / 1e18)
        if let socketToRemove { unlink(socketToRemove) }
        _exit(1)
    }
}
