import Foundation
import Synchronization
import HireRPC
import Testing

@testable import HireDaemon

/// Document reads share a bounded pool: a burst of uploads never starts a thread each.
@Suite struct DocumentPoolTests {
    @Test func aBurstOfReadsRunsAtMostThePoolsWidthAtOnce() async throws {
        let concurrency = Concurrency()
        let reads = DocumentIntake.readerThreads * 3
        try await withThrowingTaskGroup(of: ReadDocument.self) { group in
            for index in 0..<reads {
                group.addTask {
                    try await DocumentIntake.offload { () throws(RPCError) in
                        concurrency.state.withLock { $0.running += 1; $0.most = max($0.most, $0.running) }
                        Thread.sleep(forTimeInterval: 0.05)
                        concurrency.state.withLock { $0.running -= 1 }
                        return try DocumentIntake.read(text: "Resume \(index)", filename: nil)
                    }
                }
            }
            var read = 0
            for try await document in group {
                #expect(document.text.hasPrefix("Resume "))
                read += 1
            }
            #expect(read == reads)
        }
        let most = concurrency.state.withLock { $0.most }
        #expect(most <= DocumentIntake.readerThreads)
        #expect(most > 1)
    }
}

/// How many reads run at once, and the most seen.
private final class Concurrency: Sendable {
    let state = Mutex((running: 0, most: 0))
}
