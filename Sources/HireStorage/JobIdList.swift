import Foundation
import HireCore

/// The JobIDs of a board index snapshot's rows in board order, compressed. Boards number their
/// jobs ("J-000101", "REQ-2024-0042"), and in board order neighbours share most of their bytes:
/// - a JobID whose trailing number is 1 to 15 past the one before, all else equal, is that
///   step, in one byte (`0xF0 | step`);
/// - any other is stored as how many leading bytes it shares with the one before and the bytes
///   that follow (a full value at the start of every block of ``blockSize`` rows), the two
///   lengths in one byte when they are small.
///
/// A million generated JobIDs take about 1.2 MB here (3 MB with prefixes alone) against 21 MB
/// in the JobID column's part.
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
                } else if let step = Self.step(from: previous, to: value) {
                    bytes.append(0xF0 | step)
                    previous = value
                    continue
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

    /// Set on the row count on disk: the list may hold steps, which a build that reads only
    /// prefixes must refuse (it reads the job table instead) rather than misread.
    static let stepsFlag: UInt64 = 1 << 63

    init(decoding reader: inout PartReader, rows: Int) throws {
        guard Int(try reader.u64() & ~Self.stepsFlag) == rows else { throw reader.damaged }
        let blocks = (rows + Self.blockSize - 1) / Self.blockSize
        blockStarts = try reader.array(blocks)
        bytes = try reader.array(Int(try reader.u64()))
        self.rows = rows
        guard blockStarts.allSatisfy({ Int($0) <= bytes.count }) else { throw reader.damaged }
    }

    func encode(id: UInt64) -> Data {
        var out = PartWriter(id: id)
        out.put(UInt64(rows) | Self.stepsFlag)
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
                value.removeAll(keepingCapacity: true)
            }
            while at < position {
                guard cursor < bytes.count else { return nil }
                if bytes[cursor] > 0xF0 {
                    guard Self.add(Int(bytes[cursor] & 0x0F), to: &value) else { return nil }
                    cursor += 1
                } else {
                    guard let (shared, length) = Self.lengths(bytes, &cursor), shared <= value.count, length <= bytes.count - cursor
                    else { return nil }
                    value.removeSubrange(shared...)
                    value.append(contentsOf: bytes[cursor..<cursor + length])
                    cursor += length
                }
                at += 1
            }
            out.append(String(decoding: value, as: UTF8.self))
        }
        return out
    }

    /// How far `value`'s trailing number is past `previous`'s (1...15) when they are otherwise
    /// the same, with as many digits: "J-000199" to "J-000200" is 1, "J-99" to "J-100" is none.
    static func step(from previous: UnsafeBufferPointer<UInt8>, to value: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard previous.count == value.count else { return nil }
        var first = 0
        while first < value.count, previous[first] == value[first] { first += 1 }
        // From the first byte that differs to the end: digits in both, at most 18 of them.
        guard first < value.count, value.count - first <= 18 else { return nil }
        var old: UInt64 = 0
        var new: UInt64 = 0
        for index in first..<value.count {
            guard isDigit(previous[index]), isDigit(value[index]) else { return nil }
            old = old * 10 + UInt64(previous[index] - 0x30)
            new = new * 10 + UInt64(value[index] - 0x30)
        }
        guard new > old, new - old <= 15 else { return nil }
        return UInt8(new - old)
    }

    /// Adds `step` to the number that ends `value`, keeping its digits; false when it has no
    /// trailing number or the sum needs another digit (a damaged list).
    private static func add(_ step: Int, to value: inout [UInt8]) -> Bool {
        var carry = step
        var index = value.count - 1
        while carry > 0 {
            guard index >= 0, isDigit(value[index]) else { return false }
            let sum = Int(value[index] - 0x30) + carry
            value[index] = UInt8(0x30 + sum % 10)
            carry = sum / 10
            index -= 1
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

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
