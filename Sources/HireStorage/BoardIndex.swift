import CHireVFS
import Foundation
import HireCore
import HireCrypto

/// The board's exact-match index: a small column store of the 20 board columns (and the
/// extras, so that an import can tell an unchanged row without reading it). Rows are held in
/// board order (ascending seq); for each column, a dictionary of its distinct values (their
/// UTF-8 bytes back to back, a count of rows per value) and, per row, the code of its value,
/// one, two or four bytes wide as the number of distinct values needs.
///
/// Filters scan the codes of the columns they name; drop-downs read the counts. The vault
/// keeps a copy on disk (``VaultStore`` writes it after each import), one part per column, so
/// that after a restart only the parts a call needs are read. See docs/architecture.md.
struct BoardIndex: Sendable {
    /// The board's 20 columns, then the extras' JSON (empty when a row has none).
    static let columns = BoardColumn.allCases.count + 1
    static let extrasColumn = BoardColumn.allCases.count

    /// Every row's seq, ascending (a row's position is its place here).
    var seqs = SeqList()
    /// Per column (not optional: reading one in place must not copy its arrays), and
    /// whether it is in memory (false while that part has not been read from the vault).
    var cols: [Column] = Array(repeating: Column(), count: columns)
    var loaded: [Bool] = Array(repeating: true, count: columns)
    /// Per row, the hash of the file record an import last stored it from (0: none, the row
    /// was edited or imported otherwise since); see ``KnownRows``. Empty while not read from
    /// the vault.
    var recordHashes: [UInt64] = []
    var recordHashesLoaded: Bool { recordHashes.count == seqs.count }
    /// The drop-downs' heads as last written to disk, per column; dropped on a change to its column.
    var heads: [Head?] = Array(repeating: nil, count: columns)
    /// The snapshot's JobIDs in board order (see ``JobIdList``), once read; dropped on any change.
    var jobIdList: JobIdList?
    /// Whether the index is exactly its snapshot on disk and that snapshot has a JobID list,
    /// as far as known: only then may the list be read for it.
    var jobIdListReadable = false
    /// Each JobID's position, by its code (-1: none); built when an import first looks one up.
    private var jobPositions: [Int32] = []
    /// Per column, its codes in the order of their values (as SQLite's BINARY sorts them)
    /// and each code's place in that order; made for the first sorted page, dropped on a change
    /// to its column.
    private var orders: [Int: (sorted: [Int], rank: [UInt32])] = [:]

    /// A column (other than the JobID and the job's identity, whose text the store reads from
    /// here) with more distinct values than this keeps a hash per value instead of its text
    /// (``ValueDictionary/dropText()``): the near-unique free-text columns of a large board.
    var textLimit: Int

    init(textLimit: Int) { self.textLimit = textLimit }

    /// Counts changes to the rows: work done outside the index's lock (reading text for it)
    /// checks that none came meanwhile.
    private(set) var changes = 0

    var count: Int { seqs.count }
    var isComplete: Bool { recordHashesLoaded && loaded.allSatisfy { $0 } }

    /// Frees what an import needed and a filter rarely does: large hash tables, JobID positions.
    mutating func trim() {
        for column in 0..<Self.columns where loaded[column] { cols[column].values.dropLargeTable() }
        jobPositions = []
    }

    struct Column: Sendable {
        var values = ValueDictionary()
        var codes = Codes()
    }

    /// A column's most frequent values (as many as a drop-down may ask for) and how many
    /// distinct values it has, as the vault keeps them for a cold start.
    struct Head: Sendable {
        var entries: [(value: String, count: Int)]
        var distinct: Int
    }

    // MARK: - Rows

    /// Appends a row (its seq above every other) from its values' bytes.
    mutating func append(seq: Int64, recordHash: UInt64 = 0, _ value: (Int) -> UnsafeRawBufferPointer) throws {
        try append(seqs: [seq], recordHashes: [recordHash], newJobIds: false) { _, column in value(column) }
    }

