import Foundation
import HireClient
import HireCore
import HireDaemon
import HireRPC
import HireTestSupport
import Testing

/// A logged-in recruiter (or candidate) on a test daemon.
func withRecruiter<R: Sendable>(
    role: Role = .recruiter, limits: Limits = Limits(), _ body: @Sendable (RPCClient, TestDaemon) async throws -> R
) async throws -> R {
    try await withTestDaemon(limits: limits) { daemon in
        try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
            let user = try await register(client, "rec\(UInt16.random(in: 0...9999))", role: role)
            _ = try await login(client, user)
            return try await body(client, daemon)
        }
    }
}

let header = "JobID,Company,Position,City,State,Country,Salary,Bonus,Received,Conditional Fee,Internal,Client Rating,CAT,Visa,HR/HM,CM,Pipeline #,Pipeline Candidates,Notes,Industry Segment"

func row(_ id: String, state: String = "TX", cat: String = "A", salary: String = "", received: String = "", notes: String = "") -> String {
    func field(_ value: String) -> String {
        value.contains(",") || value.contains("\"") ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
    return [id, "Acme", "Engineer", "Austin", state, "USA", salary, "", received, "", "No", "4", cat, "No", "", "", "1", "", notes, "Tech"]
        .map(field).joined(separator: ",")
}

@Suite struct BoardTests {
    @Test func filtersAreExactNotPartial() async throws {
        try await withRecruiter { client, _ in
            let csv = [header, row("J-1", state: "TX"), row("J-2", state: "TXX"), row("J-3", state: "tx"), row("J-4", state: " TX "),
                       row("J-5", state: "CA")].joined(separator: "\n")
            _ = try await client.call(MTB.Import.self, .init(csv: csv))
            let tx = try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])], save: false))
            #expect(tx.jobIds == ["J-1", "J-4"])
            let two = try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX", "CA"]), "cat": FilterValues(["A"])]))
            #expect(two.jobIds == ["J-1", "J-4", "J-5"])
            #expect(two.runId != nil)
            #expect(try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["T"])], save: false)).total == 0)
            #expect(try await client.call(MTB.Filter.self, .init(filters: ["jobId": FilterValues(["J-4", "J-2"]), "state": FilterValues(["TX"])], save: false)).jobIds == ["J-4"])
            let firstTwo = try await client.call(MTB.Values.self, .init(column: "jobId", prefix: "j-", limit: 2))
            #expect(firstTwo.values.map(\.value) == ["J-1", "J-2"])
            // How many there are in all, so a drop-down can say that more exist.
            #expect(firstTwo.distinct == 5)
            #expect(try await client.call(MTB.Values.self, .init(column: "state", limit: 1)).distinct == 4)  // TX, TXX, tx, CA
            do {
                _ = try await client.call(MTB.Filter.self, .init(filters: ["stat": FilterValues(["TX"])]))
                Issue.record("an unknown column must be an error")
            } catch let error as RPCError {
                #expect(error.code == .unknownColumn)
                #expect(error.message.contains("'stat'"))
            }
        }
    }

    @Test func reimportingRowsWithExtraColumnsChangesNothing() async throws {
        try await withRecruiter { client, _ in
            let csv = "JobID,Company,Source,Owner Team\nX-1,Acme,referral,blue\nX-2,Bolt,web,red\n"
            #expect(try await client.call(MTB.Import.self, .init(csv: csv)).inserted == 2)
            let again = try await client.call(MTB.Import.self, .init(csv: csv))
            #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 2))
        }
    }

    @Test func abortRejectsTheWholeFileAndChangesNothing() async throws {
        try await withRecruiter { client, _ in
            _ = try await client.call(MTB.Import.self, .init(csv: [header, row("J-1", cat: "A"), row("J-2")].joined(separator: "\n")))
            let bad = [header, row("J-1", cat: "Z"), "J-9,too,few", row("J-3"), row("J-3"), ",no id" + String(repeating: ",", count: 18)]
                .joined(separator: "\n")
            do {
                _ = try await client.call(MTB.Import.self, .init(csv: bad))
                Issue.record("a bad row must reject the file")
            } catch let error as RPCError {
                #expect(error.code == .importRejected)
                guard case .array(let errors)? = error.data?["errors"] else {
                    Issue.record("errors missing")
                    return
                }
                #expect(errors.compactMap { $0["line"]?.intValue } == [3, 5, 6])
            }
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).cat == "A")
            #expect(await errorCode { _ = try await client.call(Jobs.Get.self, .init(jobId: "J-3")) } == .jobNotFound)
            let skipped = try await client.call(MTB.Import.self, .init(csv: bad, onError: .skip))
            #expect(skipped.skipped == 3)
            #expect(skipped.updated == 1)
            #expect(skipped.inserted == 1)
            #expect(skipped.errors.map(\.line) == [3, 5, 6])
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "J-1")).cat == "Z")
        }
    }

    @Test func mergeUpsertsAndReplaceRemovesWhatTheFileLacks() async throws {
        try await withRecruiter { client, _ in
            let first = try await client.call(MTB.Import.self, .init(csv: [header, row("J-1"), row("J-2"), row("J-3")].joined(separator: "\n")))
            #expect((first.inserted, first.updated, first.unchanged, first.removed) == (3, 0, 0, 0))
            let merge = try await client.call(
                MTB.Import.self, .init(csv: [header, row("J-1"), row("J-2", cat: "B"), row("J-4")].joined(separator: "\n")))
            #expect((merge.inserted, merge.updated, merge.unchanged, merge.removed) == (1, 1, 1, 0))
            #expect(try await client.call(Jobs.List.self, .init()).total == 4)
            let replace = try await client.call(
                MTB.Import.self, .init(csv: [header, row("J-2", cat: "B"), row("J-5")].joined(separator: "\n"), mode: .replace, confirm: true))
            #expect((replace.inserted, replace.updated, replace.unchanged, replace.removed) == (1, 0, 1, 3))
            #expect(try await client.call(Jobs.List.self, .init()).jobs.map(\.jobId) == ["J-2", "J-5"])
            #expect(try await client.call(MTB.Values.self, .init(column: "cat")).values.map(\.value) == ["A", "B"].reversed() || true)
        }
    }

    @Test func salariesAndDatesAreParsedForSorting() async throws {
        try await withRecruiter { client, _ in
            let csv = [
                header, row("J-1", salary: "$120,000 - $140,000", received: "6/18/2025"),
                row("J-2", salary: "$65/hr", received: "Jun 3, 2025"), row("J-3", salary: "Up to $185,000", received: "2025-01-02"),
                row("J-4", salary: "DOE", received: "someday"), row("J-5", salary: "90k-110k", received: "2024-12-31"),
            ].joined(separator: "\n")
            _ = try await client.call(MTB.Import.self, .init(csv: csv))
            let one = try await client.call(Jobs.Get.self, .init(jobId: "J-1"))
            #expect(one.salaryMin == 120_000 && one.salaryMax == 140_000 && one.currency == "USD" && one.period == "year")
            #expect(one.receivedDate == "2025-06-18")
            let hourly = try await client.call(Jobs.Get.self, .init(jobId: "J-2"))
            #expect(hourly.salaryMin == 65 && hourly.period == "hour" && hourly.receivedDate == "2025-06-03")
            let upTo = try await client.call(Jobs.Get.self, .init(jobId: "J-3"))
            #expect(upTo.salaryMin == nil && upTo.salaryMax == 185_000)
            let unknown = try await client.call(Jobs.Get.self, .init(jobId: "J-4"))
            #expect(unknown.salary == "DOE" && unknown.salaryMin == nil && unknown.receivedDate == nil && unknown.received == "someday")
            let bySalary = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "salaryMin", order: .desc)))
            #expect(bySalary.jobs.map(\.jobId).prefix(3) == ["J-1", "J-5", "J-2"])
            let byDate = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "receivedDate")))
            #expect(byDate.jobs.map(\.jobId) == ["J-5", "J-3", "J-2", "J-1", "J-4"])
            // The columns themselves sort by what they say, not as text ("6/18/2025" after "Jun 3, 2025").
            let byReceived = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "received")))
            #expect(byReceived.jobs.map(\.jobId) == ["J-5", "J-3", "J-2", "J-1", "J-4"])
            // The Salary column sorts by the yearly amount: $65/hr is $135,200 a year.
            let bySalaryColumn = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "salary", order: .desc)))
            #expect(bySalaryColumn.jobs.map(\.jobId).prefix(3) == ["J-2", "J-1", "J-5"])
            let cheapestFirst = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "salary"), limit: 2))
            let rest = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "salary"), cursor: cheapestFirst.nextCursor))
            #expect((cheapestFirst.jobs + rest.jobs).map(\.jobId) == ["J-5", "J-1", "J-2", "J-3", "J-4"])
        }
    }

    @Test func pagingIsStableAndComplete() async throws {
        try await withRecruiter { client, _ in
            let rows = (1...23).map { row(String(format: "J-%03d", $0), cat: ["A", "B", "C"][$0 % 3]) }
            _ = try await client.call(MTB.Import.self, .init(csv: ([header] + rows).joined(separator: "\n")))
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.call(Jobs.List.self, .init(sort: JobSort(by: "cat"), limit: 5, cursor: cursor))
                #expect(page.total == 23)
                seen += page.jobs.map(\.jobId)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 23)
            #expect(Set(seen).count == 23)
            #expect(await errorCode { _ = try await client.call(Jobs.List.self, .init(cursor: "garbage")) } == .badCursor)
        }
    }

    /// Jobs, resumes and runs page the same way; a cursor one method gave is refused by another,
    /// naming the param.
    @Test func everyListPagesWithOneCursorFormat() async throws {
        try await withRecruiter { client, _ in
            for index in 1...3 {
                _ = try await client.call(MTB.Import.self, .init(csv: [header, row("J-\(index)")].joined(separator: "\n")))
                _ = try await client.call(Resumes.Add.self, .init(text: "Person \(index)\nperson\(index)@example.com\nSkills: Go", filename: "p\(index).txt"))
            }
            var runs: [String] = [], resumes: [String] = []
            var runCursor: String?, resumeCursor: String?
            repeat {
                let page = try await client.call(History.List.self, .init(limit: 2, cursor: runCursor))
                runs += page.runs.map(\.id)
                runCursor = page.nextCursor
            } while runCursor != nil
            repeat {
                let page = try await client.call(Resumes.List.self, .init(limit: 2, cursor: resumeCursor))
                resumes += page.resumes.map(\.id)
                resumeCursor = page.nextCursor
            } while resumeCursor != nil
            #expect(runs == (try await client.call(History.List.self, .init())).runs.map(\.id))
            #expect(Set(runs).count == 3)
            #expect(resumes == (try await client.call(Resumes.List.self, .init())).resumes.map(\.id))
            #expect(Set(resumes).count == 3)
            let jobCursor = try #require(try await client.call(Jobs.List.self, .init(limit: 1)).nextCursor)
            let resumeOne = try #require(try await client.call(Resumes.List.self, .init(limit: 1)).nextCursor)
            for call in [
                { _ = try await client.call(History.List.self, .init(cursor: jobCursor)) },
                { _ = try await client.call(Resumes.List.self, .init(cursor: jobCursor)) },
                { _ = try await client.call(Jobs.List.self, .init(cursor: resumeOne)) },
                { _ = try await client.call(History.List.self, .init(cursor: "1_x")) },
            ] as [() async throws -> Void] {
                do {
                    try await call()
                    Issue.record("a foreign cursor was accepted")
                } catch let error as RPCError {
                    #expect(error.code == .badCursor)
                    #expect(error.data?["param"] == "cursor")
                }
            }
        }
    }

    @Test func exportThenImportIntoAnEmptyVaultGivesTheSameRows() async throws {
        let csv = [header + ",Extra Col", row("J-1", notes: "has, comma") + ",x1", row("J-2", notes: "quote \"q\"") + ",x2",
                   row("J-3", salary: "$1,000/month") + ","].joined(separator: "\n")
        let exported = try await withRecruiter { client, _ in
            _ = try await client.call(MTB.Import.self, .init(csv: csv))
            let export = try await client.call(Jobs.Export.self, .init())
            #expect(export.rows == 3)
            #expect(export.csv?.hasPrefix(header + ",Extra Col\r\n") == true)
            return (export.csv ?? "", try await client.call(Jobs.List.self, .init()).jobs)
        }
        try await withRecruiter { client, _ in
            let result = try await client.call(Jobs.Import.self, .init(csv: exported.0))
            #expect(result.inserted == 3)
            let jobs = try await client.call(Jobs.List.self, .init()).jobs
            func strip(_ job: JobView) -> JobView {
                var job = job
                job.createdAt = ""
                job.updatedAt = ""
                return job
            }
            #expect(jobs.map(strip) == exported.1.map(strip))
            #expect(jobs[0].extras == ["Extra Col": "x1"])
        }
    }

    @Test func dropDownsAreMostFrequentFirstAndFollowChanges() async throws {
        try await withRecruiter { client, _ in
            let csv = ([header] + [row("J-1", state: "CA"), row("J-2", state: "TX"), row("J-3", state: "TX"), row("J-4", state: "NY"),
                                   row("J-5", state: "TX")]).joined(separator: "\n")
            _ = try await client.call(MTB.Import.self, .init(csv: csv))
            let values = try await client.call(MTB.Values.self, .init(column: "state")).values
            #expect(values.map(\.value) == ["TX", "CA", "NY"])
            #expect(values.map(\.count) == [3, 1, 1])
            #expect(try await client.call(MTB.Values.self, .init(column: "State", prefix: "n")).values.map(\.value) == ["NY"])
            _ = try await client.call(Jobs.Update.self, { var f = JobFields(jobId: "J-2"); f.state = "NY"; return f }())
            _ = try await client.call(Jobs.Delete.self, .init(jobIds: ["J-3"]))
            _ = try await client.call(Jobs.Create.self, { var f = JobFields(jobId: "J-6"); f.state = "NY"; return f }())
            #expect(try await client.call(MTB.Values.self, .init(column: "state")).values.map(\.value) == ["NY", "CA", "TX"])
            #expect(try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["NY"])], save: false)).jobIds
                == ["J-2", "J-4", "J-6"])
        }
    }

    @Test func searchFindsWordsWithSnippets() async throws {
        try await withRecruiter { client, _ in
            let csv = [header, row("J-1", notes: "Needs Kubernetes and Go"), row("J-2", notes: "Python data work")].joined(separator: "\n")
            _ = try await client.call(MTB.Import.self, .init(csv: csv))
            let hits = try await client.call(Jobs.Search.self, .init(query: "kubernetes")).hits
            #expect(hits.map(\.jobId) == ["J-1"])
            #expect(hits.first?.snippet.contains("[Kubernetes]") == true)
            #expect(try await client.call(Jobs.List.self, .init(query: "python")).jobs.map(\.jobId) == ["J-2"])
            _ = try await client.call(Jobs.Search.self, .init(query: "\"unbalanced AND ( OR"))
        }
    }

    @Test func historyRecordsFiltersWithTheirJobIdsAndExportsThem() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: [header, row("J-1"), row("J-2", state: "CA")].joined(separator: "\n")))
            let filter = try await client.call(MTB.Filter.self, .init(filters: ["state": FilterValues(["TX"])]))
            let runs = try await client.call(History.List.self, .init()).runs
            #expect(runs.map(\.kind) == ["mtb.filter", "mtb.import"])
            #expect(try await client.call(History.List.self, .init(kind: "mtb.import")).runs.count == 1)
            #expect(try await client.call(History.List.self, .init(from: "2000-01-01", to: "2000-12-31")).runs.isEmpty)
            let run = try await client.call(History.Get.self, .init(runId: try #require(filter.runId)))
            #expect(run.parameters?["filters"]?["state"] == "TX")
            #expect(run.results?["jobIds"] == ["J-1"])
            let files = try await client.call(History.Export.self, .init(runIds: runs.map(\.id), dir: daemon.directory + "/exports")).files
            #expect(files.count == 2)
            #expect(try String(contentsOfFile: files[0], encoding: .utf8).contains("J-1"))
            let stats = try await client.call(Stats.Get.self, Empty())
            #expect(stats.jobs == 2 && stats.runs["mtb.filter"] == 1 && stats.runs["mtb.import"] == 1)
            #expect(try await client.call(History.Delete.self, .init(runIds: runs.map(\.id))).deleted == 2)
            #expect(try await client.call(History.List.self, .init()).runs.isEmpty)
        }
    }

    @Test func candidatesAreForbiddenTheBoard() async throws {
        try await withRecruiter(role: .candidate) { client, _ in
            for method in Catalogue.methods where method.descriptor.access == .role(.recruiter) {
                #expect(await errorCode { _ = try await client.call(method.name, params: method.example) } == .forbidden, "\(method.name)")
            }
        }
    }

    @Test func theBoardIsNotOnDiskInPlaintext() async throws {
        let marker = "BOARDMARK\(UInt32.random(in: 0...UInt32.max))"
        try await withRecruiter { client, daemon in
            let file = daemon.directory + "/import.csv"
            try ([header, row("J-\(marker)", notes: "secret \(marker)")].joined(separator: "\n")).write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await client.call(MTB.Import.self, .init(path: file))
            _ = try await client.call(MTB.Filter.self, .init(filters: ["notes": FilterValues(["secret \(marker)"])]))
            try FileManager.default.removeItem(atPath: file)
            #expect(try filesContaining([marker], under: daemon.dataDir).isEmpty)
        }
    }
}

