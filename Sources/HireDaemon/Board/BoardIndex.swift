import HireCore
import HireRPC

/// The board's exact-match index, in memory, for one vault: for each column, value → the
/// jobs (by seq, ascending) that have it. Filters intersect these lists; drop-downs read
/// their lengths. Built from the vault on first use, kept up to date as jobs change.
///
/// JobIDs are unique, so that column has no lists (a million one-element arrays would be
/// most of the index's memory): a JobID filter scans the id array instead.
final class BoardIndex: @unchecked Sendable {
    // Guarded by the BoardService's lock; never touched concurrently.
    private var postings: [[String: [Int64]]]
    /// All seqs ascending, and the jobId of each (same positions).
    private var seqs: [Int64] = []
    private var jobIds: [String] = []
    /// Drop-down lists per column, sorted by count; rebuilt after a change.
    private var sortedValues: [Int: [(value: String, count: Int)]] = [:]

    init() {
        postings = Array(repeating: [:], count: BoardColumn.allCases.count)
    }

    var count: Int { seqs.count }

    /// Adds a job (seqs only grow, so appends keep the lists sorted; an update that keeps
    /// its seq is a remove then an add).
    func add(seq: Int64, values: [String]) {
        let position = insertionPoint(seq)
        seqs.insert(seq, at: position)
        jobIds.insert(values[0], at: position)
        for (column, value) in values.enumerated() where column != 0 {
            var list = postings[column][value, default: []]
            list.insert(seq, at: Self.insertionPoint(seq, in: list))
            postings[column][value] = list
        }
        sortedValues = [:]
    }

    func remove(seq: Int64, values: [String]) {
        let position = insertionPoint(seq)
        if position < seqs.count, seqs[position] == seq {
            seqs.remove(at: position)
            jobIds.remove(at: position)
        }
        for (column, value) in values.enumerated() where column != 0 {
            guard var list = postings[column][value] else { continue }
            let at = Self.insertionPoint(seq, in: list)
            if at < list.count, list[at] == seq { list.remove(at: at) }
            postings[column][value] = list.isEmpty ? nil : list
        }
        sortedValues = [:]
    }

    /// Appends a job during a build (seqs arrive ascending).
    func append(seq: Int64, values: [String]) {
        seqs.append(seq)
        jobIds.append(values[0])
        for (column, value) in values.enumerated() where column != 0 { postings[column][value, default: []].append(seq) }
    }

    /// The seqs of jobs passing every filter (column index → accepted values), ascending.
    func matching(_ filters: [(column: Int, values: [String])]) -> [Int64] {
        guard !filters.isEmpty else { return seqs }
        var lists = filters.map { filter -> [Int64] in
            if filter.column == 0 {
                let wanted = Set(filter.values)
                return seqs.indices.compactMap { wanted.contains(jobIds[$0]) ? seqs[$0] : nil }
            }
            let parts = Set(filter.values).compactMap { postings[filter.column][$0] }
            return parts.count == 1 ? parts[0] : Self.union(parts)
        }
        lists.sort { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() {
            if result.isEmpty { break }
            result = Self.intersect(result, list)
        }
        return result
    }

    func jobId(seq: Int64) -> String? {
        let position = insertionPoint(seq)
        return position < seqs.count && seqs[position] == seq ? jobIds[position] : nil
    }

    /// Distinct non-empty values of a column with counts, most frequent first.
    func values(column: Int) -> [(value: String, count: Int)] {
        if let cached = sortedValues[column] { return cached }
        if column == 0 {
            let list = jobIds.filter { !$0.isEmpty }.sorted().map { (value: $0, count: 1) }
            sortedValues[column] = list
            return list
        }
        let list = postings[column].compactMap { $0.key.isEmpty ? nil : (value: $0.key, count: $0.value.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        sortedValues[column] = list
        return list
    }

    private func insertionPoint(_ seq: Int64) -> Int { Self.insertionPoint(seq, in: seqs) }

    static func insertionPoint(_ seq: Int64, in list: [Int64]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < seq { low = mid + 1 } else { high = mid }
        }
        return low
    }

    static func intersect(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        var out: [Int64] = []
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                out.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }

    static func union(_ lists: [[Int64]]) -> [Int64] {
        Array(Set(lists.joined())).sorted()
    }
}
