import Foundation
import HireRPC
import HireTestSupport
import Logging
import NIOCore
import NIOEmbedded
import Testing

@testable import HireDaemon

/// A real `Connection` (router and state from `buildDaemon`) behind the daemon's own pipeline,
/// on a `NIOAsyncTestingChannel`: what reaches the socket, and how many flushes, is exact here.
@Suite struct ConnectionBurstTests {
    /// Counts the flushes that reach the socket end of the pipeline.
    final class FlushCounter: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        var flushes = 0

        func flush(context: ChannelHandlerContext) {
            flushes += 1
            context.flush()
        }
    }

    /// Runs `body` with a connection on a testing channel; closes it after.
    private func withConnection(_ body: (NIOAsyncTestingChannel) async throws -> Void) async throws {
        let directory = try makeTemporaryDirectory("hb")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let daemon = try buildDaemon(
            configuration: DaemonConfiguration(socketPath: directory + "/s", dataDir: directory + "/data"), logger: .silent)
        let channel = NIOAsyncTestingChannel()
        let connection = Connection(
            channel: channel, router: daemon.server.router, state: daemon.server.state,
            peer: PeerCredentials(pid: 1, uid: 1, gid: 1), logger: .silent)
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(FlushCounter())
            try RPCServer.addHandlers(to: channel, for: connection, maxMessageBytes: 1 << 20)
        }
        try await body(channel)
        _ = try? await channel.close()
    }

    private func flushes(_ channel: NIOAsyncTestingChannel) async throws -> Int {
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.handler(type: FlushCounter.self).flushes
        }
    }

    /// The reply lines written and flushed so far.
    private func replies(_ channel: NIOAsyncTestingChannel) async throws -> [String] {
        var text = ""
        while let buffer = try await channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    private func reply(_ id: Int) -> String { #"{"jsonrpc":"2.0","id":\#(id),"result":{}}"# }

    @Test func aPipelinedBurstIsAnsweredWithOneFlush() async throws {
        try await withConnection { channel in
            // Three requests in one read.
            try await channel.writeInbound(ByteBuffer(string: (1...3).map { ping($0) + "\n" }.joined()))
            #expect(try await replies(channel) == [reply(1), reply(2), reply(3)])
            #expect(try await flushes(channel) == 1)
            // Three reads of one burst (one `channelReadComplete`), the last request split
            // across two of them: nothing is answered before the burst ends, then all at once.
            try await channel.testingEventLoop.executeInContext {
                let pipeline = channel.pipeline.syncOperations
                pipeline.fireChannelRead(NIOAny(ByteBuffer(string: ping(4) + "\n" + ping(5) + "\n")))
                pipeline.fireChannelRead(NIOAny(ByteBuffer(string: String(ping(6).prefix(10)))))
                pipeline.fireChannelRead(NIOAny(ByteBuffer(string: String(ping(6).dropFirst(10)) + "\r\n")))
            }
            #expect(try await replies(channel).isEmpty)
            try await channel.testingEventLoop.executeInContext { channel.pipeline.syncOperations.fireChannelReadComplete() }
            #expect(try await replies(channel) == [reply(4), reply(5), reply(6)])
            #expect(try await flushes(channel) == 2)
        }
    }

    /// At a half-close the last line, unterminated, is answered with what came before it in
    /// the same burst, and then the connection closes.
    @Test func theLastLineIsAnsweredAtAHalfCloseThenTheConnectionCloses() async throws {
        try await withConnection { channel in
            try await channel.testingEventLoop.executeInContext {
                channel.pipeline.syncOperations.fireChannelRead(NIOAny(ByteBuffer(string: ping(1) + "\n" + ping(2))))
                channel.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            }
            #expect(try await replies(channel) == [reply(1), reply(2)])
            #expect(try await flushes(channel) >= 1)
            try await channel.closeFuture.get()
        }
    }

    /// A framing error is answered (id null) after the messages before it, then the
    /// connection closes.
    @Test func aFramingErrorIsAnsweredInOrderThenTheConnectionCloses() async throws {
        try await withConnection { channel in
            try await channel.writeInbound(ByteBuffer(string: "Content-Length: 47\r\n\r\n" + ping(1) + "Content-Length: x\r\n\r\n"))
            var out = ""
            while let buffer = try await channel.readOutbound(as: ByteBuffer.self) { out += String(buffer: buffer) }
            let error = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32015,"message":"Content-Length is not a non-negative integer"}}"#
            #expect(out == "Content-Length: \(reply(1).utf8.count)\r\n\r\n\(reply(1))Content-Length: \(error.utf8.count)\r\n\r\n\(error)")
            try await channel.closeFuture.get()
        }
    }
}