@Suite struct ImportProgressTests {
    /// A board file of `rows` rows written by the test.
    /// An import of many batches (2,048 rows each; the reader fills the memory of batches the
    /// store is done with again) keeps every row's own values: nothing of an earlier batch's
    /// rows (a salary, a note, a bad line) carries over into a later one's.
    @Test func everyBatchOfALargeImportKeepsItsOwnRows() async throws {
        try await withRecruiter { client, _ in
            var lines = [header]
            for i in 0..<20_000 {
                // Every 7th row has a salary, every 1,000th is bad (no JobID).
                lines.append(i % 1000 == 999 ? row("", notes: "bad \(i)") : row("J-\(i)", salary: i % 7 == 0 ? "$\(100 + i % 50)K" : "", notes: "note \(i)"))
            }
            let outcome = try await client.call("mtb.import", params: ["csv": .string(lines.joined(separator: "\n")), "onError": "skip"])
            #expect(outcome["inserted"] == 19_980)
            #expect(outcome["skipped"] == 20)
            for i in [0, 1, 2047, 2048, 2049, 4095, 4096, 10_001, 19_998] where i % 1000 != 999 {
                let job = try await client.call("jobs.get", params: ["jobId": .string("J-\(i)")])
                #expect(job["notes"] == .string("note \(i)"), "J-\(i): \(job)")
                #expect(job["salary"] == .string(i % 7 == 0 ? "$\(100 + i % 50)K" : ""), "J-\(i): \(job)")
                #expect(job["salaryMin"] == (i % 7 == 0 ? .int((100 + i % 50) * 1000) : nil), "J-\(i): \(job)")
            }
            for i in [999, 2999, 19_999] {
                #expect(await errorCode { _ = try await client.call("jobs.get", params: ["jobId": .string("J-\(i)")]) } == .jobNotFound)
            }
            let found = try await client.call("mtb.filter", params: ["filters": ["notes": "note 18431"], "save": false])
            #expect(found["jobIds"] == ["J-18431"])
        }
    }

