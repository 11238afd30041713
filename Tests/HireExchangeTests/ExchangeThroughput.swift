import Foundation
import HireCore
import HireExchange
import HireTestSupport
import Testing

/// bench/exchange.sh's measurement, not a test of speed: with HIRED_BENCH_EXCHANGE_URL set it
/// appends through `PostgresExchange` from several writers (separate connections, as separate
/// daemons are), pulls everything back from a fresh one, checks that every entry came back
/// in order, and prints the rates. Skipped otherwise.
@Test(.enabled(if: ProcessInfo.processInfo.environment["HIRED_BENCH_EXCHANGE_URL"] != nil, "bench/exchange.sh runs it"))
func exchangeAppendAndPullThroughput() async throws {
    let environment = ProcessInfo.processInfo.environment
    let url = try #require(environment["HIRED_BENCH_EXCHANGE_URL"])
    func setting(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
    let writers = setting("WRITERS", 4)
    let batches = setting("BATCHES", 250)
    let batchSize = setting("BATCH", 10)
    let bodyBytes = setting("BODY_BYTES", 512)
    let exchanges = try (0..<writers).map { _ in try PostgresExchange(url: url, environment: environment, logger: .silent) }
    let body = Data(repeating: 0x5A, count: bodyBytes)
    // Connected and migrated before the clock starts.
    for exchange in exchanges { _ = try await exchange.entries(orgId: "warm-up", after: 0, limit: 1) }

    let appendStart = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for exchange in exchanges {
            group.addTask {
                for _ in 0..<batches { _ = try await exchange.append(orgId: "bench", bodies: Array(repeating: body, count: batchSize)) }
            }
        }
        try await group.waitForAll()
    }
    let appendSeconds = seconds(ContinuousClock.now - appendStart)

    let reader = try PostgresExchange(url: url, environment: environment, logger: .silent)
    _ = try await reader.entries(orgId: "warm-up", after: 0, limit: 1)
    let pullStart = ContinuousClock.now
    var after: Int64 = 0
    while true {
        let page = try await reader.entries(orgId: "bench", after: after, limit: 1000)
        guard let last = page.last else { break }
        #expect(last.seq == after + Int64(page.count))
        after = last.seq
    }
    let pullSeconds = seconds(ContinuousClock.now - pullStart)
    let total = writers * batches * batchSize
    #expect(after == Int64(total))
    for exchange in exchanges + [reader] { await exchange.close() }
    print(
        "RESULT changes=\(total) writers=\(writers) batch=\(batchSize) body_bytes=\(bodyBytes)"
            + " append_changes_per_s=\(Int(Double(total) / appendSeconds)) append_batches_per_s=\(Int(Double(writers * batches) / appendSeconds))"
            + " pull_changes_per_s=\(Int(Double(total) / pullSeconds))")
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
