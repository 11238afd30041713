/// How far a long piece of work has come; sent to clients as `$/progress`.
public struct ProgressUpdate: Sendable, Equatable, Codable {
    public var done: Int
    public var total: Int?
    public var stage: String
    public var message: String?

    public init(done: Int, total: Int?, stage: String, message: String? = nil) {
        self.done = done
        self.total = total
        self.stage = stage
        self.message = message
    }
}

/// Where domain services report progress. The daemon turns reports into `$/progress`
/// notifications; tests and callers without a progress token use `.ignore`.
public struct ProgressReporter: Sendable {
    private let sink: @Sendable (ProgressUpdate) -> Void
    public init(_ sink: @escaping @Sendable (ProgressUpdate) -> Void) { self.sink = sink }
    public func report(_ update: ProgressUpdate) { sink(update) }
    /// Drops every report.
    public static let ignore = ProgressReporter { _ in }
}

/// Lets at most one update through per interval, but never drops the final one (done == total)
/// or a change of stage, so a client always sees where the work ended.
public struct ProgressThrottle: Sendable {
    public let interval: Duration
    private var lastSent: ContinuousClock.Instant?
    private var lastStage: String?

    public init(interval: Duration = .milliseconds(100)) { self.interval = interval }

    /// True when `update`, arriving at `now`, should be sent.
    public mutating func shouldSend(_ update: ProgressUpdate, at now: ContinuousClock.Instant) -> Bool {
        let finished = update.total.map { update.done >= $0 } ?? false
        let newStage = update.stage != lastStage
        if let lastSent, now - lastSent < interval, !finished, !newStage { return false }
        lastSent = now
        lastStage = update.stage
        return true
    }
}
