import Foundation
import HireRPC
import Synchronization

/// Draws `$/progress` as a one-line bar on standard error.
final class ProgressBar: Sendable {
    private let io: TerminalIO
    private let drawn = Mutex(false)

    init(io: TerminalIO) { self.io = io }

    func draw(_ value: JSONValue) {
        let done = value["done"]?.intValue ?? 0
        let total = value["total"]?.intValue
        let stage = value["stage"]?.stringValue ?? ""
        let message = value["message"]?.stringValue.map { " " + $0 } ?? ""
        var line: String
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * 30)
            line = "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "]"
            line += " \(Int(fraction * 100))% \(done)/\(total) "
        } else if message.split(separator: " ").contains(Substring(String(done))) {
            // The message counts already ("import 6144 rows (12% of the file)").
            line = ""
        } else {
            line = "\(done) "
        }
        drawn.withLock { $0 = true }
        io.err("\r\u{1B}[2K\(line)\(stage)\(message)")
    }

    func clear() {
        if drawn.withLock({ $0 }) { io.err("\r\u{1B}[2K") }
    }
}

/// Turns Ctrl-C into a cancellation of the running call (the daemon gets `$/cancelRequest`);
/// a second Ctrl-C exits at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        // The handler runs on one serial queue, so a plain counter in its closure is enough.
        var seen = 0
        source.setEventHandler {
            seen += 1
            if seen > 1 { exit(130) }
            onInterrupt()
        }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
