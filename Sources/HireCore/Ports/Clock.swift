import Foundation

/// Where the domain reads the time of day, so that tests can set it.
public protocol Clock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The system's clock, for production.
public struct SystemClock: Clock {
    /// The system's clock.
    public init() {}
    /// The system's time now.
    public var now: Date { Date() }
}
