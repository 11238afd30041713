import HireRPC
import NIOCore
import NIOEmbedded
import Testing

@testable import HireDaemon

/// The decoder and encoder on an `EmbeddedChannel`, read by read: both framings, split
/// anywhere, their errors, the last line at a half-close, and the framing of replies.
@Suite struct FrameCodecTests {
    private static let pings = (1...3).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"daemon.ping"}"# }

    /// Streams that must decode to `pings`, in both framings, with CRLF and LF, blank lines,
    /// and header names in any case.
    private static let streams: [String] = [
        pings[0] + "\n" + pings[1] + "\r\n\n \t\r\n" + pings[2] + "\r\n",
        "\n\n" + pings.map { $0 + "\n" }.joined(),
        "Content-Length: \(pings[0].utf8.count)\r\n\r\n\(pings[0])"
            + "content-length:\(pings[1].utf8.count)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n\(pings[1])"
            + "X-Other: 1\nCONTENT-LENGTH :  \(pings[2].utf8.count) \n\n\(pings[2])",
        "cOnTeNt-LeNgTh: \(pings[0].utf8.count)\n\n\(pings[0])"
            + pings.dropFirst().map { "Content-Length: \($0.utf8.count)\r\n\r\n\($0)" }.joined(),
    ]

    @Test(arguments: streams)
    func everySplitInTwoReadsGivesTheSameMessages(stream: String) throws {
        let bytes = Array(stream.utf8)
        for split in 0...bytes.count {
            let framer = try FramingChannel(limit: 1 << 20)
            let frames = try framer.read(bytes[..<split]) + framer.read(bytes[split...])
            let (messages, error) = texts(frames)
            #expect(messages == Self.pings, "split at \(split)")
            #expect(error == nil)
        }
    }

    @Test(arguments: streams)
    func oneByteAtATimeGivesTheSameMessages(stream: String) throws {
        let framer = try FramingChannel(limit: 1 << 20)
        var frames: [Frame] = []
        for byte in stream.utf8 { frames += try framer.read([byte]) }
        #expect(texts(frames).messages == Self.pings)
        #expect(framer.bytesSearched <= 4 * stream.utf8.count)
    }

    /// Several messages in one read are passed on together, before the read's
    /// `channelReadComplete` (which `ConnectionHandler` answers with one flush).
    @Test(arguments: streams)
    func aBurstInOneReadGivesEveryMessage(stream: String) throws {
        let framer = try FramingChannel(limit: 1 << 20)
        framer.channel.pipeline.syncOperations.fireChannelRead(NIOAny(ByteBuffer(string: stream)))
        #expect(texts(try framer.frames()).messages == Self.pings)
    }

    @Test func framingIsChosenByTheFirstByteAndRepliesFollowIt() throws {
        let lines = try FramingChannel(limit: 1024)
        #expect(try lines.reply("{}") == Array("{}\n".utf8))  // before any byte: lines
        _ = try lines.read(Array((Self.pings[0] + "\n").utf8))
        #expect(lines.decoder.framing == .lines)
        #expect(try lines.reply(#"{"a":1}"#) == Array("{\"a\":1}\n".utf8))
        let headers = try FramingChannel(limit: 1024)
        _ = try headers.read(Array("c".utf8))
        #expect(headers.decoder.framing == .headers)
        #expect(try headers.reply(#"{"a":1}"#) == Array("Content-Length: 7\r\n\r\n{\"a\":1}".utf8))
    }

    /// `Connection` closes after an empty write completes: it must pass the encoder as an
    /// (empty) write whose promise completes, not vanish or become a blank line.
    @Test func anEmptyWriteIsABarrierNotAMessage() throws {
        let framer = try FramingChannel(limit: 1024)
        _ = try framer.read(Array((Self.pings[0] + "\n").utf8))
        var completed = false
        framer.channel.writeAndFlush(ByteBuffer()).assumeIsolated().whenSuccess { completed = true }
        #expect(completed)
        let out = try framer.channel.readOutbound(as: ByteBuffer.self)
        #expect(out?.readableBytes == 0)
    }

    @Test func theLastLineWithoutNewlineIsAMessageWhenTheInputCloses() throws {
        let framer = try FramingChannel(limit: 1024)
        #expect(texts(try framer.read(Array((Self.pings[0] + "\n" + Self.pings[1]).utf8))).messages == [Self.pings[0]])
        _ = try framer.read(Array("\r".utf8))
        #expect(texts(try framer.closeInput()).messages == [Self.pings[1]])
        // Blank leftovers are nothing.
        let blank = try FramingChannel(limit: 1024)
        _ = try blank.read(Array((Self.pings[0] + "\n \r").utf8))
        #expect(try blank.closeInput().isEmpty)
        // An unfinished header-framed message is not a message.
        let headers = try FramingChannel(limit: 1024)
        _ = try headers.read(Array("Content-Length: 10\r\n\r\n{}".utf8))
        #expect(try headers.closeInput().isEmpty)
    }

    @Test func aLastLineOfTheLimitIsAMessageAndOneByteMoreIsRefusedAtOnce() throws {
        let framer = try FramingChannel(limit: 10)
        // 11 bytes ending in `\r` may still end well, so it waits; without its newline the `\r`
        // is dropped and it fits.
        #expect(try framer.read(Array("[1,2,3,45]\r".utf8)).isEmpty)
        #expect(texts(try framer.closeInput()).messages == ["[1,2,3,45]"])
        let over = try FramingChannel(limit: 10)
        #expect(try over.read(Array("[1,2,3,45]".utf8)).isEmpty)
        let (messages, error) = texts(try over.read(Array("]".utf8)))
        #expect(messages.isEmpty)
        #expect(error?.code == .messageTooLarge)
        #expect(try over.closeInput().isEmpty)
    }

    @Test func aCompleteLineOverTheLimitIsRefusedWithItsSize() throws {
        let framer = try FramingChannel(limit: 10)
        let (messages, error) = texts(try framer.read(Array("[1,2,3,4,5,6]\n[1]\n".utf8)))
        #expect(messages.isEmpty)
        #expect(error?.code == .messageTooLarge)
        #expect(error?.message == "message of 13 bytes exceeds the limit of 10 bytes")
        #expect(error?.data?["limit"] == 10)
        // Nothing after a framing error is read.
        #expect(try framer.read(Array("[2]\n".utf8)).isEmpty)
        #expect(try framer.closeInput().isEmpty)
    }

    @Test func anEndlessLineIsRefusedWithoutASize() throws {
        let framer = try FramingChannel(limit: 10)
        let (messages, error) = texts(try framer.read(Array("[1]\n[1,2,3,4,5,".utf8)))
        #expect(messages == ["[1]"])
        #expect(error?.message == "message exceeds the limit of 10 bytes")
    }

    /// A header-framed message over the limit is refused once its header block is complete,
    /// before any of its body arrives.
    @Test func anOversizedBodyIsRefusedBeforeItArrives() throws {
        let framer = try FramingChannel(limit: 1024)
        let (messages, error) = texts(try framer.read(Array("Content-Length: 2\r\n\r\n{}Content-Length: 1025\r\n\r\n".utf8)))
        #expect(messages == ["{}"])
        #expect(error?.code == .messageTooLarge)
        #expect(error?.message == "message of 1025 bytes exceeds the limit of 1024 bytes")
        #expect(error?.data?["limit"] == 1024)
        #expect(try framer.read(Array(repeating: UInt8(ascii: "x"), count: 1025)).isEmpty)
    }

    @Test(arguments: [
        ("Content-Type: x\r\n\r\n{}", "missing Content-Length header"),
        ("Content-Length: abc\r\n\r\n{}", "Content-Length is not a non-negative integer"),
        ("Content-Length: -4\r\n\r\n{}", "Content-Length is not a non-negative integer"),
        ("Content-Length: ４\r\n\r\n{}", "Content-Length is not a non-negative integer"),
        ("Content-Length 12\r\n\r\n{}", "malformed header line (no colon)"),
        ("C" + String(repeating: "x", count: 8192), "header block longer than 8192 bytes without a blank line"),
    ])
    func aBadHeaderBlockIsAFramingError(stream: String, message: String) throws {
        for chunk in [1, 7, stream.utf8.count] {
            let framer = try FramingChannel(limit: 1 << 20)
            let bytes = Array(stream.utf8)
            var frames: [Frame] = []
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                frames += try framer.read(bytes[start..<min(start + chunk, bytes.count)])
            }
            let (messages, error) = texts(frames)
            #expect(messages.isEmpty)
            #expect(error?.code == .badFraming)
            #expect(error?.message == message, "in reads of \(chunk)")
        }
    }
}
