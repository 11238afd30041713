import Foundation
import HireCore

/// The JobIDs of a board index snapshot's rows in board order, prefix-compressed: each one is
/// stored as how many leading bytes it shares with the one before and the bytes that follow
/// (a full value at the start of every block of ``blockSize`` rows), the two lengths in one
/// byte when they are small. Boards number their jobs
/// ("J-000101", "REQ-2024-0042"), and in board order neighbours share most of their bytes: a
/// million generated JobIDs take about 3 MB here against 21 MB in the JobID column's part.
///
/// After a restart it names the rows a filter matched without reading a row of the job table
/// per match (2,288 matches cost 20–40 ms of page reads) or the whole JobID column.
struct JobIdList: Sendable {
    static let blockSize = 64

    let rows: Int
    /// Where each block starts in `bytes`.
    private let blockStarts: [UInt32]
    private let bytes: [UInt8]

    /// The list of an index's JobID column, in board order.
    init(_ column: BoardIndex.Column, rows: Int) {
        var bytes: [UInt8] = []
        var blockStarts: [UInt32] = []
        blockStarts.reserveCapacity(rows / Self.blockSize + 1)
        let values = column.values
        values.bytes.withUnsafeBufferPointer { all in
            var previous = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            for position in 0..<rows {
                let code = column.codes[position]
                let value = UnsafeBufferPointer(rebasing: all[Int(values.offsets[code])..<Int(values.offsets[code + 1])])
                var shared = 0
                if position % Self.blockSize == 0 {
                    blockStarts.append(UInt32(bytes.count))
                } else {
                    let most = min(previous.count, value.count)
                    while shared < most, previous[shared] == value[shared] { shared += 1 }
                }
                Self.putLengths(shared: shared, suffix: value.count - shared, into: &bytes)
                bytes.append(contentsOf: value[shared...])
                previous = value
            }
        }
        self.rows = rows
        self.blockStarts = blockStarts
        self.bytes = bytes
    }

    /// Whether it averages at most 4 bytes a row: a list of random JobIDs (UUIDs) would cost
    /// more to read than the job table's rows a filter names.
    var isCompact: Bool { bytes.count + blockStarts.count * 4 <= 4 * max(rows, 1) }

    init(decoding reader: inout PartReader, rows: Int) throws {
        guard Int(try reader.u64()) == rows else { throw reader.damaged }
        let blocks = (rows + Self.blockSize - 1) / Self.blockSize
        blockStarts = try reader.array(blocks)
        bytes = try reader.array(Int(try reader.u64()))
        self.rows = rows
        guard blockStarts.allSatisfy({ Int($0) <= bytes.count }) else { throw reader.damaged }
    }

    func encode(id: UInt64) -> Data {
        var out = PartWriter(id: id)
        out.put(UInt64(rows))
        out.put(array: blockStarts)
        out.put(UInt64(bytes.count))
        out.put(array: bytes)
        return out.data
    }

    /// The JobIDs at these positions (ascending); nil when the list does not decode.
    func ids(at positions: [Int]) -> [String]? {
        var out: [String] = []
        out.reserveCapacity(positions.count)
        var value: [UInt8] = []
        var at = -1  // the position `value` holds
        var cursor = 0
        for position in positions {
            guard position >= 0, position < rows else { return nil }
            if at < 0 || position / Self.blockSize != at / Self.blockSize || position < at {
                at = position - position % Self.blockSize - 1
                cursor = Int(blockStarts[position / Self.blockSize])
            }
            while at < position {
                guard let (shared, length) = Self.lengths(bytes, &cursor), shared <= value.count, length <= bytes.count - cursor
                else { return nil }
                value.removeSubrange(shared...)
                value.append(contentsOf: bytes[cursor..<cursor + length])
                cursor += length
                at += 1
            }
            out.append(String(decoding: value, as: UTF8.self))
        }
        return out
    }

    /// A row's two lengths: one byte (shared in the high half, 0-14; suffix in the low half)
    /// when they are small, as for numbered JobIDs; else 0xF0 and two varints.
    private static func putLengths(shared: Int, suffix: Int, into bytes: inout [UInt8]) {
        if shared <= 14, suffix <= 15 {
            bytes.append(UInt8(shared << 4 | suffix))
        } else {
            bytes.append(0xF0)
            Varint.append(UInt64(shared), to: &bytes)
            Varint.append(UInt64(suffix), to: &bytes)
        }
    }

    private static func lengths(_ bytes: [UInt8], _ cursor: inout Int) -> (shared: Int, suffix: Int)? {
        guard cursor < bytes.count else { return nil }
        let first = bytes[cursor]
        cursor += 1
        if first < 0xF0 { return (Int(first >> 4), Int(first & 0x0F)) }
        guard let shared = Varint.read(bytes, at: &cursor).flatMap({ Int(exactly: $0) }),
            let suffix = Varint.read(bytes, at: &cursor).flatMap({ Int(exactly: $0) })
        else { return nil }
        return (shared, suffix)
    }
}
