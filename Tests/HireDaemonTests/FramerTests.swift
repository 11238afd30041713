import HireRPC
import NIOCore
import NIOEmbedded
import Testing

@testable import HireDaemon

/// The decoder (in a `ByteToMessageHandler`) and the encoder as the daemon's pipeline holds
/// them, on an `EmbeddedChannel`: one `read` is one read from the socket.
/// The decoder stays reachable, for its `bytesSearched` counter.
final class FramingChannel {
    let channel = EmbeddedChannel()
    let decoder: FrameDecoder

    init(limit: Int) throws {
        let choice = FramingChoice()
        decoder = FrameDecoder(maxMessageBytes: limit, choice: choice)
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(decoder), FrameEncoder(choice: choice))
    }

    /// One read (channelRead, then channelReadComplete); the frames it completed, a framing
    /// error (thrown by the decoder) last.
    func read(_ bytes: some Sequence<UInt8>) throws -> [Frame] {
        try frames { try channel.writeInbound(ByteBuffer(bytes: Array(bytes))) }
    }

    /// The client closed its sending side; the frames that completed.
    func closeInput() throws -> [Frame] {
        try frames {
            channel.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            try channel.throwIfErrorCaught()
        }
    }

    /// The frames passed on while `body` ran, as `ConnectionHandler` sees them: messages,
    /// then a framing error. Input after a framing error gives nothing.
    func frames(after body: () throws -> Void) throws -> [Frame] {
        var fatal: RPCError?
        do {
            try body()
        } catch let error as FramingError {
            fatal = error.error
        } catch ByteToMessageDecoderError.dataReceivedInErrorState {
        }
        var frames = try self.frames()
        if let fatal { frames.append(.fatal(fatal)) }
        return frames
    }

    /// Messages passed on so far and not yet taken.
    func frames() throws -> [Frame] {
        var frames: [Frame] = []
        while let message = try channel.readInbound(as: ByteBuffer.self) { frames.append(.message(message)) }
        return frames
    }

    /// Writes a reply as the connection does; the bytes that go out for it.
    func reply(_ text: String) throws -> [UInt8] {
        try channel.writeOutbound(ByteBuffer(string: text))
        var out: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { out += Array(buffer.readableBytesView) }
        return out
    }

    var bytesSearched: Int { decoder.bytesSearched }
}

/// The messages' texts, and the framing error if one ended the stream.
func texts(_ frames: [Frame]) -> (messages: [String], error: RPCError?) {
    var messages: [String] = []
    for frame in frames {
        switch frame {
        case .message(let buffer): messages.append(String(buffer: buffer))
        case .fatal(let error): return (messages, error)
        }
    }
    return (messages, nil)
}

/// The framer alone, fed read by read: each byte is searched once however a message is split,
/// and a message is refused as soon as it grows past the limit.
@Suite struct FramerTests {
    /// Feeds `bytes` in reads of `chunk` bytes; returns the frames and the bytes fed until the
    /// framer stopped (a fatal frame ends the stream).
    private func feed(_ framer: FramingChannel, _ bytes: [UInt8], chunk: Int) throws -> (frames: [Frame], fed: Int) {
        var frames: [Frame] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            frames += try framer.read(bytes[offset..<end])
            offset = end
            if frames.contains(where: { if case .fatal = $0 { true } else { false } }) { break }
        }
        return (frames, offset)
    }

    private func messageSizes(_ frames: [Frame]) -> [Int] {
        frames.compactMap { if case .message(let buffer) = $0 { buffer.readableBytes } else { nil } }
    }

    @Test(arguments: [(15 << 20, 16 << 10), (64 << 10, 1)])
    func aLineIsSearchedOnceHoweverItIsSplit(size: Int, chunk: Int) throws {
        let framer = try FramingChannel(limit: 16 << 20)
        var line = Array(repeating: UInt8(ascii: " "), count: size)
        line[0] = UInt8(ascii: "[")
        line[size - 1] = UInt8(ascii: "]")
        let input = line + [UInt8(ascii: "\n")] + Array(#"{"a":1}"#.utf8) + [UInt8(ascii: "\n")]
        let (frames, _) = try feed(framer, input, chunk: chunk)
        #expect(messageSizes(frames) == [size, 7])
        // Re-searching the buffer on every read would cost about size² / (2 × chunk).
        #expect(framer.bytesSearched <= input.count)
    }

    /// A stream of blank lines is skipped as fast as it is read: no search per line, no frame,
    /// no memory kept (it once cost 2.7 s per MiB and stalled every other client).
    @Test func blankLinesCostOnePassAndKeepNothing() throws {
        let framer = try FramingChannel(limit: 1 << 20)
        let blank = Array(repeating: UInt8(ascii: "\n"), count: 4 << 20) + Array(" \r\n\t\n".utf8)
        let ping = Array(#"{"jsonrpc":"2.0","id":1,"method":"daemon.ping"}"#.utf8) + [UInt8(ascii: "\n")]
        let (frames, _) = try feed(framer, blank + ping + blank, chunk: 64 << 10)
        #expect(messageSizes(frames) == [ping.count - 1])
        #expect(framer.bytesSearched <= ping.count)
    }

    @Test func headerBlocksAreSearchedOnceToo() throws {
        let framer = try FramingChannel(limit: 1 << 20)
        let body = #"{"jsonrpc":"2.0","id":1,"method":"daemon.ping"}"#
        let message = Array(("Content-Length: \(body.utf8.count)\r\n" + String(repeating: "X-Pad: y\r\n", count: 700) + "\r\n" + body).utf8)
        let (frames, _) = try feed(framer, message, chunk: 1)
        #expect(messageSizes(frames) == [body.utf8.count])
        // Each read looks back at most a blank line's length.
        #expect(framer.bytesSearched <= 4 * message.count)
    }

    @Test(arguments: [1, 100, 4096])
    func aLineIsRefusedAsSoonAsItPassesTheLimit(chunk: Int) throws {
        let limit = 10_000
        let framer = try FramingChannel(limit: limit)
        // Endless input without a newline: the framer must give up once past the limit.
        let (frames, fed) = try feed(framer, Array(repeating: UInt8(ascii: "1"), count: 3 * limit), chunk: chunk)
        guard case .fatal(let error) = frames.last else {
            Issue.record("no error for an endless line")
            return
        }
        #expect(error.code == .messageTooLarge)
        #expect(fed <= limit + chunk)
        #expect(framer.bytesSearched <= limit + chunk)
    }

    @Test func aLineOfExactlyTheLimitWithCRLFPasses() throws {
        let limit = 100
        let framer = try FramingChannel(limit: limit)
        let line = "[" + String(repeating: "1", count: limit - 2) + "]"
        let (frames, _) = try feed(framer, Array((line + "\r\n").utf8), chunk: 1)
        #expect(messageSizes(frames) == [limit])
        let over = try FramingChannel(limit: limit)
        let (refused, fed) = try feed(over, Array((line + "1\n").utf8), chunk: 1)
        #expect(messageSizes(refused).isEmpty)
        #expect(fed == limit + 1)
    }
}
