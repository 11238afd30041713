import Foundation
import HireRPC
import NIOCore
import NIOPosix
import Synchronization

/// A client that sends exact bytes and reads exactly what comes back: for framing and
/// protocol tests, where the real client would hide the details.
public final class RawConnection: Sendable {
    public struct TimedOut: Error, CustomStringConvertible {
        public var description: String { "no reply in time" }
    }

    public struct ClosedBeforeReply: Error, CustomStringConvertible {
        public let id: Int
        public var description: String { "the daemon closed the connection before replying to \(id)" }
    }

    private let channel: any Channel
    private let chunks: AsyncStream<[UInt8]>
    private let buffer = Mutex<[UInt8]>([])

    private init(channel: any Channel, chunks: AsyncStream<[UInt8]>) {
        self.channel = channel
        self.chunks = chunks
    }

    public static func connect(_ path: String) async throws -> RawConnection {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation))
                }
            }
            .connect(unixDomainSocketPath: path).get()
        return RawConnection(channel: channel, chunks: stream)
    }

    /// Sends bytes as one write.
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Sends exact bytes (which need not be UTF-8) as one write.
    public func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Closes the sending side only (`shutdown(SHUT_WR)`): the daemon sees the end of the
    /// input, and replies can still be read.
    public func closeOutput() async throws {
        try await channel.close(mode: .output)
    }

    /// Sends each piece as its own write.
    public func send(pieces: [String]) async throws {
        for piece in pieces { try await send(piece) }
    }

    /// Sends one message framed with `Content-Length`.
    public func sendFramed(_ body: String, extraHeaders: String = "") async throws {
        try await send("Content-Length: \(body.utf8.count)\r\n\(extraHeaders)\r\n\(body)")
    }

    public func close() async {
        try? await channel.close()
    }

    /// The next line (without its newline); nil when the daemon closed the connection.
    public func readLine(timeout: Duration = .seconds(10)) async throws -> String? {
        try await readLineBytes(timeout: timeout).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The next line's exact bytes (without its newline); nil when the daemon closed the connection.
    public func readLineBytes(timeout: Duration = .seconds(10)) async throws -> [UInt8]? {
        while true {
            let line: [UInt8]? = buffer.withLock { bytes in
                guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                defer { bytes.removeSubrange(...newline) }
                return Array(bytes[..<newline])
            }
            if let line { return line }
            guard try await receive(timeout: timeout) else { return nil }
        }
    }

    /// The body of the next `Content-Length` framed message; nil when closed.
    public func readFramed(timeout: Duration = .seconds(10)) async throws -> String? {
        while true {
            let body: [UInt8]? = buffer.withLock { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                guard let end = text.range(of: "\r\n\r\n") else { return nil }
                let header = text[..<end.lowerBound]
                guard let length = header.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
                else { return nil }
                let start = text.utf8.distance(from: text.startIndex, to: end.upperBound)
                guard bytes.count >= start + length else { return nil }
                defer { bytes.removeSubrange(..<(start + length)) }
                return Array(bytes[start..<(start + length)])
            }
            if let body { return String(decoding: body, as: UTF8.self) }
            guard try await receive(timeout: timeout) else { return nil }
        }
    }

    /// The next message parsed as JSON, in either framing.
    public func readJSON(framed: Bool = false, timeout: Duration = .seconds(10)) async throws -> JSONValue? {
        guard let text = framed ? try await readFramed(timeout: timeout) : try await readLine(timeout: timeout) else {
            return nil
        }
        return try JSONValue(parsing: text)
    }

    /// Sends request `id` (`params` a JSON object's text) and returns its reply, skipping
    /// notifications and other replies on the way.
    public func call(_ id: Int, _ method: String, _ params: String, timeout: Duration = .seconds(60)) async throws -> JSONValue {
        try await send(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"# + "\n")
        while true {
            guard let message = try await readJSON(timeout: timeout) else { throw ClosedBeforeReply(id: id) }
            if message["id"] == .int(id) { return message }
        }
    }

    /// True once the daemon has closed the connection (waiting up to `timeout`).
    public func isClosedByPeer(timeout: Duration = .seconds(10)) async throws -> Bool {
        while try await receive(timeout: timeout) {}
        return true
    }

    /// Reads one chunk into the buffer; false at end of stream.
    private func receive(timeout: Duration) async throws -> Bool {
        let chunks = self.chunks
        let chunk: [UInt8]?? = try await withThrowingTaskGroup(of: [UInt8]??.self) { group in
            group.addTask {
                // Iterators of one AsyncStream share its buffer; reads here are never concurrent.
                var iterator = chunks.makeAsyncIterator()
                return .some(await iterator.next())
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .none
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        guard let received = chunk else { throw TimedOut() }
        guard let bytes = received else { return false }
        buffer.withLock { $0 += bytes }
        return true
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<[UInt8]>.Continuation
        init(continuation: AsyncStream<[UInt8]>.Continuation) { self.continuation = continuation }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            continuation.yield(buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
        func channelInactive(context: ChannelHandlerContext) {
            continuation.finish()
        }
    }
}
