import Logging
import Synchronization

/// Keeps the messages a daemon logs, for tests that check what reaches the log.
public final class LogRecorder: Sendable {
    private let records = Mutex<[(level: Logger.Level, message: String)]>([])

    public init() {}

    /// A logger that records here, at `level` and above.
    public func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "test") { _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// The messages logged at `level` or above, in order.
    public func messages(atLeast level: Logger.Level) -> [String] {
        records.withLock { $0.filter { $0.level >= level }.map(\.message) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.records.withLock { $0.append((event.level, "\(event.message)")) }
        }
    }
}
