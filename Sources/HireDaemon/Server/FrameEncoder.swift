import NIOCore

/// Frames replies the way the connection's requests are framed: a `Content-Length` header
/// block before each reply on a header-framed connection, a newline after it otherwise.
///
/// A small outbound handler rather than a `MessageToByteEncoder`: `MessageToByteHandler`
/// copies every reply into a buffer of its own, which is still on its way out when the next
/// reply comes, so each reply also costs an allocation. On a release build that was 7-10% more
/// CPU per request for 50 connections with 16 pipelined pings each (2.3-2.44 µs against
/// 2.14-2.3 µs here). This handler appends the newline to the reply's own buffer (which
/// usually has room for it) and writes a header block as a buffer of its own before the body.
///
/// An empty write is a barrier (see `Connection.closeAfterWrites`), not a message: it is passed
/// on as it is, so its promise completes after every write before it.
final class FrameEncoder: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let choice: FramingChoice

    init(choice: FramingChoice) {
        self.choice = choice
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var body = unwrapOutboundIn(data)
        guard body.readableBytes > 0 else {
            context.write(data, promise: promise)
            return
        }
        switch choice.framing {
        case .headers:
            var header = context.channel.allocator.buffer(capacity: 32)
            header.writeString("Content-Length: \(body.readableBytes)\r\n\r\n")
            context.write(wrapOutboundOut(header), promise: nil)
            context.write(wrapOutboundOut(body), promise: promise)
        case .lines, nil:
            body.writeInteger(UInt8(ascii: "\n"))
            context.write(wrapOutboundOut(body), promise: promise)
        }
    }
}
