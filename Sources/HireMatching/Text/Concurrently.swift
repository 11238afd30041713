import Dispatch

/// Two independent parts of reading one long text, run on two cores at once. Below
/// ``worthwhile`` bytes of text the second thread costs more than it saves, and they run in turn.
enum Concurrently {
    /// The text size from which a second thread pays for itself (a typical resume is 5 KB).
    static let worthwhile = 64 * 1024

    /// The token count from which a second thread pays for itself (about that many bytes of text).
    static let worthwhileTokens = worthwhile / 6

    static func both<A: Sendable, B: Sendable>(
        textSize: Int, _ first: @Sendable () -> A, _ second: @Sendable () -> B
    ) -> (A, B) {
        both(when: textSize >= worthwhile, first, second)
    }

    /// Both parts on two cores when `parallel`, else one after the other.
    static func both<A: Sendable, B: Sendable>(
        when parallel: Bool, _ first: @Sendable () -> A, _ second: @Sendable () -> B
    ) -> (A, B) {
        guard parallel else { return (first(), second()) }
        let a = Slot<A>()
        let b = Slot<B>()
        // The calling thread runs one part, a worker of the pool the other.
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { a.value = first() } else { b.value = second() }
        }
        return (a.value!, b.value!)
    }

    /// One result, written by one iteration and read once `concurrentPerform` has returned
    /// (which orders the write before the read).
    private final class Slot<Value>: @unchecked Sendable {
        var value: Value?
    }
}
