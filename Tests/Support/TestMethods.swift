import HireCore
import HireDaemon
import HireRPC
import HireStorage
import Synchronization

/// Methods that only tests register: the JSON-RPC specification's examples, and slow,
/// failing and progress-reporting methods for cancellation, limits and `$/progress`.
public enum TestMethods {
    public struct Pair: Codable, Sendable {
        public var minuend: Int
        public var subtrahend: Int
    }
    public enum Subtract: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "subtract", summary: "Subtract.", access: .public, readOnly: true)
        public typealias Params = Pair
        public typealias Result = Int
        public static let example = Pair(minuend: 42, subtrahend: 23)
    }

    public struct Three: Codable, Sendable {
        public var a: Int?
        public var b: Int?
        public var c: Int?
    }
    public enum Sum: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "sum", summary: "Sum.", access: .public, readOnly: true)
        public typealias Params = Three
        public typealias Result = Int
        public static let example = Three(a: 1, b: 2, c: 4)
    }
    public enum NotifyHello: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "notify_hello", summary: "Hello.", access: .public, readOnly: true)
        public typealias Params = Three
        public typealias Result = Empty
        public static let example = Three(a: 7)
    }

    public struct Five: Codable, Sendable {
        public var a: Int?, b: Int?, c: Int?, d: Int?, e: Int?
    }
    public enum Update: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "update", summary: "Update.", access: .public, readOnly: false)
        public typealias Params = Five
        public typealias Result = Empty
        public static let example = Five(a: 1, b: 2, c: 3, d: 4, e: 5)
    }
    public enum GetData: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "get_data", summary: "Data.", access: .public, readOnly: true)
        public typealias Params = Empty
        public typealias Result = JSONValue
        public static let example = Empty()
    }

    public struct EchoParams: Codable, Sendable {
        public var value: JSONValue?
    }
    /// `test.echo {value}` returns `value`.
    public enum Echo: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "test.echo", summary: "Echo.", access: .public, readOnly: true)
        public typealias Params = EchoParams
        public typealias Result = JSONValue
        public static let example = EchoParams(value: "x")
    }

    public struct SlowParams: Codable, Sendable {
        public var milliseconds: Int?
        public var tag: String?
    }
    /// `test.slow {milliseconds?, tag?}` sleeps (a minute by default) and reports its
    /// cancellation to the probe.
    public enum Slow: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "test.slow", summary: "Sleep.", access: .public, readOnly: true)
        public typealias Params = SlowParams
        public typealias Result = Empty
        public static let example = SlowParams(milliseconds: 10, tag: "a")
    }

    public struct ProgressParams: Codable, Sendable {
        public var steps: Int
        public var milliseconds: Int?
    }
    /// `test.progress {steps, milliseconds?}` reports `steps` updates, pausing between them.
    public enum Progress: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "test.progress", summary: "Report progress.", access: .public, readOnly: true, reportsProgress: true)
        public typealias Params = ProgressParams
        public typealias Result = Int
        public static let example = ProgressParams(steps: 3)
    }

    /// `test.fail` throws an error the wire must not reveal.
    public enum Fail: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "test.fail", summary: "Fail.", access: .public, readOnly: true)
        public typealias Params = Empty
        public typealias Result = Empty
        public static let example = Empty()
    }

    /// `test.vault`: needs the caller's unlocked vault; returns how many blobs it holds.
    public enum Vault: RPCMethod {
        public static let descriptor = MethodDescriptor(name: "test.vault", summary: "Vault.", access: .session, readOnly: true)
        public typealias Params = Empty
        public typealias Result = Int
        public static let example = Empty()
    }

    /// `test.recruiter`: only recruiters may call it.
    public enum RecruiterOnly: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "test.recruiter", summary: "Recruiters only.", access: .role(.recruiter), readOnly: true)
        public typealias Params = Empty
        public typealias Result = Empty
        public static let example = Empty()
    }

    public struct RunParams: Codable, Sendable, BackgroundParams {
        public var milliseconds: Int
        public var fail: Bool?
        public var background: Bool?
        public init(milliseconds: Int, fail: Bool? = nil, background: Bool? = true) {
            self.milliseconds = milliseconds
            self.fail = fail
            self.background = background
        }
    }
    public struct RunResult: Codable, Sendable {
        public var slept: Int
        public var blobs: Int
    }
    /// `test.run {milliseconds, fail?, background?}`: a long method as background runs take
    /// them: sleeps in steps of 10 ms reporting progress (cancellable between steps), reads the
    /// caller's vault, then fails if asked to.
    public enum Run: RPCMethod {
        public static let descriptor = MethodDescriptor(
            name: "test.run", summary: "Run.", access: .session, readOnly: true, reportsProgress: true)
        public typealias Params = RunParams
        public typealias Result = RunResult
        public static let example = RunParams(milliseconds: 10)
    }

    struct SecretFailure: Error {
        let detail = "secret internal detail"
    }

    /// Registers every test method; `probe` hears about cancellations.
    package static func register(_ router: inout Router, probe: CancellationProbe = CancellationProbe()) {
        router.register(Subtract.self, inline: { params, _ in params.minuend - params.subtrahend })
        router.register(Sum.self, inline: { params, _ in (params.a ?? 0) + (params.b ?? 0) + (params.c ?? 0) })
        router.register(NotifyHello.self, inline: { _, _ in Empty() })
        router.register(Update.self, inline: { _, _ in Empty() })
        router.register(GetData.self, inline: { _, _ in ["hello", 5] })
        router.register(Echo.self, inline: { params, _ in params.value ?? .null })
        router.register(Fail.self) { _, _ in throw SecretFailure() }
        router.register(Vault.self) { _, context in try await context.store().blobs().count }
        router.register(RecruiterOnly.self, inline: { _, _ in Empty() })
        router.register(Slow.self) { params, _ in
            probe.record("started:\(params.tag ?? "")")
            do {
                try await Task.sleep(for: .milliseconds(params.milliseconds ?? 60_000))
            } catch {
                probe.record("cancelled:\(params.tag ?? "")")
                throw error
            }
            probe.record("finished:\(params.tag ?? "")")
            return Empty()
        }
        router.register(Run.self, background: { params, context in
            let steps = max(1, params.milliseconds / 10)
            for step in 1...steps {
                try await Task.sleep(for: .milliseconds(10))
                context.progress.report(ProgressUpdate(done: step, total: steps, stage: "sleeping"))
            }
            let blobs = try await context.store().blobs().count
            if params.fail == true { throw InvalidInput("the run was asked to fail", param: "fail") }
            return RunResult(slept: params.milliseconds, blobs: blobs)
        })
        router.register(Progress.self) { params, context in
            for step in 1...max(1, params.steps) {
                if let pause = params.milliseconds { try await Task.sleep(for: .milliseconds(pause)) }
                context.progress.report(ProgressUpdate(done: step, total: params.steps, stage: "testing"))
            }
            return params.steps
        }
    }
}

/// Collects what test handlers report and lets a test wait for it.
public final class CancellationProbe: Sendable {
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: String.self)
    }

    func record(_ event: String) { continuation.yield(event) }

    /// The next event that is not a "started:" one, or nil when none arrives within `timeout`.
    public func next(timeout: Duration = .seconds(10)) async -> String? {
        await next(timeout: timeout) { !$0.hasPrefix("started:") }
    }

    /// Waits until the handler tagged `tag` has started.
    public func started(_ tag: String, timeout: Duration = .seconds(30)) async -> Bool {
        await next(timeout: timeout) { $0 == "started:\(tag)" } != nil
    }

    private func next(timeout: Duration, matching: @escaping @Sendable (String) -> Bool) async -> String? {
        let stream = self.stream
        return await withTaskGroup(of: String?.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                while let event = await iterator.next() {
                    if matching(event) { return event }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
