import NIOCore

/// Frames replies the way the connection's requests are framed
/// (`MessageToByteHandler(FrameEncoder(...))`): a `Content-Length` header block before each
/// reply on a header-framed connection, a newline after it otherwise.
///
/// It takes the reply's bytes as built (`[UInt8]`) and writes them once, into the handler's
/// buffer, next to their framing. An empty write is a barrier (see
/// `Connection.closeAfterWrites`), not a message: it goes out as an empty buffer, so its
/// promise still completes after every write before it.
struct FrameEncoder: MessageToByteEncoder {
    typealias OutboundIn = [UInt8]

    let choice: FramingChoice

    /// What the handler's buffer shrinks back to at a flush after a larger reply, so that one
    /// large reply does not leave every later write allocating as much.
    static let keptBufferBytes = 64 << 10

    func encode(data: [UInt8], out: inout ByteBuffer) {
        guard !data.isEmpty else { return }
        switch choice.framing {
        case .headers:
            out.writeString("Content-Length: \(data.count)\r\n\r\n")
            out.writeBytes(data)
        case .lines, nil:
            out.reserveCapacity(minimumWritableBytes: data.count + 1)
            out.writeBytes(data)
            out.writeInteger(UInt8(ascii: "\n"))
        }
    }
}