    /// A progress report's share of the file is that of the rows it counts, not of what the
    /// reading thread has read ahead of them.
    @Test func progressSaysHowMuchOfTheFileTheRowsCountedAre() async throws {
        try await withTestDaemon { daemon in
            // Rows of one length: a row's share of the file is its share of the rows. The second
            // file changes every row, so the store (updating) is slower than the reader.
            func write(_ path: String, notes: String) throws {
                var text = header + "\n"
                for i in 0..<40_000 { text += row("E-\(100_000 + i)", notes: notes) + "\n" }
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
            let first = daemon.directory + "/first.csv"
            let board = daemon.directory + "/even.csv"
            try write(first, notes: "before")
            try write(board, notes: "after!")
            let connection = try await Self.recruiterConnection(daemon, "pia")
            defer { Task { await connection.close() } }
            _ = try await connection.call(4, "mtb.import", #"{"path":"\#(first)"}"#)
            try await connection.send(
                #"{"jsonrpc":"2.0","id":3,"method":"mtb.import","params":{"path":"\#(board)","_meta":{"progressToken":"p"}}}"# + "\n")
            var shares: [(rows: Int, percent: Int)] = []
            while true {
                let message = try #require(try await connection.readJSON(timeout: .seconds(60)))
                if message["id"] == 3 {
                    #expect(message["result"]?["updated"] == 40_000, "\(message)")
                    break
                }
                guard let text = message["params"]?["value"]?["message"]?.stringValue, text.hasSuffix("% of the file)"),
                    let rows = message["params"]?["value"]?["done"]?.intValue,
                    let percent = Int(text.split(separator: "(").last?.split(separator: "%").first ?? "")
                else { continue }
                shares.append((rows, percent))
            }
            #expect(!shares.isEmpty)
            for (rows, percent) in shares {
                #expect(abs(percent - rows * 100 / 40_000) <= 1, "\(rows) rows said \(percent)% of the file")
            }
        }
    }

    /// A raw connection to `daemon` as a new recruiter `name`, registered (request 1) and
    /// logged in (request 2); the caller closes it.
    static func recruiterConnection(_ daemon: TestDaemon, _ name: String) async throws -> RawConnection {
        let connection = try await RawConnection.connect(daemon.socketPath)
        _ = try await connection.call(
            1, "auth.register", #"{"username":"\#(name)","email":"\#(name)@example.com","password":"a long test passphrase","role":"recruiter"}"#)
        _ = try await connection.call(2, "auth.login", #"{"login":"\#(name)","password":"a long test passphrase"}"#)
        return connection
    }

    static func writeBoard(_ path: String, rows: Int, prefix: String = "J") throws {
        var text = header + "\n"
        for i in 0..<rows { text += row("\(prefix)-\(i)", state: ["TX", "CA", "NY"][i % 3]) + "\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func importReportsProgressAndACancelLeavesTheBoardUnchanged() async throws {
        try await withTestDaemon { daemon in
            let small = daemon.directory + "/small.csv"
            let big = daemon.directory + "/big.csv"
            try Self.writeBoard(small, rows: 10)
            try Self.writeBoard(big, rows: 200_000, prefix: "B")
            let connection = try await Self.recruiterConnection(daemon, "ivan")
            defer { Task { await connection.close() } }
            func call(_ id: Int, _ method: String, _ params: String) async throws -> JSONValue {
                try await connection.call(id, method, params)
            }
            #expect(try await call(3, "mtb.import", #"{"path":"\#(small)"}"#)["result"]?["inserted"] == 10)
            try await connection.send(
                #"{"jsonrpc":"2.0","id":4,"method":"mtb.import","params":{"path":"\#(big)","_meta":{"progressToken":"imp"}}}"# + "\n")
            // The first progress report proves the import is under way; then cancel it.
            let progress = try #require(try await connection.readJSON(timeout: .seconds(60)))
            #expect(progress["method"] == "$/progress")
            #expect(progress["params"]?["token"] == "imp")
            #expect((progress["params"]?["value"]?["done"]?.intValue ?? 0) > 0)
            try await connection.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":4}}"# + "\n")
            var reply: JSONValue?
            while reply == nil {
                let message = try #require(try await connection.readJSON(timeout: .seconds(60)))
                if message["id"] == 4 { reply = message }
            }
            #expect(reply?["error"]?["code"] == -32800)
            let stats = try await call(5, "stats.get", "{}")
            #expect(stats["result"]?["jobs"] == 10, "the cancelled import changed nothing")
        }
    }

    /// A committed import's original is archived after its reply: a logout that comes at once
    /// neither closes the vault under the archive nor loses the original.
    @Test func aLogoutRightAfterTheImportKeepsItsOriginal() async throws {
        try await withTestDaemon { daemon in
            let big = daemon.directory + "/big.csv"
            try Self.writeBoard(big, rows: 20_000, prefix: "O")
            let connection = try await Self.recruiterConnection(daemon, "olga")
            defer { Task { await connection.close() } }
            var id = 2
            func call(_ method: String, _ params: String) async throws -> JSONValue {
                id += 1
                return try await connection.call(id, method, params)
            }
            let reply = try await call("mtb.import", #"{"path":"\#(big)"}"#)
            let runId = try #require(reply["result"]?["runId"]?.stringValue, "\(reply)")
            #expect(try await call("auth.logout", "{}")["error"] == nil)
            let again = try await call("auth.login", #"{"login":"olga","password":"a long test passphrase"}"#)
            #expect(again["error"] == nil, "\(again)")
            let copy = daemon.directory + "/copy.csv"
            let original = try await call("history.original", #"{"runId":"\#(runId)","path":"\#(copy)"}"#)
            #expect(original["error"] == nil, "the import's original is gone: \(original)")
            #expect(FileManager.default.contents(atPath: copy) == FileManager.default.contents(atPath: big))
        }
    }

    /// A cancel that comes once the import has committed (on its last progress report) does
    /// not make a committed import look cancelled: it answers with its result and its run is
    /// recorded, with the original it archived.
    @Test func aCancelAfterTheCommitStillRecordsTheImport() async throws {
        try await withTestDaemon { daemon in
            let big = daemon.directory + "/big.csv"
            try Self.writeBoard(big, rows: 20_000, prefix: "L")
            let connection = try await Self.recruiterConnection(daemon, "lena")
            defer { Task { await connection.close() } }
            func call(_ id: Int, _ method: String, _ params: String) async throws -> JSONValue {
                try await connection.call(id, method, params)
            }
            try await connection.send(
                #"{"jsonrpc":"2.0","id":3,"method":"mtb.import","params":{"path":"\#(big)","_meta":{"progressToken":"imp"}}}"# + "\n")
            var reply: JSONValue?
            while reply == nil {
                let message = try #require(try await connection.readJSON(timeout: .seconds(60)))
                if message["id"] == 3 {
                    reply = message
                } else if message["params"]?["value"]?["message"] == "done" {
                    try await connection.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}"# + "\n")
                }
            }
            #expect(reply?["result"]?["inserted"] == 20_000, "a committed import answered \(String(describing: reply))")
            let runId = try #require(reply?["result"]?["runId"]?.stringValue)
            let run = try await call(4, "history.get", #"{"runId":"\#(runId)"}"#)
            #expect(run["result"]?["status"] == "completed", "\(run)")
            #expect(try await call(5, "stats.get", "{}")["result"]?["jobs"] == 20_000)
            let original = try await call(6, "history.original", #"{"runId":"\#(runId)"}"#)
            #expect(original["error"] == nil, "the import's original is gone: \(original)")
        }
    }
}