    /// Appends rows with these seqs (ascending, each above every other) and record hashes,
    /// from their values' bytes, a column at a time: a large column's hash-table probes then
    /// follow one another without the other columns' work between them, and the processor
    /// overlaps their cache misses. `newJobIds` says their JobIDs are known to be new (an
    /// import into an empty board), so they are not looked up.
    mutating func append(
        seqs newSeqs: [Int64], recordHashes newHashes: [UInt64], newJobIds: Bool,
        _ value: (_ row: Int, _ column: Int) -> UnsafeRawBufferPointer
    ) throws {
        for column in 0..<Self.columns {
            // Taken out, so that the loop does not check the array's uniqueness at each row.
            var col = cols[column]
            cols[column] = Column()
            defer { cols[column] = col }
            // A large table's lookups have the slot of the value `ahead` rows on fetched while
            // they probe (its hash is kept until then, and made again if the column's hashing
            // changed meanwhile, when it dropped its text).
            let ahead = 8
            let fetchAhead = !(column == 0 && newJobIds) && col.values.isLarge && newSeqs.count > ahead
            var hashes = [UInt64](repeating: 0, count: fetchAhead ? ahead : 0)
            var hashedWithText = col.values.hasText
            if fetchAhead {
                for row in 0..<ahead { hashes[row] = col.values.hash(value(row, column)) }
            }
            for row in newSeqs.indices {
                let raw = value(row, column)
                let code: Int
                if column == 0 && newJobIds {
                    code = try col.values.appendNew(raw)
                } else if fetchAhead {
                    if hashedWithText != col.values.hasText {
                        hashedWithText = col.values.hasText
                        for next in row..<min(row + ahead, newSeqs.count) { hashes[next % ahead] = col.values.hash(value(next, column)) }
                    }
                    let hash = hashes[row % ahead]
                    if row + ahead < newSeqs.count {
                        let later = col.values.hash(value(row + ahead, column))
                        hashes[row % ahead] = later
                        col.values.prefetch(hash: later)
                    }
                    code = try Self.code(column, raw, hash: hash, in: &col.values, textLimit: textLimit)
                } else {
                    code = try Self.code(column, raw, in: &col.values, textLimit: textLimit)
                }
                col.values.counts[code] += 1
                col.codes.append(code)
                if column == 0, !jobPositions.isEmpty {
                    while jobPositions.count <= code { jobPositions.append(-1) }
                    jobPositions[code] = Int32(seqs.count + row)
                }
            }
        }
        for seq in newSeqs { seqs.append(seq) }
        recordHashes.append(contentsOf: newHashes)
        changed()
    }

    /// Makes the row with this seq hold these values, adding it where its seq belongs.
    mutating func put(seq: Int64, _ value: (Int) -> UnsafeRawBufferPointer) throws {
        if let position = position(seq: seq) { return try set(position: position, value) }
        if seqs.last.map({ $0 < seq }) ?? true { return try append(seq: seq, value) }
        let position = seqs.firstIndex { $0 > seq }!
        for column in 0..<Self.columns {
            let code = try code(column, value(column))
            cols[column].values.counts[code] += 1
            cols[column].codes.insert(code, at: position)
        }
        seqs.insert(seq, at: position)
        recordHashes.insert(0, at: position)
        jobPositions = []
        changed()
    }

    /// Gives the row at `position` new values, from a file record with this hash (0: not from a file).
    mutating func set(position: Int, recordHash: UInt64 = 0, _ value: (Int) -> UnsafeRawBufferPointer) throws {
        recordHashes[position] = recordHash
        for column in 0..<Self.columns {
            let old = cols[column].codes[position]
            if cols[column].values.matches(old, value(column)) { continue }
            let code = try code(column, value(column))
            cols[column].values.counts[old] -= 1
            cols[column].values.counts[code] += 1
            cols[column].codes[position] = code
            changed(column: column)
        }
    }

    /// A value's code in a column, added when new; the column drops its text once it has more
    /// than ``textLimit`` values, if it may.
    private mutating func code(_ column: Int, _ raw: UnsafeRawBufferPointer) throws -> Int {
        try Self.code(column, raw, in: &cols[column].values, textLimit: textLimit)
    }

    private static func code(
        _ column: Int, _ raw: UnsafeRawBufferPointer, hash: UInt64? = nil, in values: inout ValueDictionary, textLimit: Int
    ) throws -> Int {
        let code = try values.code(of: raw, hash: hash ?? values.hash(raw))
        if code >= textLimit, values.hasText, mayDropText(column) { values.dropText() }
        return code
    }

    /// Whether a column's text may be dropped: not the JobID's nor the job's identity's (the
    /// store names rows and compares identities from them).
    static func mayDropText(_ column: Int) -> Bool { column != 0 && !StoredJob.identityColumns.contains(column) }

    /// Removes the rows at these positions (ascending).
    mutating func remove(positions: [Int]) {
        guard !positions.isEmpty else { return }
        for column in 0..<Self.columns {
            for position in positions { cols[column].values.counts[cols[column].codes[position]] -= 1 }
            cols[column].codes.remove(positions)
        }
        seqs.remove(positions: positions)
        recordHashes = Self.removing(positions, from: recordHashes)
        jobPositions = []
        changed()
    }

    /// `array` without the elements at `positions` (ascending).
    static func removing<Element>(_ positions: [Int], from array: [Element]) -> [Element] {
        var kept: [Element] = []
        kept.reserveCapacity(array.count - positions.count)
        var next = 0
        for (position, element) in array.enumerated() {
            if next < positions.count, positions[next] == position { next += 1 } else { kept.append(element) }
        }
        return kept
    }

