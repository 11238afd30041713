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
    private var failed = false
    private let maxMessageBytes: Int
    /// A header block longer than this is not LSP framing.
    static let maxHeaderBytes = 8192

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var incoming = unwrapInboundIn(data)
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        decode()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !pending.isEmpty {
            let frames = pending
            pending.removeAll(keepingCapacity: true)
            context.fireChannelRead(wrapInboundOut(frames))
        }
        if let buffer, buffer.readableBytes == 0 {
            self.buffer = nil
        } else if buffer != nil {
            buffer!.discardReadBytes()
        }
        context.fireChannelReadComplete()
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

    private func tooLarge(_ size: Int) {
        fail(
            RPCError(
                .messageTooLarge, "message of \(size) bytes exceeds the limit of \(maxMessageBytes) bytes",
                data: ["limit": .int(maxMessageBytes)]))
    }

    /// One JSON value per line; blank lines are skipped; a trailing `\r` is dropped.
    private func decodeLine() -> Bool {
        let view = buffer!.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > maxMessageBytes { tooLarge(view.count) }
            return false
        }
        var length = newline - view.startIndex
        guard length <= maxMessageBytes + 1 else {
            tooLarge(length)
            return false
        }
        var line = buffer!.readSlice(length: length)!
        buffer!.moveReaderIndex(forwardBy: 1)
        if length > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            length -= 1
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        guard length <= maxMessageBytes else {
            tooLarge(length)
            return false
        }
        if line.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
            pending.append(.message(line))
        }
        return true
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
        var i = view.startIndex
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
