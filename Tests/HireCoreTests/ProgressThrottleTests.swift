import HireCore
import Testing

@Suite struct ProgressThrottleTests {
    /// Feeds updates at offsets (ms) from one start and returns which were let through.
    private func decisions(_ throttle: ProgressThrottle, _ updates: [(ProgressUpdate, Int)]) -> [Bool] {
        var throttle = throttle
        let start = ContinuousClock.now
        return updates.map { update, offset in throttle.shouldSend(update, at: start + .milliseconds(offset)) }
    }

    @Test func letsOneUpdateThroughPerInterval() {
        let update = { (done: Int) in ProgressUpdate(done: done, total: 100, stage: "import") }
        let sent = decisions(ProgressThrottle(interval: .milliseconds(100)), [(update(1), 0), (update(2), 50), (update(3), 99), (update(4), 100)])
        #expect(sent == [true, false, false, true])
    }

    @Test func neverDropsTheFinalUpdateOrAStageChange() {
        let sent = decisions(
            ProgressThrottle(interval: .seconds(10)),
            [
                (ProgressUpdate(done: 1, total: 3, stage: "read"), 0),
                (ProgressUpdate(done: 0, total: 3, stage: "write"), 0),
                (ProgressUpdate(done: 2, total: 3, stage: "write"), 0),
                (ProgressUpdate(done: 3, total: 3, stage: "write"), 0),
            ])
        #expect(sent == [true, true, false, true])
    }

    @Test func unknownTotalsAreThrottledToo() {
        let sent = decisions(
            ProgressThrottle(interval: .milliseconds(100)),
            [(ProgressUpdate(done: 1, total: nil, stage: "scan"), 0), (ProgressUpdate(done: 2, total: nil, stage: "scan"), 1)])
        #expect(sent == [true, false])
    }
}