    /// Forgets what a change to the rows makes stale.
    /// Notes a change to every column's values, or to one column's only (what was made from
    /// another column's values stays: a re-import that changed only Notes keeps every other
    /// drop-down and sort order).
    private mutating func changed(column: Int? = nil) {
        changes &+= 1
        jobIdList = nil
        jobIdListReadable = false
        if !derivedKeys.isEmpty { derivedKeys = [:] }
        if let column {
            heads[column] = nil
            orders[column] = nil
            return
        }
        // Most changes come in a stream of rows (an import): only the first clears anything.
        guard !orders.isEmpty || heads.contains(where: { $0 != nil }) else { return }
        heads = Array(repeating: nil, count: Self.columns)
        orders = [:]
    }

    func position(seq: Int64) -> Int? {
        var low = 0
        var high = seqs.count
        while low < high {
            let mid = (low + high) / 2
            if seqs[mid] < seq { low = mid + 1 } else { high = mid }
        }
        return low < seqs.count && seqs[low] == seq ? low : nil
    }

    /// The position of the row with this JobID.
    mutating func position(jobId: UnsafeRawBufferPointer) -> Int? {
        guard let code = cols[0].values.find(jobId), cols[0].values.counts[code] > 0 else { return nil }
        if jobPositions.isEmpty { makeJobPositions() }
        return code < jobPositions.count && jobPositions[code] >= 0 ? Int(jobPositions[code]) : nil
    }

    private mutating func makeJobPositions() {
        jobPositions = Array(repeating: -1, count: cols[0].values.count)
        let codes = cols[0].codes
        for position in 0..<codes.count { jobPositions[codes[position]] = Int32(position) }
    }

    /// What tells the file records this index holds unchanged (see ``KnownRows``), for a
    /// reading thread: a copy of the JobID column, its positions and the record hashes, which
    /// this index's later changes do not touch (they copy on write).
    mutating func knownRows() -> KnownRows {
        if jobPositions.isEmpty { makeJobPositions() }
        let jobIds = cols[0].values.readyForLookups(), codes = cols[0].codes, positions = jobPositions, hashes = recordHashes
        @Sendable func locate(_ jobId: UnsafeRawBufferPointer) -> Int? {
            guard let code = jobIds.lookup(jobId), code < positions.count, positions[code] >= 0 else { return nil }
            return Int(positions[code])
        }
        return KnownRows(
            count: count,
            find: { jobId, recordHash in locate(jobId).flatMap { hashes[$0] == recordHash ? $0 : nil } },
            locate: locate,
            holds: { position, jobId, recordHash in hashes[position] == recordHash && jobIds.matches(codes[position], jobId) })
    }

    /// Whether the row at `position` holds exactly these values.
    func rowEquals(position: Int, _ value: (Int) -> UnsafeRawBufferPointer) -> Bool {
        (0..<Self.columns).allSatisfy { cols[$0].values.matches(cols[$0].codes[position], value($0)) }
    }

    func value(column: Int, position: Int) -> String {
        cols[column].values.string(cols[column].codes[position])
    }

    // MARK: - Filters and drop-downs

    /// The positions of the rows passing every filter (column → accepted values), ascending.
    /// The columns named must be loaded.
    mutating func matching(_ filters: [(column: Int, values: [String])]) -> [Int] {
        guard !filters.isEmpty else { return Array(seqs.indices) }
        // Each filter as the set of codes it accepts; the rarest first.
        var wanted: [(column: Int, accepts: [Bool], rows: Int)] = []
        for filter in filters {
            var accepts = Array(repeating: false, count: cols[filter.column].values.count)
            var rows = 0
            for value in filter.values {
                var text = value
                guard let code = text.withUTF8({ cols[filter.column].values.find(UnsafeRawBufferPointer($0)) }), !accepts[code]
                else { continue }
                accepts[code] = true
                rows += Int(cols[filter.column].values.counts[code])
            }
            if rows == 0 { return [] }
            wanted.append((filter.column, accepts, rows))
        }
        wanted.sort { $0.rows < $1.rows }
        var positions = cols[wanted[0].column].codes.positions(accepting: wanted[0].accepts, expected: wanted[0].rows)
        for filter in wanted.dropFirst() {
            let codes = cols[filter.column].codes
            positions = positions.filter { filter.accepts[codes[$0]] }
            if positions.isEmpty { break }
        }
        return positions
    }

    /// A column's distinct values in use with their counts, most frequent first (then by
    /// value), at most `limit` of them (all with nil), and how many there are. The column
    /// must have its text (see ``headCandidates(column:limit:)`` for one without).
    func head(column: Int, limit: Int?, where keep: (Int) -> Bool = { _ in true }) -> Head {
        let values = cols[column].values
        let live = liveCodes(column: column, where: keep)
        let chosen = Self.ranked(live, limit: limit, count: { values.counts[$0] }, precedes: values.precedes)
        return Head(entries: chosen.map { (values.string($0), Int(values.counts[$0])) }, distinct: live.count)
    }

    /// The codes of a column's values in use (held by a row, not empty) that `keep` accepts.
    func liveCodes(column: Int, where keep: (Int) -> Bool = { _ in true }) -> [Int] {
        let values = cols[column].values
        var live: [Int] = []
        for code in 0..<values.count where values.counts[code] > 0 && !values.isEmpty(code) && keep(code) { live.append(code) }
        return live
    }

