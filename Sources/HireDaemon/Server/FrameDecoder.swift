import Glibc
import HireRPC
import NIOCore

/// A framing error, thrown by `FrameDecoder`: `ConnectionHandler` answers it (id null) after
/// the messages before it, then the connection closes. `ByteToMessageHandler` reads nothing
/// after it.
struct FramingError: Error {
    let error: RPCError
}

/// How a connection frames its messages, both ways.
enum Framing {
    /// One JSON value per line.
    case lines
    /// LSP-style `Content-Length:` headers, a blank line, then the body.
    case headers
}

/// The framing of one connection, chosen by its decoder from the first byte received and read
/// by its encoder, so that replies are framed the way requests were. Both handlers run on the
/// connection's event loop, so a plain class is enough.
final class FramingChoice {
    /// Nil until the first byte arrives (replies before it, if any, are lines).
    var framing: Framing?
}

/// Splits the byte stream into messages (`ByteToMessageHandler(FrameDecoder(...))`).
///
/// The framing is chosen from the first byte of a connection: `C` or `c` means LSP-style
/// `Content-Length:` headers; anything else means one JSON value per line. Each message is
/// passed on (a `ByteBuffer`, which goes down the pipeline without allocation or dynamic cast)
/// as soon as it is complete; `ConnectionHandler` gathers the messages of one read burst and
/// hands them over together at `channelReadComplete`.
///
/// `ByteToMessageHandler` calls `decode` again with the whole unconsumed buffer after each
/// read, so the decoder keeps how far it has already searched (`searched`, counted from the
/// buffer's reader index): the search for a line's end (or a header block's end) goes on where
/// the previous read left it, each byte is looked at once, and a message costs time linear in
/// its size however it is split. A line growing past the limit is refused as soon as it does,
/// before its end arrives. A framing error is thrown (`FramingError`), as NIO's decoders do:
/// `ByteToMessageHandler` passes it on as `errorCaught`, after the messages before it, and
/// drops everything after it. When the client closes its sending side, `decodeLast` makes a
/// last line without a newline a message too.
///
/// A class, so that tests can read `bytesSearched` while the handler owns the decoder.
final class FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    private let choice: FramingChoice
    private let maxMessageBytes: Int
    /// Body length of the header-framed message being read, once its header block is parsed.
    private var bodyLength: Int?
    /// Readable bytes already searched for the end of the current line or header block.
    private var searched = 0
    /// Bytes searched for line or header ends so far (each byte counts once): for tests.
    private(set) var bytesSearched = 0
    /// A header block longer than this is not LSP framing.
    static let maxHeaderBytes = 8192

    init(maxMessageBytes: Int, choice: FramingChoice) {
        self.maxMessageBytes = maxMessageBytes
        self.choice = choice
    }

    /// The framing chosen so far (nil before the first byte).
    var framing: Framing? { choice.framing }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws(FramingError) -> DecodingState {
        guard let first = buffer.readableBytesView.first else { return .needMoreData }
        let framing: Framing
        if let chosen = choice.framing {
            framing = chosen
        } else {
            framing = first == UInt8(ascii: "C") || first == UInt8(ascii: "c") ? .headers : .lines
            choice.framing = framing
        }
        // Every complete message in the buffer is passed on in this one call (so it never
        // returns `.continue`): a round through `ByteToMessageHandler` per message costs more
        // than finding a short one.
        while true {
            let state =
                switch framing {
                case .lines: try decodeLine(context: context, buffer: &buffer)
                case .headers: try decodeWithHeaders(context: context, buffer: &buffer)
                }
            if state == .needMoreData { return .needMoreData }
        }
    }

    /// At the end of the input (`seenEOF`), what is left of a line-framed stream is its last
    /// message; an unfinished header-framed message is dropped.
    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws(FramingError) -> DecodingState {
        _ = try decode(context: context, buffer: &buffer)
        guard seenEOF, choice.framing == .lines, buffer.readableBytes > 0 else { return .needMoreData }
        var line = buffer.readSlice(length: buffer.readableBytes)!
        searched = 0
        try take(&line, context: context)
        return .needMoreData
    }

    /// The error for a message of `size` bytes, or of more than the limit when its size is not
    /// known yet.
    private func tooLarge(_ size: Int?) -> FramingError {
        let what = size.map { "message of \($0) bytes" } ?? "message"
        return FramingError(
            error: RPCError(
                .messageTooLarge, "\(what) exceeds the limit of \(maxMessageBytes) bytes", data: ["limit": .int(maxMessageBytes)]))
    }

    /// A header block that is not LSP framing.
    private func badFraming(_ message: String) -> FramingError {
        FramingError(error: RPCError(.badFraming, message))
    }

    /// The offset of the first `byte` in the readable bytes at or after `searched`, which
    /// moves past what was searched.
    private func search(for byte: UInt8, in buffer: ByteBuffer) -> Int? {
        let from = searched
        let found: Int? = buffer.withUnsafeReadableBytes { raw in
            let count = raw.count - from
            guard count > 0, let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + from, CInt(byte), count) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
        let end = found.map { $0 + 1 } ?? buffer.readableBytes
        bytesSearched += end - from
        searched = end
        return found
    }

    /// One JSON value per line; blank lines are skipped; a trailing `\r` is dropped.
    private func decodeLine(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws(FramingError) -> DecodingState {
        // White space between messages (blank lines above all) goes in one pass over its
        // bytes: a stream of nothing but newlines costs no more than reading it.
        let blank: Int = buffer.withUnsafeReadableBytes { raw in
            var count = 0
            while count < raw.count, raw[count] == 0x0A || raw[count] == 0x0D || raw[count] == 0x20 || raw[count] == 0x09 {
                count += 1
            }
            return count
        }
        if blank > 0 {
            buffer.moveReaderIndex(forwardBy: blank)
            searched = max(0, searched - blank)
            if buffer.readableBytes == 0 {
                searched = 0
                return .needMoreData
            }
        }
        guard let newline = search(for: UInt8(ascii: "\n"), in: buffer) else {
            // No end yet: refuse as soon as what has come cannot fit (a line of the limit
            // plus the `\r` of a CRLF is the longest that may still end well).
            let count = buffer.readableBytes
            if count > maxMessageBytes + 1
                || (count == maxMessageBytes + 1 && buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self) != 0x0D)
            {
                throw tooLarge(nil)
            }
            return .needMoreData
        }
        searched = 0
        var line = buffer.readSlice(length: newline)!
        buffer.moveReaderIndex(forwardBy: 1)
        try take(&line, context: context)
        return .continue
    }

    /// A line without its newline: drops a trailing `\r`, passes the line on unless blank;
    /// refuses it when it is over the limit.
    private func take(_ line: inout ByteBuffer, context: ChannelHandlerContext) throws(FramingError) {
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        guard line.readableBytes <= maxMessageBytes else { throw tooLarge(line.readableBytes) }
        if line.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            context.fireChannelRead(wrapInboundOut(line))
        }
    }

    /// `Content-Length: N` headers (others ignored), a blank line, then N bytes of JSON.
    private func decodeWithHeaders(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws(FramingError) -> DecodingState {
        if bodyLength == nil {
            guard let (length, headerBytes) = try parseHeaders(buffer) else { return .needMoreData }
            guard length <= maxMessageBytes else { throw tooLarge(length) }
            buffer.moveReaderIndex(forwardBy: headerBytes)
            bodyLength = length
        }
        guard let length = bodyLength, buffer.readableBytes >= length else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: length)!))
        bodyLength = nil
        return .continue
    }

    /// Looks for the end of the header block (resuming where the last search stopped) and,
    /// once it is there, returns its `Content-Length` and its size; nil until then.
    private func parseHeaders(_ buffer: ByteBuffer) throws(FramingError) -> (length: Int, headerBytes: Int)? {
        let view = buffer.readableBytesView
        let limit = min(view.count, Self.maxHeaderBytes)
        var end: Int?
        // Go on where the last read stopped, a blank line's length back.
        let resume = view.startIndex + max(0, searched - 3)
        var i = resume
        while i + 1 < view.startIndex + limit {
            if view[i] == 0x0A, view[i + 1] == 0x0A {
                end = i + 2
                break
            }
            if i + 3 < view.startIndex + limit, view[i] == 0x0D, view[i + 1] == 0x0A, view[i + 2] == 0x0D,
                view[i + 3] == 0x0A
            {
                end = i + 4
                break
            }
            i += 1
        }
        bytesSearched += i - resume
        searched = end == nil ? i - view.startIndex : 0
        guard let end else {
            if view.count >= Self.maxHeaderBytes {
                throw badFraming("header block longer than \(Self.maxHeaderBytes) bytes without a blank line")
            }
            return nil
        }
        let text = String(decoding: view[view.startIndex..<end], as: UTF8.self)
        var length: Int?
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw badFraming("malformed header line (no colon)")
            }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            guard name == "content-length" else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            guard let parsed = Int(value), parsed >= 0, value.allSatisfy(\.isASCII) else {
                throw badFraming("Content-Length is not a non-negative integer")
            }
            length = parsed
        }
        guard let length else { throw badFraming("missing Content-Length header") }
        return (length, end - view.startIndex)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
