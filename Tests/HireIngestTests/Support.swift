import Foundation
import HireIngest
import Testing

/// Every record of `reader`.
func readAll(_ reader: CSVReader) throws -> [CSVRecord] {
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// Every record of CSV text held in memory.
func records(_ text: String) throws -> [CSVRecord] { try readAll(CSVReader(string: text)) }

/// Every record of raw bytes held in memory.
func records(bytes: [UInt8]) throws -> [CSVRecord] { try readAll(CSVReader(bytes: bytes)) }

/// A file in a fresh temporary directory, removed by `body`'s end.
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hire-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("input.csv").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return try body(path)
}

/// The records of `bytes` read from a file in chunks of `chunkSize` bytes.
func fileRecords(_ bytes: [UInt8], chunkSize: Int, maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes) throws
    -> [CSVRecord]
{
    try withTemporaryFile(bytes) { path in
        try readAll(CSVReader(path: path, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes))
    }
}

/// The board generator (`gen_mtb.py`) and a Python to run it, when both are present:
/// `$HIRED_GEN_MTB`, then the repository's `bench/`, then `../shared/bench/` beside it.
enum Generator {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let script: String? = {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["HIRED_GEN_MTB"] { candidates.append(path) }
        candidates.append(repositoryRoot.appendingPathComponent("bench/gen_mtb.py").path)
        candidates.append(repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_mtb.py").path)
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }()

    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { script != nil && python != nil }

    /// Runs the generator; returns its standard output and standard error.
    static func run(_ arguments: [String]) throws -> (output: [UInt8], errors: String) {
        let python = try #require(python)
        let script = try #require(script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hire-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files, not pipes: the generator's output would fill a pipe nobody drains yet.
        let outputURL = directory.appendingPathComponent("out")
        let errorURL = directory.appendingPathComponent("err")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        let errorText = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        try #require(process.terminationStatus == 0, "gen_mtb.py failed: \(errorText)")
        return ([UInt8](try Data(contentsOf: outputURL)), errorText)
    }
}