    /// For a column without its text: the values in use that a head of `limit` may hold (those
    /// held at least as often as the limit-th most frequent, whose order the text decides),
    /// and how many values are in use.
    func headCandidates(column: Int, limit: Int) -> (codes: [Int], distinct: Int) {
        let counts = cols[column].values.counts
        let live = liveCodes(column: column)
        guard limit < live.count, limit > 0 else { return (limit > 0 ? live : [], live.count) }
        // The limit-th largest count, from how many values each count has (one pass).
        var histogram = [Int](repeating: 0, count: 1 << 16)
        var large: [UInt32] = []
        for code in live {
            let count = counts[code]
            if count < 1 << 16 { histogram[Int(count)] += 1 } else { large.append(count) }
        }
        var least: UInt32
        if large.count >= limit {
            large.sort(by: >)
            least = large[limit - 1]
        } else {
            var seen = large.count
            least = (1 << 16) - 1
            while least > 1 {
                seen += histogram[Int(least)]
                if seen >= limit { break }
                least -= 1
            }
        }
        return (live.filter { counts[$0] >= least }, live.count)
    }

    /// Items most counted first, then in `precedes` order, at most `limit` (all with nil).
    static func ranked(_ items: [Int], limit: Int?, count: (Int) -> UInt32, precedes: (Int, Int) -> Bool) -> [Int] {
        let before: (Int, Int) -> Bool = { a, b in count(a) != count(b) ? count(a) > count(b) : precedes(a, b) }
        if let limit, limit < items.count { return smallest(limit, of: items, by: before) }
        return items.sorted(by: before)
    }

    /// The `k` first elements of `items` in `order`, sorted, without sorting them all.
    static func smallest(_ k: Int, of items: [Int], by order: (Int, Int) -> Bool) -> [Int] {
        guard k > 0 else { return [] }
        // A max-heap of the k best so far: its root is the worst of them.
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var worst = i
                if l < heap.count, order(heap[worst], heap[l]) { worst = l }
                if r < heap.count, order(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst)
                i = worst
            }
        }
        for item in items {
            if heap.count < k {
                heap.append(item)
                var i = heap.count - 1
                while i > 0, order(heap[(i - 1) / 2], heap[i]) {
                    heap.swapAt(i, (i - 1) / 2)
                    i = (i - 1) / 2
                }
            } else if order(item, heap[0]) {
                heap[0] = item
                siftDown(0)
            }
        }
        return heap.sorted(by: order)
    }

    // MARK: - Sorted pages

    /// The first `limit` of these positions in the order of a column's values (descending when
    /// asked; ties by seq), after a cursor (the last page's value and seq). The column must be
    /// loaded. Nil for a column without its text when its order was not set (``setOrder``), or
    /// the cursor's row no longer holds the cursor's value.
    mutating func page(
        _ positions: [Int], column: Int, descending: Bool, after cursor: (value: String, seq: Int64)?, limit: Int
    ) -> [Int]? {
        let values = cols[column].values
        if orders[column] == nil {
            guard values.hasText else { return nil }
            setOrder(column: column, sorted: (0..<values.count).sorted { values.precedes($0, $1) })
        }
        let (sorted, rank) = orders[column]!
        let codes = cols[column].codes
        // A row's key: its value's rank, doubled so that a cursor's value the column no longer
        // holds falls between two ranks (odd).
        var bound: (key: Double, seq: Int64)?
        if let cursor {
            var text = cursor.value
            let key: Int? = text.withUTF8 { raw in
                let raw = UnsafeRawBufferPointer(raw)
                guard values.hasText else {
                    // Without the text, the cursor's row says where its value is.
                    guard let position = position(seq: cursor.seq), values.matches(codes[position], raw) else { return nil }
                    return 2 * Int(rank[codes[position]])
                }
                // The first code whose value is not below the cursor's.
                var low = 0
                var high = sorted.count
                while low < high {
                    let mid = (low + high) / 2
                    if values.precedes(sorted[mid], raw: raw) { low = mid + 1 } else { high = mid }
                }
                return low < sorted.count && values.matches(sorted[low], raw) ? 2 * low : 2 * low - 1
            }
            guard let key else { return nil }
            bound = (Double(key), cursor.seq)
        }
        return page(positions, key: { Double(2 * Int(rank[codes[$0]])) }, descending: descending, after: bound, limit: limit)
    }

    /// Whether ``page(_:column:descending:after:limit:)`` can sort by a column without more:
    /// it has its text, or its order was set.
    func canSort(column: Int) -> Bool { cols[column].values.hasText || orders[column] != nil }

    /// Sets the order of a column's values: every code, first to last (for a column without its
    /// text, from the text read elsewhere); dropped on a change to the column.
    mutating func setOrder(column: Int, sorted: [Int]) {
        var rank = Array(repeating: UInt32(0), count: sorted.count)
        for (place, code) in sorted.enumerated() { rank[code] = UInt32(place) }
        orders[column] = (sorted, rank)
    }

    /// The first `limit` of these positions by a key (descending when asked; ties by seq),
    /// after a cursor's key and seq.
    func page(
        _ positions: [Int], key: (Int) -> Double, descending: Bool, after cursor: (key: Double, seq: Int64)?, limit: Int
    ) -> [Int] {
        var candidates = positions
        if let cursor {
            candidates = positions.filter { position in
                let k = key(position)
                return k == cursor.key ? seqs[position] > cursor.seq : (descending ? k < cursor.key : k > cursor.key)
            }
        }
        return Self.smallest(limit, of: candidates) { a, b in
            let ka = key(a)
            let kb = key(b)
            return ka != kb ? (descending ? ka > kb : ka < kb) : seqs[a] < seqs[b]
        }
    }

    /// For each code of a column in use, the seq of one row holding it (-1: none).
    func representatives(column: Int) -> [Int64] {
        var out = Array(repeating: Int64(-1), count: cols[column].values.count)
        let codes = cols[column].codes
        for position in 0..<codes.count where out[codes[position]] < 0 { out[codes[position]] = seqs[position] }
        return out
    }

    /// Sort keys per code, by name, that the caller computed from a column (salaries from
    /// Salary, dates from Received); dropped on any change.
    var derivedKeys: [String: [Double]] = [:]

    /// How many head entries the vault keeps per column: the most a drop-down may ask for.
    static let headSize = 1000
}

