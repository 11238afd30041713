import Foundation
@testable import HireDaemon
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// A replace cannot empty the board by mistake: it needs confirmation beyond a share of the
/// board, can be tried as a dry run, and can be undone the same day; a job whose company or
/// position changes keeps its description only as stale.
@Suite struct BoardSafetyTests {
    static func board(_ ids: ClosedRange<Int>) -> String {
        ([header] + ids.map { row("J-\($0)") }).joined(separator: "\n")
    }

    /// Encrypted blob files of every user (originals: archived CSVs, descriptions).
    static func blobFiles(_ daemon: TestDaemon) throws -> Int {
        try FileManager.default.subpathsOfDirectory(atPath: daemon.dataDir + "/blobs").filter { $0.contains("/") }.count
    }

    @Test func aReplaceThatWouldEmptyTheBoardNeedsConfirmationAndChangesNothing() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...10)))
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "J-1", text: "Build the iOS app in Swift."))
            let runs = try await client.call(History.List.self, .init()).runs.count
            let blobs = try Self.blobFiles(daemon)
            // A header-only file would remove all ten jobs: refused, with the numbers.
            do {
                _ = try await client.call(MTB.Import.self, .init(csv: header + "\n", mode: .replace))
                Issue.record("a replace removing the whole board must need confirmation")
            } catch let error as RPCError {
                #expect(error.code == .replaceNeedsConfirmation)
                #expect(error.code.rawValue == 2008)
                #expect(error.data?["removed"] == .int(10))
                #expect(error.data?["boardSize"] == .int(10))
                #expect(error.message.contains("removes 10 of 10 jobs (100%)"))
            }
            // Nothing changed: the jobs, the description, the history, the archive.
            #expect(try await client.call(Jobs.List.self, .init()).total == 10)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).description == "Build the iOS app in Swift.")
            #expect(try await client.call(History.List.self, .init()).runs.count == runs)
            #expect(try Self.blobFiles(daemon) == blobs)
            // jobs.import is held to the same rule; a lower or higher threshold is the caller's.
            #expect(await errorCode { _ = try await client.call(Jobs.Import.self, .init(csv: Self.board(1...7), mode: .replace)) }
                == .replaceNeedsConfirmation)
            #expect(await errorCode {
                _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...9), mode: .replace, maxRemoveShare: 0.05))
            } == .replaceNeedsConfirmation)
            #expect(await errorCode {
                _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...9), mode: .replace, maxRemoveShare: 1.5))
            } == .invalidParams)
            // Removing one job of ten (10%) is within the default 20%.
            #expect(try await client.call(MTB.Import.self, .init(csv: Self.board(1...9), mode: .replace)).removed == 1)
            // Confirmed, the replace goes through.
            let confirmed = try await client.call(MTB.Import.self, .init(csv: header + "\n", mode: .replace, confirm: true))
            #expect(confirmed.removed == 9)
            #expect(try await client.call(Jobs.List.self, .init()).total == 0)
        }
    }

    @Test func aDryRunCountsWhatAnImportWouldDoAndWritesNothing() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...3)))
            let runs = try await client.call(History.List.self, .init()).runs.count
            let blobs = try Self.blobFiles(daemon)
            let csv = [header, row("J-1"), row("J-2", cat: "B"), row("J-4")].joined(separator: "\n")
            // No confirmation is needed to look: the counts are the real import's.
            let dry = try await client.call(MTB.Import.self, .init(csv: csv, mode: .replace, dryRun: true))
            #expect(dry.dryRun == true)
            #expect(dry.runId == nil)
            #expect((dry.rows, dry.inserted, dry.updated, dry.unchanged, dry.removed, dry.skipped) == (3, 1, 1, 1, 1, 0))
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-2")).cat == "A")
            #expect(await errorCode { _ = try await client.call(Jobs.Get.self, .init(jobId: "J-4")) } == .jobNotFound)
            #expect(try await client.call(Jobs.List.self, .init()).total == 3)
            #expect(try await client.call(History.List.self, .init()).runs.count == runs)
            #expect(try Self.blobFiles(daemon) == blobs)
            // Bad rows are counted as a real import counts them.
            let skipping = try await client.call(MTB.Import.self, .init(csv: csv + "\nJ-9,too,few", onError: .skip, dryRun: true))
            #expect((skipping.inserted, skipping.updated, skipping.skipped) == (1, 1, 1))
            #expect(await errorCode { _ = try await client.call(MTB.Import.self, .init(csv: csv + "\nJ-9,too,few", dryRun: true)) }
                == .importRejected)
            #expect(try await client.call(History.List.self, .init()).runs.count == runs)
            // The real import does what the dry run said.
            let real = try await client.call(MTB.Import.self, .init(csv: csv, mode: .replace, confirm: true))
            #expect((real.rows, real.inserted, real.updated, real.unchanged, real.removed) == (3, 1, 1, 1, 1))
            #expect(real.runId != nil && real.dryRun == nil)
        }
    }

    /// A bad row in a replacing file (skipped) keeps its job as it is: a typo in the daily file
    /// must not remove the job it names. A bad row whose JobID cannot be read removes nothing
    /// either way it is counted.
    @Test func aReplaceKeepsTheJobsOfRowsItSkipsAsBad() async throws {
        try await withRecruiter { client, _ in
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...8)))
            let before = try await client.call(Jobs.Get.self, .init(jobId: "J-2"))
            let lines = [
                header, row("J-1"),
                "J-2,a field short",  // wrong field count
                row("J-3").replacingOccurrences(of: "Acme", with: "Ac\u{FFFD}me"),
                row("J-4"), row("J-5"), row("J-6"), row("J-7"),
            ]
            var bytes = Array(lines.joined(separator: "\n").utf8)
            // J-3's row gets a byte that is not UTF-8 (its JobID is fine).
            let bad = Array("Ac\u{FFFD}me".utf8)
            if let at = (0...(bytes.count - bad.count)).first(where: { Array(bytes[$0..<$0 + bad.count]) == bad }) {
                bytes.replaceSubrange(at..<at + bad.count, with: [0x41, 0xFF, 0x63])
            }
            let file = try makeTemporaryDirectory("rk") + "/board.csv"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let replaced = try await client.call(MTB.Import.self, .init(path: file, mode: .replace, onError: .skip))
            #expect(replaced.skipped == 2)
            #expect(replaced.errors.map(\.line) == [3, 4])
            // Only J-8, which the file lacks, goes.
            #expect(replaced.removed == 1)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-2")) == before)
            _ = try await client.call(Jobs.Get.self, .init(jobId: "J-3"))
            #expect(await errorCode { _ = try await client.call(Jobs.Get.self, .init(jobId: "J-8")) } == .jobNotFound)
        }
    }

    /// A quote left open swallows the rest of the file: a replace cannot tell what the file
    /// lacks, so it removes no job (the rows before it still go in), and says so.
    @Test func aReplaceWhoseFileCannotBeReadToItsEndRemovesNothing() async throws {
        try await withRecruiter { client, _ in
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...20)))
            var lines = [header] + (1...20).map { row("J-\($0)") }
            lines[2] = row("J-2", cat: "B")
            lines[18] = row("J-18", notes: "x").replacingOccurrences(of: ",x,", with: ",\"x left open,")
            let replaced = try await client.call(MTB.Import.self, .init(csv: lines.joined(separator: "\n"), mode: .replace, onError: .skip))
            #expect((replaced.updated, replaced.removed, replaced.skipped) == (1, 0, 1))
            #expect(replaced.errors.first?.line == 19)
            #expect(replaced.errors.first?.message.contains("a replace keeps every job the file does not name") == true)
            #expect(try await client.call(Jobs.List.self, .init()).total == 20)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-2")).cat == "B")
            // A merge of the same file says the same of the line, and changes nothing more.
            let merged = try await client.call(MTB.Import.self, .init(csv: lines.joined(separator: "\n"), onError: .skip))
            #expect((merged.updated, merged.removed, merged.skipped) == (0, 0, 1))
        }
    }

    @Test func undoPutsBackTheBoardAReplaceChangedOnce() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...5)))
            let file = daemon.directory + "/jd.md"
            try "Staff accountant: general ledger, month-end close, reconciliations.".write(toFile: file, atomically: true, encoding: .utf8)
            let described = try await client.call(Jobs.AttachDescription.self, .init(jobId: "J-1", path: file))
            let before = try await client.call(Jobs.List.self, .init()).jobs
            let blobs = try Self.blobFiles(daemon)
            let replaced = try await client.call(
                MTB.Import.self,
                .init(csv: [header, row("J-2", cat: "B"), row("J-3"), row("J-6")].joined(separator: "\n"), mode: .replace, confirm: true))
            #expect((replaced.inserted, replaced.updated, replaced.unchanged, replaced.removed) == (1, 1, 1, 3))
            // The description original of the removed job is kept while the import can be undone.
            #expect(try Self.blobFiles(daemon) == blobs + 1)
            let undone = try await client.call(MTB.Undo.self, Empty())
            #expect(undone.undoneRunId == replaced.runId)
            #expect((undone.restored, undone.removed) == (4, 1))
            // The board is as it was: rows, description, profile, and the drop-downs and search follow.
            #expect(try await client.call(Jobs.List.self, .init()).jobs == before)
            let one = try await client.call(Jobs.Get.self, .init(jobId: "J-1"))
            #expect(one.description == described.description)
            #expect(one.profile == described.profile)
            #expect(await errorCode { _ = try await client.call(Jobs.Get.self, .init(jobId: "J-6")) } == .jobNotFound)
            #expect(try await client.call(MTB.Values.self, .init(column: "cat")).values.map(\.value) == ["A"])
            #expect(try await client.call(Jobs.Search.self, .init(query: "reconciliations")).hits.map(\.jobId) == ["J-1"])
            #expect(try await client.call(Jobs.Search.self, .init(query: "J-6")).hits.isEmpty)
            // The undo is a run; it can be done once.
            let run = try await client.call(History.Get.self, .init(runId: undone.runId))
            #expect(run.kind == "mtb.undo")
            #expect(await errorCode { _ = try await client.call(MTB.Undo.self, Empty()) } == .nothingToUndo)
            // A replace that changed nothing leaves the previous one to undo; a later change to the
            // board ends the chance to undo (undoing would undo that change too).
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...2), mode: .replace, confirm: true))
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(1...2), mode: .replace))
            #expect(try await client.call(MTB.Undo.self, Empty()).restored == 3)
            // A replace that removes a described job keeps its original; a later change to the
            // board ends the chance to undo (undoing would undo that change too), and the next
            // sweep takes the original.
            let kept = try Self.blobFiles(daemon)
            _ = try await client.call(MTB.Import.self, .init(csv: Self.board(2...2), mode: .replace, confirm: true))
            #expect(try Self.blobFiles(daemon) == kept + 1)
            var notes = JobFields(jobId: "J-2")
            notes.notes = "called"
            _ = try await client.call(Jobs.Update.self, notes)
            #expect(await errorCode { _ = try await client.call(MTB.Undo.self, Empty()) } == .nothingToUndo)
            _ = try await client.call(Jobs.Delete.self, .init(jobIds: ["J-2"]))
            #expect(try Self.blobFiles(daemon) == kept)
        }
    }

    @Test func matchingAfterAnUndoSeesTheRestoredJobs() async throws {
        try await withRecruiter { client, _ in
            let ids = try await Labelled.load(client)
            func locationDetail() async throws -> String? {
                let run = try await client.call(Match.Run.self, .init(resumeIds: [ids["ios"]!], jobIds: ["IOS-1"]))
                return run.matches.first?.explanation.checks.first { $0.name == "location" }?.detail
            }
            #expect(try await locationDetail()?.hasPrefix("Job is in Austin") == true)
            // IOS-1 moves to Seattle (the same job: its description stays current); the match sees it.
            let moved = Labelled.board.replacingOccurrences(of: "Senior iOS Engineer,Austin,TX", with: "Senior iOS Engineer,Seattle,WA")
            _ = try await client.call(MTB.Import.self, .init(csv: moved, mode: .replace))
            #expect(try await locationDetail()?.hasPrefix("Job is in Seattle") == true)
            // Undone, the match sees Austin again (not the document made while it was in Seattle).
            _ = try await client.call(MTB.Undo.self, Empty())
            #expect(try await locationDetail()?.hasPrefix("Job is in Austin") == true)
        }
    }

    /// "Today" is the calendar day of the import in the daemon's time zone.
    @Test func anImportCanBeUndoneOnItsOwnDayOnly() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "America/Chicago"))
        let imported = try #require(ISO8601DateFormatter().date(from: "2026-01-10T05:59:00Z"))  // 23:59 on the 9th in Chicago (CST)
        #expect(BoardService.undoIsAvailable(importedAt: imported, now: imported.addingTimeInterval(30), calendar: calendar))
        #expect(!BoardService.undoIsAvailable(importedAt: imported, now: imported.addingTimeInterval(120), calendar: calendar))
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        #expect(BoardService.undoIsAvailable(importedAt: imported, now: imported.addingTimeInterval(120), calendar: calendar))
        #expect(!BoardService.undoIsAvailable(importedAt: imported, now: imported.addingTimeInterval(86_400), calendar: calendar))
    }

    @Test func aJobWhoseCompanyOrPositionChangesKeepsItsDescriptionOnlyAsStale() async throws {
        try await withRecruiter { client, _ in
            let ids = try await Labelled.load(client)
            // A merge that makes IOS-1 another company's nurse job, moves RN-1 to another city
            // (same job) and changes only the case of ACC-1's company.
            let board = Labelled.board
                .replacingOccurrences(of: "IOS-1,Appleseed Labs,Senior iOS Engineer", with: "IOS-1,Northwind Health,Night Nurse")
                .replacingOccurrences(of: "RN-1,St. Mary Hospital,ICU Registered Nurse,Dallas", with: "RN-1,St. Mary Hospital,ICU Registered Nurse,Plano")
                .replacingOccurrences(of: "ACC-1,Ledger & Co", with: "ACC-1,LEDGER & CO")
            let merged = try await client.call(MTB.Import.self, .init(csv: board))
            #expect(merged.updated == 3)
            #expect(merged.staleDescriptions == 1)
            let ios = try await client.call(Jobs.Get.self, .init(jobId: "IOS-1"))
            #expect(ios.descriptionStale == true)
            #expect(ios.description == Labelled.descriptions["IOS-1"])
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "RN-1")).descriptionStale == false)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "ACC-1")).descriptionStale == false)
            #expect(try await client.call(Jobs.List.self, .init()).jobs.filter { $0.descriptionStale == true }.map(\.jobId) == ["IOS-1"])
            // Matching leaves the job out, and says why when it is named.
            let run = try await client.call(Match.Run.self, .init(resumeIds: [ids["ios"]!], topK: 4))
            #expect(!run.matches.map(\.jobId).contains("IOS-1"))
            #expect(!run.matches.isEmpty)
            #expect(await errorCode { _ = try await client.call(Match.Run.self, .init(jobIds: ["IOS-1"])) } == .descriptionStale)
            // Confirmed, it is matched again.
            #expect(try await client.call(Jobs.ConfirmDescription.self, .init(jobId: "IOS-1")).descriptionStale == false)
            #expect(try await client.call(Match.Run.self, .init(resumeIds: [ids["ios"]!], topK: 4)).matches.map(\.jobId).contains("IOS-1"))
            // jobs.update changing the position does the same; a new description clears it.
            var fields = JobFields(jobId: "WH-1")
            fields.position = "Truck Driver"
            #expect(try await client.call(Jobs.Update.self, fields).descriptionStale == true)
            #expect(try await client.call(Match.Run.self, .init(resumeIds: [ids["ios"]!], topK: 4)).matches.allSatisfy { $0.jobId != "WH-1" })
            let attached = try await client.call(Jobs.AttachDescription.self, .init(jobId: "WH-1", text: "Drive a box truck; CDL class B."))
            #expect(attached.descriptionStale == false)
            // A job without a description has nothing to be stale.
            _ = try await client.call(Jobs.Create.self, JobFields(jobId: "NEW-1"))
            var renamed = JobFields(jobId: "NEW-1")
            renamed.company = "Other"
            #expect(try await client.call(Jobs.Update.self, renamed).descriptionStale == nil)
            #expect(try await client.call(Jobs.ConfirmDescription.self, .init(jobId: "NEW-1")).descriptionStale == nil)
            #expect(await errorCode { _ = try await client.call(Jobs.ConfirmDescription.self, .init(jobId: "NONE")) } == .jobNotFound)
        }
    }
}
