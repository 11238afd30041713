import Foundation
import HireCore
import Synchronization

/// A clock that stands still until a test moves it: the daemon's accounts read it
/// (`AccountSettings.clock`), so a test moves past a session's life or a vault's idle lock at
/// once, instead of sleeping through it. Safe to read from any thread while a test moves it.
public final class TestClock: Clock, Sendable {
    private let current: Mutex<Date>

    /// Starts at `start`; by default the system's time now, so that dates written with it look
    /// like the dates of a daemon run today, in whole seconds, so that a date the stores keep
    /// to the second reads back as it was written.
    public init(start: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