/// A column's distinct values: their bytes back to back, where each starts, how many rows
/// hold each; a value's code is its place here. The hash table that finds a value's code is
/// built on the first lookup (a filter on a loaded part, an import), not kept on disk.
///
/// A large dictionary may drop its text (``dropText()``): it then keeps, per value, a 64-bit
/// keyed hash (``ShortHash``, under a random key of its own) instead of the bytes. Values are
/// still found, counted and compared (by hash: two values agree by chance one time in 2^64),
/// but not shown or sorted: their text is read from the job table when that is asked for.
struct ValueDictionary: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var offsets: [UInt32] = [0]
    var counts: [UInt32] = []
    /// Finds a value's code; empty until needed.
    private var slots = SlotTable()
    /// Without text: each value's keyed hash, and the key (empty while the text is kept).
    private(set) var hashes: [UInt64] = []
    private(set) var hashKey: [UInt8] = []
    /// Without text: the hash of the empty value.
    private var emptyHash: UInt64 = 0

    var count: Int { counts.count }
    var hasText: Bool { hashKey.isEmpty }

    init() {}

    init(bytes: [UInt8], offsets: [UInt32], counts: [UInt32]) {
        self.bytes = bytes
        self.offsets = offsets
        self.counts = counts
    }

    /// A dictionary without text, from its part on disk.
    init(hashes: [UInt64], key: [UInt8], counts: [UInt32]) {
        precondition(key.count == ShortHash.keyBytes && hashes.count == counts.count)
        self.hashes = hashes
        self.hashKey = key
        self.counts = counts
        emptyHash = keyedHash(UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Keeps a hash per value instead of its bytes, under a new random key.
    mutating func dropText() {
        guard hasText else { return }
        let key = ShortHash.randomKey()
        var hashes: [UInt64] = []
        hashes.reserveCapacity(count + count / 4)
        key.withUnsafeBytes { key in
            for code in 0..<count { hashes.append(withValue(code) { ShortHash.hash($0, key: key) }) }
        }
        self.hashes = hashes
        hashKey = key
        emptyHash = keyedHash(UnsafeRawBufferPointer(start: nil, count: 0))
        bytes = []
        offsets = [0]
        slots = SlotTable()
    }

    private func keyedHash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        hashKey.withUnsafeBytes { ShortHash.hash(raw, key: $0) }
    }

    /// Calls `body` with a value's bytes (the dictionary must have its text).
    func withValue<T>(_ code: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        precondition(hasText, "the text of this column is not kept in memory")
        return try bytes.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[Int(offsets[code])..<Int(offsets[code + 1])])) }
    }

    func isEmpty(_ code: Int) -> Bool { hasText ? offsets[code] == offsets[code + 1] : hashes[code] == emptyHash }

    func string(_ code: Int) -> String {
        withValue(code) { String(decoding: $0, as: UTF8.self) }
    }

    func matches(_ code: Int, _ raw: UnsafeRawBufferPointer) -> Bool {
        guard hasText else { return hashes[code] == keyedHash(raw) }
        let start = Int(offsets[code])
        let count = raw.count
        guard Int(offsets[code + 1]) - start == count else { return false }
        guard count > 0 else { return true }
        return bytes.withUnsafeBytes { all in
            let a = all.baseAddress! + start
            let b = raw.baseAddress!
            // Most board values are short: compared in place, not through a call to memcmp.
            if count <= 8 {
                for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
                return true
            }
            if count <= 16 {
                return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                    && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            }
            return memcmp(a, b, count) == 0
        }
    }

    /// Whether a value starts with `prefix` in any case (`prefix` lowercased; its bytes given).
    func hasPrefix(_ code: Int, lowercased prefix: String, bytes wanted: [UInt8]) -> Bool {
        withValue(code) { Self.hasPrefix($0, lowercased: prefix, bytes: wanted) }
    }

    /// Whether text starts with `prefix` in any case. ASCII is compared byte by byte; anything
    /// else as lowercased text.
    static func hasPrefix(_ raw: UnsafeRawBufferPointer, lowercased prefix: String, bytes wanted: [UInt8]) -> Bool {
        let ascii = (0..<min(raw.count, wanted.count)).allSatisfy { raw[$0] < 0x80 } && wanted.allSatisfy { $0 < 0x80 }
        guard ascii else { return String(decoding: raw, as: UTF8.self).lowercased().hasPrefix(prefix) }
        guard raw.count >= wanted.count else { return false }
        return wanted.indices.allSatisfy { i in
            let byte = raw[i]
            return (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == wanted[i]
        }
    }

    /// Whether value `a` sorts before value `b` (by their bytes, as SQLite's BINARY does).
    func precedes(_ a: Int, _ b: Int) -> Bool {
        withValue(a) { a in withValue(b) { b in Self.precedes(a, b) } }
    }

    /// Whether a value sorts before these bytes.
    func precedes(_ code: Int, raw: UnsafeRawBufferPointer) -> Bool {
        withValue(code) { Self.precedes($0, raw) }
    }

    static func precedes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
        return order != 0 ? order < 0 : a.count < b.count
    }

    /// The code of a value, nil when the column has never held it.
    mutating func find(_ raw: UnsafeRawBufferPointer) -> Int? {
        if slots.isEmpty { rehash() }
        return probe(raw, hash: hash(raw)).id
    }

    /// This dictionary with its hash table built, for ``lookup(_:)``.
    mutating func readyForLookups() -> ValueDictionary {
        if slots.isEmpty { rehash() }
        return self
    }

    /// ``find(_:)`` without building the table: on a dictionary made by ``readyForLookups()``.
    func lookup(_ raw: UnsafeRawBufferPointer) -> Int? { slots.isEmpty ? nil : probe(raw, hash: hash(raw)).id }

    /// The code of a value, added (with no rows yet) when new.
    mutating func code(of raw: UnsafeRawBufferPointer) throws -> Int {
        try code(of: raw, hash: hash(raw))
    }

    /// ``code(of:)`` of a value whose ``hash(_:)`` is known.
    mutating func code(of raw: UnsafeRawBufferPointer, hash: UInt64) throws -> Int {
        if slots.isEmpty || (count + 1) * 4 > slots.size * 3 { rehash() }
        let (slot, found) = probe(raw, hash: hash)
        if let found { return found }
        let code = try add(raw, hash: hash)
        slots.insert(id: code, hash: hash, at: slot)
        return code
    }

    /// Adds a value; without text, `hash` is its keyed hash (``hash(_:)``).
    private mutating func add(_ raw: UnsafeRawBufferPointer, hash: UInt64? = nil) throws -> Int {
        if !hasText {
            guard count < Int(UInt32.max) - 1 else { throw StorageError.database("the board is too large to index") }
            hashes.appendGrowingByQuarters(hash ?? keyedHash(raw))
            counts.appendGrowingByQuarters(0)
            return count - 1
        }
        guard bytes.count + raw.count <= Int(UInt32.max) else { throw StorageError.database("the board is too large to index") }
        bytes.appendGrowingByQuarters(raw.bindMemory(to: UInt8.self))
        offsets.appendGrowingByQuarters(UInt32(bytes.count))
        counts.appendGrowingByQuarters(0)
        return count - 1
    }

    /// What the table spreads a value by: its bytes' hash, or without text its keyed hash.
    func hash(_ raw: UnsafeRawBufferPointer) -> UInt64 { hasText ? ByteHash.hash(raw) : keyedHash(raw) }

    /// Whether the table is past what the processor's caches keep near: a lookup's first slot
    /// is then a wait on memory unless it was asked for ahead (``prefetch(hash:)``).
    var isLarge: Bool { slots.size > 1 << 15 }

    /// Has the processor start loading the slot where a lookup of a value with this hash begins.
    func prefetch(hash: UInt64) { slots.withFirstSlot(hash: hash) { hire_prefetch($0) } }

    /// The value's code if the table has it, else the empty slot where it would go.
    private func probe(_ raw: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, id: Int?) {
        if !hasText { return slots.probe(hash: hash) { hashes[$0] == hash } }
        return slots.probe(hash: hash) { matches($0, raw) }
    }

    /// Adds a value known to be new, without a lookup (the hash table is rebuilt when next needed).
    mutating func appendNew(_ raw: UnsafeRawBufferPointer) throws -> Int {
        if !slots.isEmpty { slots = SlotTable() }
        return try add(raw)
    }

    /// Frees the hash table of a large dictionary (rebuilt when a lookup next needs it).
    mutating func dropLargeTable() {
        if count > 65536 { slots = SlotTable() }
    }

    /// Makes the table anew, at most half full: the slots' tags keep the longer runs of a fuller
    /// table cheap (a run's slots share cache lines; its keys are rarely looked at), so it
    /// grows only past three quarters (a million JobIDs take 8 MB of slots, not 16).
    private mutating func rehash() {
        var size = 16
        while size < (count + 1) * 2 { size *= 2 }
        slots = SlotTable(size: size, count: count) { code in hasText ? withValue(code) { ByteHash.hash($0) } : hashes[code] }
    }
}

