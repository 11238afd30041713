import Foundation
import HireClient
import HireCore
import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// Files named in params: no request reads or writes the daemon's own files, whatever the
/// path; special files are refused before they are read; exports replace files only when
/// asked and never write into the data dir; originals come back whole and verified.
@Suite struct FileAccessTests {
    /// The error code and message of a call that must fail.
    static func refusal(_ body: () async throws -> Void) async -> (code: RPCErrorCode, message: String)? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return (error.code, error.message)
        } catch {
            return nil
        }
    }

    /// Runs `body` and fails when it takes longer than `seconds` (a read of /dev/zero or a
    /// FIFO used to hang for good).
    static func quickly<T: Sendable>(_ seconds: Double = 20, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                Issue.record("the call did not end within \(seconds) s")
                throw CancellationError()
            }
            return value
        }
    }

    /// The vault file of the one user of a data dir.
    static func vaultFile(_ dataDir: String) throws -> String {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dataDir + "/vault").first { $0.hasSuffix(".db") })
        return dataDir + "/vault/" + name
    }

    /// The checksum as coreutils' `sha256sum` makes it: an implementation other than the
    /// daemon's, so the reply's `sha256` is checked against the tool people compare with.
    static func sha256(_ data: Data) throws -> String {
        let file = try makeTemporaryDirectory("sh") + "/f"
        defer { try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent) }
        try data.write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output.prefix(64), as: UTF8.self)
    }

    @Test func exportsNeverWriteTheDaemonsFiles() async throws {
        let directory = try makeTemporaryDirectory("fa")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let user = try await withTestDaemon(directory: directory) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "exporter")
                _ = try await login(client, user)
                _ = try await client.call(MTB.Import.self, .init(csv: [header, row("J-1")].joined(separator: "\n")))
                let filter = try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])]))
                _ = try await client.call(Resumes.Add.self, .init(text: "Swift engineer in Austin", filename: "a.txt"))
                let data = daemon.dataDir
                let vault = try Self.vaultFile(data)
                let protected = [data + "/machine.key", data + "/system.db", vault]
                let before = protected.map { FileManager.default.contents(atPath: $0) }
                // A link to the data dir, and a link to the key, from outside.
                symlink(data, directory + "/to-data")
                symlink(data + "/machine.key", directory + "/to-key")
                let targets = protected + [
                    directory + "/to-data/machine.key", directory + "/to-data/vault/../system.db", data + "/vault/../machine.key",
                    directory + "/to-key", data + "/exported.csv", data,
                ]
                for target in targets {
                    for overwrite in [false, true] {
                        let refused = await Self.refusal { _ = try await client.call(Jobs.Export.self, .init(path: target, overwrite: overwrite)) }
                        #expect(refused?.code == .invalidParams, "jobs.export to \(target)")
                    }
                }
                let matchRefused = await Self.refusal {
                    let run = try await client.call(Match.Run.self, .init())
                    _ = try await client.call(Match.Export.self, .init(runId: run.runId, path: data + "/machine.key", overwrite: true))
                }
                #expect(matchRefused?.code == .invalidParams)
                for dir in [data, data + "/blobs", directory + "/to-data/exports"] {
                    let refused = await Self.refusal { _ = try await client.call(History.Export.self, .init(runIds: [try #require(filter.runId)], dir: dir, overwrite: true)) }
                    #expect(refused?.code == .invalidParams, "history.export into \(dir)")
                }
                #expect(protected.map { FileManager.default.contents(atPath: $0) } == before)
                #expect(!FileManager.default.fileExists(atPath: data + "/exported.csv"))
                #expect(!FileManager.default.fileExists(atPath: data + "/exports"))
                return user
            }
        }
        // The daemon starts again on its data and the account still opens.
        try await withTestDaemon(directory: directory) { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                _ = try await login(client, user)
                #expect(try await client.call(Jobs.List.self, .init()).total == 1)
            }
        }
    }

    @Test func readsRefuseTheDaemonsFilesAndSpecialFilesAtOnce() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: [header, row("J-1")].joined(separator: "\n")))
            let data = daemon.dataDir
            symlink(data, daemon.directory + "/to-data")
            let fifo = daemon.directory + "/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let folder = daemon.directory + "/folder.csv"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            // A second name for the key, made outside the data dir.
            #expect(link(data + "/machine.key", daemon.directory + "/key-link") == 0)
            let own = [
                data + "/machine.key", data + "/system.db", try Self.vaultFile(data), daemon.directory + "/to-data/machine.key",
                data + "/vault/../machine.key", data, daemon.directory + "/key-link",
            ]
            // The kernel's files look regular (size 0) but read on and on, or change as read.
            let kernel = ["/proc/self/pagemap", "/proc/self/status", "/sys/kernel/mm/transparent_hugepage/enabled"]
                .filter { FileManager.default.isReadableFile(atPath: $0) }
            for path in own + ["/dev/zero", fifo, folder] + kernel {
                let calls: [(String, @Sendable () async throws -> Void)] = [
                    ("resumes.add", { _ = try await client.call(Resumes.Add.self, .init(path: path)) }),
                    ("mtb.import", { _ = try await client.call(MTB.Import.self, .init(path: path)) }),
                    ("jobs.import", { _ = try await client.call(Jobs.Import.self, .init(path: path)) }),
                    ("jobs.attachDescription", { _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "J-1", path: path)) }),
                ]
                for (name, call) in calls {
                    let refused = try await Self.quickly { await Self.refusal(call).map { [$0.code.rawValue: $0.message] } }
                    #expect(refused?[RPCErrorCode.invalidParams.rawValue]?.contains(path) == true, "\(name) of \(path): \(String(describing: refused))")
                }
            }
            #expect(try await client.call(Resumes.List.self, .init()).resumes.isEmpty)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).description == nil)
        }
    }

    @Test func filesOverTheLimitOfTheirKindAreRefusedBeforeReading() async throws {
        var limits = Limits()
        limits.maxDocumentFileBytes = 1000
        limits.maxBoardFileBytes = 2000
        try await withRecruiter(limits: limits) { client, daemon in
            let resume = daemon.directory + "/big.txt"
            try Data(repeating: UInt8(ascii: "a"), count: 1001).write(to: URL(fileURLWithPath: resume))
            let refused = await Self.refusal { _ = try await client.call(Resumes.Add.self, .init(path: resume)) }
            #expect(refused?.code == .invalidParams && refused?.message.contains("over 1000 bytes") == true, "\(String(describing: refused))")
            let board = daemon.directory + "/big.csv"
            try ([header] + (1...100).map { row("J-\($0)") }).joined(separator: "\n").write(toFile: board, atomically: false, encoding: .utf8)
            let boardRefused = await Self.refusal { _ = try await client.call(MTB.Import.self, .init(path: board)) }
            #expect(boardRefused?.code == .invalidParams && boardRefused?.message.contains("over 2000 bytes") == true)
            #expect(try await client.call(Jobs.List.self, .init()).total == 0)
            // Within the limits, both are read.
            try Data("Ana Lopez, Swift engineer".utf8).write(to: URL(fileURLWithPath: resume))
            #expect(try await client.call(Resumes.Add.self, .init(path: resume)).resumes.count == 1)
        }
    }

    @Test func exportsReplaceAnExistingFileOnlyWhenAsked() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: [header, row("J-1")].joined(separator: "\n")))
            let target = daemon.directory + "/jobs.csv"
            try "mine".write(toFile: target, atomically: false, encoding: .utf8)
            let refused = await Self.refusal { _ = try await client.call(Jobs.Export.self, .init(path: target)) }
            #expect(refused?.code == .invalidParams && refused?.message.contains("overwrite") == true)
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "mine")
            let written = try await client.call(Jobs.Export.self, .init(path: target, overwrite: true))
            #expect(written.path == target && written.rows == 1)
            #expect(try String(contentsOfFile: target, encoding: .utf8).contains("J-1"))
            let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o777 } == 0o600)
            // A new file is created; a missing directory is an error.
            #expect(try await client.call(Jobs.Export.self, .init(path: daemon.directory + "/new.csv")).rows == 1)
            #expect(await Self.refusal { _ = try await client.call(Jobs.Export.self, .init(path: daemon.directory + "/none/x.csv")) }?.code == .invalidParams)
            // No temporary file is left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: daemon.directory).filter { $0.hasSuffix(".tmp") }.isEmpty)
        }
    }

    @Test func historyExportWithoutDirAnswersInTheReplyAndWritesNothing() async throws {
        // Ids long enough that the encrypted files never hold them by chance ("J-1", three
        // bytes, turned up in about one run of ten).
        let kept = "J-EXPORTED-7Q4W9Z", other = "J-FILTERED-OUT-3K8M"
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: [header, row(kept), row(other, state: "CA")].joined(separator: "\n")))
            let filter = try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])]))
            let runId = try #require(filter.runId)
            let result = try await client.call(History.Export.self, .init(runIds: [runId]))
            #expect(result.files.isEmpty)
            let export = try #require(result.exports?.first)
            #expect(export.runId == runId && export.filename == "run-mtb.filter-\(runId).csv")
            #expect(export.csv.hasPrefix("runId,kind,status") && export.csv.contains(kept) && !export.csv.contains(other))
            #expect(!FileManager.default.fileExists(atPath: daemon.dataDir + "/exports"))
            #expect(try filesContaining([kept], under: daemon.dataDir).isEmpty)
            // Into a directory: refused over an existing file unless asked.
            let dir = daemon.directory + "/out"
            let files = try await client.call(History.Export.self, .init(runIds: [runId], dir: dir)).files
            #expect(files == [dir + "/" + export.filename])
            #expect(try String(contentsOfFile: files[0], encoding: .utf8) == export.csv)
            #expect(await Self.refusal { _ = try await client.call(History.Export.self, .init(runIds: [runId], dir: dir)) }?.code == .invalidParams)
            #expect(try await client.call(History.Export.self, .init(runIds: [runId], dir: dir, overwrite: true)).files == files)
        }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HireIngestTests/Fixtures")

    @Test func originalsComeBackByteForByte() async throws {
        try await withRecruiter { client, daemon in
            func check(_ file: OriginalFile, _ expected: Data, name: String, type: String) throws {
                #expect(file.filename == name && file.mediaType == type && file.bytes == expected.count)
                #expect(file.contentBase64.flatMap { Data(base64Encoded: $0) } == expected)
                #expect(file.sha256 == (try Self.sha256(expected)))
            }
            // A DOCX resume, a text resume, a job description file, an imported CSV.
            let docx = try Data(contentsOf: Self.fixtures.appendingPathComponent("sample.docx"))
            let docxResume = try #require(try await client.call(Resumes.Add.self, .init(path: Self.fixtures.appendingPathComponent("sample.docx").path)).resumes.first)
            try check(try await client.call(Resumes.Original.self, .init(resumeId: docxResume.id)), docx, name: "sample.docx",
                type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            let text = "Ana López\nSenior Swift engineer, 8 years\nana@example.com\n"
            let textResume = try #require(try await client.call(Resumes.Add.self, .init(text: text, filename: "ana.txt")).resumes.first)
            try check(try await client.call(Resumes.Original.self, .init(resumeId: textResume.id)), Data(text.utf8), name: "ana.txt", type: "text/plain")
            let board = daemon.directory + "/board.csv"
            let csv = [header, row("J-1"), row("J-2")].joined(separator: "\r\n") + "\r\n"
            try csv.write(toFile: board, atomically: false, encoding: .utf8)
            let run = try #require(try await client.call(MTB.Import.self, .init(path: board)).runId)
            try check(try await client.call(History.Original.self, .init(runId: run)), Data(csv.utf8), name: "board.csv", type: "text/csv")
            let description = daemon.directory + "/jd.md"
            let markdown = "# Swift engineer\n\n- 5+ years of Swift\n- SwiftUI\n"
            try markdown.write(toFile: description, atomically: false, encoding: .utf8)
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "J-1", path: description))
            try check(try await client.call(Jobs.DescriptionOriginal.self, .init(jobId: "J-1")), Data(markdown.utf8), name: "jd.md", type: "text/markdown")
            // Written to a file instead: the same bytes, and not over an existing file unless asked.
            let saved = daemon.directory + "/saved.docx"
            let written = try await client.call(Resumes.Original.self, .init(resumeId: docxResume.id, path: saved))
            #expect(written.path == saved && written.contentBase64 == nil && written.bytes == docx.count)
            #expect(FileManager.default.contents(atPath: saved) == docx)
            #expect(await Self.refusal { _ = try await client.call(Resumes.Original.self, .init(resumeId: textResume.id, path: saved)) }?.code == .invalidParams)
            #expect(FileManager.default.contents(atPath: saved) == docx)
            _ = try await client.call(Resumes.Original.self, .init(resumeId: textResume.id, path: saved, overwrite: true))
            #expect(FileManager.default.contents(atPath: saved) == Data(text.utf8))
            #expect(await Self.refusal { _ = try await client.call(Resumes.Original.self, .init(resumeId: textResume.id, path: daemon.dataDir + "/cv.txt")) }?.code == .invalidParams)
            // What has no original says so.
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "J-2", text: "Typed description of a Swift role"))
            #expect(await errorCode { _ = try await client.call(Jobs.DescriptionOriginal.self, .init(jobId: "J-2")) } == .noOriginal)
            #expect(await errorCode { _ = try await client.call(Jobs.DescriptionOriginal.self, .init(jobId: "J-404")) } == .jobNotFound)
            let filter = try #require(try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])])).runId)
            #expect(await errorCode { _ = try await client.call(History.Original.self, .init(runId: filter)) } == .noOriginal)
            #expect(await errorCode { _ = try await client.call(Resumes.Original.self, .init(resumeId: "R-none")) } == .resumeNotFound)
        }
    }

    @Test func aDamagedOriginalIsAnErrorNeverPartialContent() async throws {
        try await withRecruiter { client, daemon in
            // Several chunks (64 KiB each), so a damaged last chunk follows good ones.
            let text = (0..<3_000).map { "line \($0) of a long resume about Swift and Kubernetes" }.joined(separator: "\n")
            let resume = try #require(try await client.call(Resumes.Add.self, .init(text: text, filename: "long.txt")).resumes.first)
            let blobs = try #require(try FileManager.default.subpathsOfDirectory(atPath: daemon.dataDir + "/blobs").first { $0.contains("/") })
            let blob = daemon.dataDir + "/blobs/" + blobs
            let intact = try #require(FileManager.default.contents(atPath: blob))
            var flipped = intact
            flipped[intact.count - 40] ^= 0x01
            try flipped.write(to: URL(fileURLWithPath: blob))
            let saved = daemon.directory + "/out.txt"
            for path in [nil, saved] {
                let refused = await Self.refusal { _ = try await client.call(Resumes.Original.self, .init(resumeId: resume.id, path: path)) }
                #expect(refused?.code == .originalDamaged && refused?.message.contains("damaged") == true, "\(String(describing: refused))")
            }
            #expect(!FileManager.default.fileExists(atPath: saved))
            #expect(try FileManager.default.contentsOfDirectory(atPath: daemon.directory).filter { $0.hasSuffix(".tmp") }.isEmpty)
            // Truncated at a chunk boundary: the final chunk is missing.
            try intact.prefix(8 + 24 + 65_536 + 17).write(to: URL(fileURLWithPath: blob))
            #expect(await errorCode { _ = try await client.call(Resumes.Original.self, .init(resumeId: resume.id)) } == .originalDamaged)
            // Put back, it reads again.
            try intact.write(to: URL(fileURLWithPath: blob))
            let file = try await client.call(Resumes.Original.self, .init(resumeId: resume.id))
            #expect(file.contentBase64.flatMap { Data(base64Encoded: $0) } == Data(text.utf8))
        }
    }
}
