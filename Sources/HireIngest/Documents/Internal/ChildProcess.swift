import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a tool to its end and collects what it writes, with a time limit and a cap on output.
package enum ChildProcess {
    package struct Result: Sendable {
        package var status: Int32
        package var standardOutput: [UInt8]
        package var standardError: [UInt8]
        /// The tool ran out of time and was stopped.
        package var timedOut: Bool
        /// The tool wrote more than the cap and was cut off.
        package var outputTooLarge: Bool
    }

    /// Runs `executable` with `arguments` (no shell), standard input from /dev/null. Both
    /// output pipes are drained on their own threads, so a chatty tool never blocks on a full
    /// pipe. After `timeout` the tool gets SIGTERM, then SIGKILL a second later.
    /// - Throws: when the tool cannot be started.
    package static func run(_ executable: String, arguments: [String], timeout: Duration, maxOutputBytes: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let standardOutput = Collector(limit: maxOutputBytes)
        let standardError = Collector(limit: 64 * 1024)
        let readers = DispatchGroup()
        let outputHandle = output.fileHandleForReading
        let errorHandle = errors.fileHandleForReading
        DispatchQueue.global().async(group: readers) { standardOutput.drain(outputHandle) }
        DispatchQueue.global().async(group: readers) { standardError.drain(errorHandle) }

        var timedOut = false
        if exited.wait(timeout: .now() + timeout.timeInterval) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 1) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        readers.wait()
        return Result(
            status: process.terminationStatus, standardOutput: standardOutput.bytes, standardError: standardError.bytes,
            timedOut: timedOut, outputTooLarge: standardOutput.overflowed)
    }

    /// The bytes read from one pipe, up to a limit. Past the limit it stops reading and closes
    /// its end, so the writer gets EPIPE (or SIGPIPE) and ends.
    private final class Collector: Sendable {
        private struct State {
            var bytes: [UInt8] = []
            var overflowed = false
        }
        private let state = Mutex(State())
        private let limit: Int

        init(limit: Int) { self.limit = limit }

        var bytes: [UInt8] { state.withLock { $0.bytes } }
        var overflowed: Bool { state.withLock { $0.overflowed } }

        func drain(_ handle: FileHandle) {
            defer { try? handle.close() }
            while let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                let full = state.withLock { state in
                    guard state.bytes.count + chunk.count <= limit else {
                        state.overflowed = true
                        return true
                    }
                    state.bytes.append(contentsOf: chunk)
                    return false
                }
                if full { return }
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, for Dispatch.
    fileprivate var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