/// One code per row, each one, two or four bytes wide: as narrow as the column's number of
/// distinct values allows (a million rows of a 5-value column are a megabyte).
struct Codes: Sendable {
    private(set) var width = 1
    private(set) var storage: [UInt8] = []

    init() {}

    init(width: Int, storage: [UInt8]) {
        self.width = width
        self.storage = storage
    }

    /// One-byte codes from ``packed(bits:)``.
    init(packed: [UInt8], bits: Int, count: Int) {
        precondition((1...8).contains(bits) && packed.count == Self.packedSize(count: count, bits: bits))
        let mask = UInt64(1) << bits - 1
        storage = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            packed.withUnsafeBytes { input in
                // Eight codes are `bits` bytes: read as one word (its upper bytes, the next
                // group's, are shifted out) and written as one word, while eight bytes remain
                // (a first filter after a restart unpacks three million codes).
                var position = 0
                var offset = 0
                let shift = UInt64(bits)
                while position &+ 8 <= count, offset &+ 8 <= input.count {
                    let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                    var eight: UInt64 = 0
                    for index in 0..<UInt64(8) { eight |= (word &>> (index &* shift) & mask) &<< (index &* 8) }
                    UnsafeMutableRawPointer(out.baseAddress! + position).storeBytes(of: eight.littleEndian, as: UInt64.self)
                    position &+= 8
                    offset &+= bits
                }
                while position < count {
                    let bit = position * bits
                    var word = UInt64(input[bit / 8])
                    if bit / 8 + 1 < input.count { word |= UInt64(input[bit / 8 + 1]) << 8 }
                    out[position] = UInt8(truncatingIfNeeded: word >> (bit % 8) & mask)
                    position += 1
                }
            }
            initialized = count
        }
    }

    /// One-byte codes below `1 << bits`, `bits` bits each, the first in the lowest bits of the
    /// first byte (at 4 bits: two to a byte, the first in the low half).
    func packed(bits: Int) -> [UInt8] {
        precondition(width == 1 && (1...8).contains(bits))
        var out = [UInt8](repeating: 0, count: Self.packedSize(count: count, bits: bits))
        for position in 0..<count {
            let bit = position * bits
            let code = Int(storage[position]) << (bit % 8)
            out[bit / 8] |= UInt8(truncatingIfNeeded: code)
            if code > 0xFF { out[bit / 8 + 1] |= UInt8(truncatingIfNeeded: code >> 8) }
        }
        return out
    }

    static func packedSize(count: Int, bits: Int) -> Int { (count * bits + 7) / 8 }

    /// The bits a code below `distinct` needs (at least 1).
    static func bits(distinct: Int) -> Int { max(1, Int.bitWidth - max(distinct - 1, 0).leadingZeroBitCount) }

    var count: Int { storage.count / width }

    subscript(position: Int) -> Int {
        get {
            switch width {
            case 1: return Int(storage[position])
            case 2: return storage.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: position * 2, as: UInt16.self)) }
            default: return storage.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self)) }
            }
        }
        set {
            widen(for: newValue)
            switch width {
            case 1: storage[position] = UInt8(newValue)
            case 2: storage.withUnsafeMutableBytes { $0.storeBytes(of: UInt16(newValue), toByteOffset: position * 2, as: UInt16.self) }
            default: storage.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(newValue), toByteOffset: position * 4, as: UInt32.self) }
            }
        }
    }

    /// The largest code (0 when there are none).
    var largest: Int {
        storage.withUnsafeBytes { raw in
            switch width {
            case 1: return Int(raw.max() ?? 0)
            case 2: return Int(raw.bindMemory(to: UInt16.self).max() ?? 0)
            default: return Int(raw.bindMemory(to: UInt32.self).max() ?? 0)
            }
        }
    }

    mutating func append(_ code: Int) {
        widen(for: code)
        switch width {
        case 1: storage.append(UInt8(code))
        case 2: withUnsafeBytes(of: UInt16(code).littleEndian) { storage.append(contentsOf: $0) }
        default: withUnsafeBytes(of: UInt32(code).littleEndian) { storage.append(contentsOf: $0) }
        }
    }

    mutating func insert(_ code: Int, at position: Int) {
        widen(for: code)
        var bytes = UInt32(code).littleEndian
        withUnsafeBytes(of: &bytes) { storage.insert(contentsOf: $0.prefix(width), at: position * width) }
    }

    private mutating func widen(for code: Int) {
        let needed = code < 256 ? 1 : code < 65536 ? 2 : 4
        guard needed > width else { return }
        let old = self
        width = needed
        storage = []
        storage.reserveCapacity(old.count * needed)
        for position in 0..<old.count { append(old[position]) }
    }

    /// The positions whose code `accepts` says yes to, ascending; `expected` is how many
    /// there should be (the accepted values' counts), for the result's capacity.
    func positions(accepting accepts: [Bool], expected: Int) -> [Int] {
        let rows = count
        if width == 1, expected <= rows, let found = onePassPositions(accepting: accepts, capacity: max(expected, 0)) { return found }
        var out: [Int] = []
        out.reserveCapacity(min(max(expected, 0), rows))
        storage.withUnsafeBytes { raw in
            switch width {
            case 1:
                for (position, code) in raw.enumerated() where accepts[Int(code)] { out.append(position) }
            case 2:
                for position in 0..<rows where accepts[Int(raw.loadUnaligned(fromByteOffset: position * 2, as: UInt16.self))] {
                    out.append(position)
                }
            default:
                for position in 0..<rows where accepts[Int(raw.loadUnaligned(fromByteOffset: position * 4, as: UInt32.self))] {
                    out.append(position)
                }
            }
        }
        return out
    }

    /// One-byte codes scanned without a branch per row: each position is written at the end
    /// of the result and kept only when its code is accepted. Nil when more than `capacity`
    /// match (the counts were not what the codes say), for the plain scan to answer.
    private func onePassPositions(accepting accepts: [Bool], capacity: Int) -> [Int]? {
        var table = [UInt8](repeating: 0, count: 256)
        for (code, yes) in accepts.enumerated() where yes && code < 256 { table[code] = 1 }
        var overflowed = false
        let found = [Int](unsafeUninitializedCapacity: capacity + 1) { out, initialized in
            var n = 0
            storage.withUnsafeBufferPointer { codes in
                table.withUnsafeBufferPointer { table in
                    for position in 0..<codes.count {
                        out[n] = position
                        n &+= Int(table[Int(codes[position])])
                        if n > capacity {
                            overflowed = true
                            n = capacity
                            break
                        }
                    }
                }
            }
            initialized = n
        }
        return overflowed ? nil : found
    }

    /// Removes the codes at these positions (ascending).
    mutating func remove(_ positions: [Int]) {
        var kept: [UInt8] = []
        kept.reserveCapacity(storage.count - positions.count * width)
        var start = 0
        for position in positions {
            kept.append(contentsOf: storage[start * width..<position * width])
            start = position + 1
        }
        kept.append(contentsOf: storage[start * width..<storage.count])
        storage = kept
    }
}

