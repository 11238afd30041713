import Glibc
import HireRPC
import NIOCore

/// One framed message, or the framing error that ends the connection.
enum Frame: Sendable {
    case message(ByteBuffer)
    /// Answered with this error (id null); then the connection is closed.
    case fatal(RPCError)
}

/// Splits the byte stream into messages and frames replies the same way.
///
/// The framing is chosen from the first byte of a connection: `C` or `c` means LSP-style
/// `Content-Length:` headers; anything else means one JSON value per line. Messages decoded
/// from one read burst are delivered together at `channelReadComplete`, so the connection can
/// answer a pipelined burst with one flush.
///
/// Each byte is looked at once: the search for a line's end (or a header block's end) goes on
/// where the previous read left it, so a message costs time linear in its size however it is
/// split, and one growing past the limit is refused as soon as it does, before its end arrives.
/// When the client closes its sending side, a last line without a newline is still a message.
final class FramingHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = [Frame]
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Mode { case undecided, lines, headers }

    private(set) var mode = Mode.undecided
    private var buffer: ByteBuffer?
    private var pending: [Frame] = []
    private var bodyLength: Int?
    /// Readable bytes already searched for the end of the current line or header block.
    private var searched = 0
    private var failed = false
    private let maxMessageBytes: Int
    /// Bytes searched for line or header ends so far (each byte counts once): for tests.
    private(set) var bytesSearched = 0
    /// A header block longer than this is not LSP framing.
    static let maxHeaderBytes = 8192

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        append(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        deliver(context: context)
        if let buffer, buffer.readableBytes == 0 {
            self.buffer = nil
        } else if buffer != nil, buffer!.readerIndex > 0 {
            buffer!.discardReadBytes()
        }
        context.fireChannelReadComplete()
    }

    /// The client closed its sending side: a last line without a newline is a message too.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed = event as? ChannelEvent {
            decodeFinalLine()
            deliver(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func deliver(context: ChannelHandlerContext) {
        guard !pending.isEmpty else { return }
        let frames = pending
        pending.removeAll(keepingCapacity: true)
        context.fireChannelRead(wrapInboundOut(frames))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var body = unwrapOutboundIn(data)
        guard body.readableBytes > 0 else {
            // An empty write is a barrier (see `Connection.closeAfterWrites`), not a message.
            context.write(data, promise: promise)
            return
        }
        switch mode {
        case .headers:
            var header = context.channel.allocator.buffer(capacity: 32)
            header.writeString("Content-Length: \(body.readableBytes)\r\n\r\n")
            context.write(wrapOutboundOut(header), promise: nil)
            context.write(wrapOutboundOut(body), promise: promise)
        case .lines, .undecided:
            body.writeInteger(UInt8(ascii: "\n"))
            context.write(wrapOutboundOut(body), promise: promise)
        }
    }

    // MARK: - Decoding

    /// Decodes one read as `channelRead` does and returns the frames it completed: for tests.
    func frames(from bytes: ByteBuffer) -> [Frame] {
        append(bytes)
        defer { pending.removeAll() }
        return pending
    }

    /// Adds one read to the buffer and decodes what it completes.
    private func append(_ bytes: ByteBuffer) {
        guard !failed else { return }
        var incoming = bytes
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        decode()
    }

    private func decode() {
        while !failed, let readable = buffer?.readableBytes, readable > 0 {
            if mode == .undecided {
                let first = buffer!.readableBytesView.first!
                mode = first == UInt8(ascii: "C") || first == UInt8(ascii: "c") ? .headers : .lines
            }
            let progressed = mode == .lines ? decodeLine() : decodeWithHeaders()
            if !progressed { return }
        }
    }

    private func fail(_ error: RPCError) {
        failed = true
        buffer = nil
        pending.append(.fatal(error))
    }

    /// Refuses a message of `size` bytes, or of more than the limit when its size is not known yet.
    private func tooLarge(_ size: Int?) {
        let what = size.map { "message of \($0) bytes" } ?? "message"
        fail(
            RPCError(
                .messageTooLarge, "\(what) exceeds the limit of \(maxMessageBytes) bytes",
                data: ["limit": .int(maxMessageBytes)]))
    }

    /// The offset of the first `byte` in the readable bytes at or after `searched`, which
    /// moves past what was searched.
    private func search(for byte: UInt8) -> Int? {
        let found: Int? = buffer!.withUnsafeReadableBytes { raw in
            let count = raw.count - searched
            guard count > 0, let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + searched, CInt(byte), count) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
        let end = found.map { $0 + 1 } ?? buffer!.readableBytes
        bytesSearched += end - searched
        searched = end
        return found
    }

    /// One JSON value per line; blank lines are skipped; a trailing `\r` is dropped.
    private func decodeLine() -> Bool {
        // White space between messages (blank lines above all) goes in one pass over its
        // bytes: a stream of nothing but newlines costs no more than reading it.
        let blank: Int = buffer!.withUnsafeReadableBytes { raw in
            var count = 0
            while count < raw.count, raw[count] == 0x0A || raw[count] == 0x0D || raw[count] == 0x20 || raw[count] == 0x09 {
                count += 1
            }
            return count
        }
        if blank > 0 {
            buffer!.moveReaderIndex(forwardBy: blank)
            searched = max(0, searched - blank)
            if buffer!.readableBytes == 0 {
                buffer = nil
                searched = 0
                return false
            }
        }
        guard let newline = search(for: UInt8(ascii: "\n")) else {
            // No end yet: refuse as soon as what has come cannot fit (a line of the limit
            // plus the `\r` of a CRLF is the longest that may still end well).
            let count = buffer!.readableBytes
            if count > maxMessageBytes + 1
                || (count == maxMessageBytes + 1 && buffer!.getInteger(at: buffer!.writerIndex - 1, as: UInt8.self) != 0x0D)
            {
                tooLarge(nil)
            }
            return false
        }
        searched = 0
        var line = buffer!.readSlice(length: newline)!
        buffer!.moveReaderIndex(forwardBy: 1)
        return take(&line)
    }

    /// A line without its newline: dropped `\r`, checked size, kept unless blank.
    private func take(_ line: inout ByteBuffer) -> Bool {
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        guard line.readableBytes <= maxMessageBytes else {
            tooLarge(line.readableBytes)
            return false
        }
        if line.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            pending.append(.message(line))
        }
        return true
    }

    /// At the end of the input, what is left of a line-framed stream is its last message.
    private func decodeFinalLine() {
        guard !failed, mode == .lines, var line = buffer, line.readableBytes > 0 else { return }
        buffer = nil
        searched = 0
        _ = take(&line)
    }

    /// `Content-Length: N` headers (others ignored), a blank line, then N bytes of JSON.
    private func decodeWithHeaders() -> Bool {
        if bodyLength == nil {
            guard let (length, headerBytes) = parseHeaders() else { return false }
            guard length <= maxMessageBytes else {
                tooLarge(length)
                return false
            }
            buffer!.moveReaderIndex(forwardBy: headerBytes)
            bodyLength = length
        }
        guard let length = bodyLength, buffer!.readableBytes >= length else { return false }
        pending.append(.message(buffer!.readSlice(length: length)!))
        bodyLength = nil
        return true
    }

    /// The content length and the size of the header block, once the block is complete.
    private func parseHeaders() -> (Int, Int)? {
        let view = buffer!.readableBytesView
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
                fail(RPCError(.badFraming, "header block longer than \(Self.maxHeaderBytes) bytes without a blank line"))
            }
            return nil
        }
        let text = String(decoding: view[view.startIndex..<end], as: UTF8.self)
        var length: Int?
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                fail(RPCError(.badFraming, "malformed header line (no colon)"))
                return nil
            }
            let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            guard name == "content-length" else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            guard let parsed = Int(value), parsed >= 0, value.allSatisfy(\.isASCII) else {
                fail(RPCError(.badFraming, "Content-Length is not a non-negative integer"))
                return nil
            }
            length = parsed
        }
        guard let length else {
            fail(RPCError(.badFraming, "missing Content-Length header"))
            return nil
        }
        return (length, end - view.startIndex)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