extension Array {
    /// Appends, growing a full array by a quarter rather than doubling it: the dictionaries of
    /// a large board's near-unique columns hold tens of megabytes, and doubling one costs its
    /// size three times over while it is copied (old and new), then leaves up to half unused.
    mutating func appendGrowingByQuarters(_ element: Element) {
        if count == capacity, count >= 1 << 16 { reserveCapacity(count + count / 4) }
        append(element)
    }

    mutating func appendGrowingByQuarters(_ elements: UnsafeBufferPointer<Element>) {
        if count + elements.count > capacity, count >= 1 << 16 { reserveCapacity(Swift.max(count + elements.count, count + count / 4)) }
        append(contentsOf: elements)
    }
}

/// The rows' seqs in board order, ascending. A board imported into an empty vault holds the
/// consecutive seqs first..<first + count: those are kept as that range, without an array
/// (8 MB at a million rows, written after each restart); any other change spells them out.
struct SeqList: RandomAccessCollection, Sendable {
    private var first: Int64 = 0
    private var runLength = 0
    /// Every seq, once they are not one run.
    private var each: [Int64]?

    init() {}

    /// The seqs start..<start + count.
    init(run start: Int64, count: Int) {
        first = start
        runLength = count
    }

    init(_ seqs: [Int64]) { each = seqs }

    var startIndex: Int { 0 }
    var endIndex: Int { each?.count ?? runLength }

    subscript(position: Int) -> Int64 {
        if let each { return each[position] }
        precondition(position >= 0 && position < runLength, "seq position out of range")
        return first + Int64(position)
    }

    mutating func append(_ seq: Int64) {
        if each == nil {
            if runLength == 0 { first = seq }
            if seq == first + Int64(runLength) {
                runLength += 1
                return
            }
            spellOut()
        }
        each!.append(seq)
    }

    mutating func insert(_ seq: Int64, at position: Int) {
        spellOut()
        each!.insert(seq, at: position)
    }

    /// Removes the seqs at these positions (ascending).
    mutating func remove(positions: [Int]) {
        spellOut()
        each = BoardIndex.removing(positions, from: each!)
    }

    private mutating func spellOut() {
        if each == nil { each = (0..<runLength).map { first + Int64($0) } }
    }
}
