import Foundation
import HireClient
import HireCore
import HireRPC
import HireTestSupport
import Testing

/// A small labelled world: four jobs in different trades and three resumes, each with one
/// obviously right job.
enum Labelled {
    static let board = [
        header,
        "IOS-1,Appleseed Labs,Senior iOS Engineer,Austin,TX,USA,\"$150,000 - $170,000\",,2025-06-01,,No,5,A,Yes,,,1,,,Tech",
        "RN-1,St. Mary Hospital,ICU Registered Nurse,Dallas,TX,USA,$48/hr,,2025-06-02,,No,4,Hot,No,,,1,,,Healthcare",
        "ACC-1,Ledger & Co,Staff Accountant,Houston,TX,USA,\"$70,000 - $85,000\",,2025-06-03,,No,4,B,No,,,1,,,Finance",
        "WH-1,Movewell Logistics,Warehouse Forklift Operator,Dallas,TX,USA,$21/hr,,2025-06-04,,No,3,C,No,,,1,,,Logistics",
    ].joined(separator: "\n")

    static let descriptions = [
        "IOS-1": """
            About the role
            Build our iPhone app in Swift and SwiftUI with a small product team. Hybrid, Austin office two days a week.
            Requirements
            - 5+ years of iOS development with Swift
            - SwiftUI, UIKit, Core Data, REST APIs, Git
            - Bachelor's degree in Computer Science or equivalent
            Nice to have
            - Kotlin, GraphQL, CI/CD with GitHub Actions
            """,
        "RN-1": """
            ICU Registered Nurse, full-time, onsite in Dallas.
            Requirements: active RN license, BLS and ACLS certification, 2+ years of critical care (ICU) nursing experience,
            patient assessment, medication administration, EMR charting (Epic).
            Preferred: CCRN certification, ventilator management.
            """,
        "ACC-1": """
            Staff Accountant (full-time, onsite in Houston).
            Requirements
            - 2-4 years of general ledger accounting, month-end close, account reconciliations, journal entries
            - Excel (pivot tables, VLOOKUP), QuickBooks or NetSuite
            - Bachelor's degree in Accounting
            Nice to have: CPA, GAAP reporting experience.
            """,
        "WH-1": """
            Warehouse Forklift Operator, full-time, onsite.
            Requirements: forklift certification, 1+ years of warehouse experience, shipping and receiving, inventory control,
            RF scanners, able to lift 50 lbs. High school diploma or GED.
            Nice to have: pallet jack, OSHA safety training.
            """,
    ]

    static let resumes = [
        "ios": """
            Maya Chen
            Austin, TX · maya.chen@example.com · (512) 555-0142
            Senior iOS Engineer
            Summary: iOS engineer shipping consumer apps in Swift for 7 years.
            Experience
            Senior iOS Engineer, Brightside Apps — Jan 2020 – Present
            Built the SwiftUI rewrite of the main app; Core Data persistence; REST APIs; Git and GitHub Actions CI/CD.
            iOS Developer, Pocket Media — Mar 2017 – Dec 2019
            UIKit apps in Swift and Objective-C; unit tests with XCTest.
            Skills: Swift, SwiftUI, UIKit, Core Data, Objective-C, Git, REST APIs, XCTest
            Education: B.S. in Computer Science, University of Texas at Austin
            """,
        "rn": """
            James Okafor, RN
            Dallas, TX | james.okafor@example.com | 214-555-0199
            Registered Nurse — Intensive Care
            Experience
            ICU Staff Nurse, Parkland Medical Center, June 2019 – Present
            Critical care nursing for 12-bed ICU; patient assessment; medication administration; ventilator management; Epic EMR charting.
            Med-Surg Nurse, Baylor Clinic, 2017 – 2019
            Licenses & Certifications: RN license (Texas), BLS, ACLS, CCRN
            Education: Bachelor of Science in Nursing (BSN)
            """,
        "acc": """
            Priya Natarajan
            Houston, TX · priya.n@example.com
            Staff Accountant
            Experience
            Staff Accountant, Gulf Energy Partners, 2021 – Present: general ledger, month-end close, account reconciliations,
            journal entries, accounts payable; NetSuite and Excel (pivot tables, VLOOKUP).
            Accounting Assistant, Bayou CPA Group, 2019 – 2021: QuickBooks bookkeeping, bank reconciliations.
            Education: Bachelor of Business Administration in Accounting
            Skills: GAAP, Excel, QuickBooks, NetSuite, reconciliations
            """,
    ]
    static let rightJob = ["ios": "IOS-1", "rn": "RN-1", "acc": "ACC-1"]

    /// Imports the board, attaches the descriptions and adds the resumes; resume ids by label.
    static func load(_ client: RPCClient) async throws -> [String: String] {
        _ = try await client.call(MTB.Import.self, .init(csv: board))
        for (jobId, text) in descriptions.sorted(by: { $0.key < $1.key }) {
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: jobId, text: text))
        }
        var ids: [String: String] = [:]
        for (label, text) in resumes.sorted(by: { $0.key < $1.key }) {
            let added = try await client.call(Resumes.Add.self, .init(text: text, filename: "\(label).txt"))
            ids[label] = try #require(added.resumes.first).id
        }
        return ids
    }
}

@Suite struct MatchingTests {
    @Test func theRightJobRanksFirstWithReasonsAPersonCanRead() async throws {
        try await withRecruiter { client, daemon in
            let ids = try await Labelled.load(client)
            let run = try await client.call(Match.Run.self, .init(topK: 4))
            for (label, resumeId) in ids {
                let mine = run.matches.filter { $0.resumeId == resumeId }.sorted { $0.rank < $1.rank }
                #expect(mine.first?.jobId == Labelled.rightJob[label], "\(label): \(mine.map(\.jobId))")
                #expect(mine.map(\.rank) == Array(1...mine.count))
                #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.score >= $1.score })
                #expect(mine.allSatisfy { (0...100).contains($0.score) })
            }
            let ios = try #require(run.matches.first { $0.resumeId == ids["ios"] && $0.rank == 1 })
            #expect(ios.explanation.matchedSkills.contains("Swift"))
            #expect(ios.explanation.matchedSkills.contains("SwiftUI"))
            #expect(!ios.explanation.missingSkills.contains("Swift"))
            #expect(ios.explanation.checks.contains { $0.name == "years" && $0.passed == true })
            #expect(ios.explanation.checks.allSatisfy { !$0.detail.isEmpty })
            let nurseForIOS = try #require(run.matches.first { $0.resumeId == ids["rn"] && $0.jobId == "IOS-1" })
            #expect(nurseForIOS.explanation.missingSkills.contains("Swift"))

            // Per job: the best resume for each job.
            let perJob = try await client.call(Match.Run.self, .init(jobIds: ["IOS-1", "RN-1", "ACC-1"], topK: 3, per: .job))
            for (label, jobId) in Labelled.rightJob {
                #expect(perJob.matches.first { $0.jobId == jobId && $0.rank == 1 }?.resumeId == ids[label])
            }
            // Deterministic, stored, exported, in history.
            let again = try await client.call(Match.Run.self, .init(topK: 4))
            #expect(again.matches == run.matches)
            #expect(try await client.call(Match.Get.self, .init(runId: run.runId)).matches == run.matches)
            let csv = try #require(try await client.call(Match.Export.self, .init(runId: run.runId)).csv)
            #expect(csv.hasPrefix("runId,rank,resumeId,candidate,jobId,company,position,score"))
            #expect(csv.contains("Maya Chen"))
            #expect(csv.contains("Appleseed Labs"))
            // Each match names the candidate and the job, in the reply and in history.
            #expect(ios.candidate == "Maya Chen" && ios.company == "Appleseed Labs" && ios.position == "Senior iOS Engineer")
            let shown = try await client.call(History.Get.self, .init(runId: run.runId))
            guard case .array(let stored)? = shown.results?["matches"] else {
                Issue.record("no matches in history")
                return
            }
            #expect(stored.contains { $0["candidate"] == "Maya Chen" && $0["company"] == "Appleseed Labs" })
            let runs = try await client.call(History.List.self, .init(kind: "match.run")).runs
            #expect(runs.count == 3)
            let files = try await client.call(History.Export.self, .init(runIds: [run.runId], dir: daemon.directory + "/exports")).files
            let exported = try String(contentsOfFile: try #require(files.first), encoding: .utf8)
            #expect(exported.contains("\(ids["ios"]!) -> IOS-1 #1 score"))
            #expect(try await client.call(Stats.Get.self, Empty()).resumes == 3)
            #expect(await errorCode { _ = try await client.call(Match.Get.self, .init(runId: "nope")) } == .runNotFound)
            // A past run names what it ranked as it was: a job renamed and a resume deleted since change nothing.
            var renamed = JobFields(jobId: "IOS-1")
            renamed.position = "Renamed Role"
            renamed.company = "Renamed Co"
            _ = try await client.call(Jobs.Update.self, renamed)
            _ = try await client.call(Resumes.Delete.self, .init(resumeIds: [ids["ios"]!]))
            let past = try #require(try await client.call(Match.Get.self, .init(runId: run.runId)).matches.first { $0.resumeId == ids["ios"] && $0.rank == 1 })
            #expect(past.candidate == "Maya Chen" && past.company == "Appleseed Labs" && past.position == "Senior iOS Engineer")
            let importRun = try #require(try await client.call(History.List.self, .init(kind: "mtb.import")).runs.first).id
            #expect(await errorCode { _ = try await client.call(Match.Get.self, .init(runId: importRun)) } == .runNotFound)
            // Required checks: every match passes them or does not tell; an unknown check is named.
            let located = try await client.call(Match.Run.self, .init(require: ["location", "years"], topK: 4))
            #expect(!located.matches.isEmpty)
            #expect(located.matches.allSatisfy { match in
                match.explanation.checks.allSatisfy { !["location", "years"].contains($0.name) || $0.passed != false }
            })
            #expect(run.matches.contains { match in match.explanation.checks.contains { $0.name == "location" && $0.passed == false } })
            let refused = await FileAccessTests.refusal { _ = try await client.call(Match.Run.self, .init(require: ["remote"])) }
            #expect(refused?.code == .invalidParams)
            #expect(refused?.message.contains("'remote'") == true)
        }
    }

    @Test func matchingFollowsTheBoardAndTheResumes() async throws {
        try await withRecruiter { client, _ in
            let ids = try await Labelled.load(client)
            let ios = try #require(ids["ios"])
            #expect(try await client.call(Match.Run.self, .init(resumeIds: [ios], topK: 1)).matches.first?.jobId == "IOS-1")
            // The right job goes: the next best takes its place; a filter limits the jobs.
            _ = try await client.call(Jobs.Delete.self, .init(jobIds: ["IOS-1"]))
            let without = try await client.call(Match.Run.self, .init(resumeIds: [ios], topK: 4)).matches
            #expect(!without.contains { $0.jobId == "IOS-1" })
            let filtered = try await client.call(Match.Run.self, .init(resumeIds: [ios], filters: ["industrySegment": FilterValues(["Logistics"])]))
            #expect(filtered.matches.map(\.jobId) == ["WH-1"])
            // A new description changes the job's profile and ranking.
            _ = try await client.call(
                Jobs.AttachDescription.self,
                .init(jobId: "WH-1", text: "Mobile engineer: Swift, SwiftUI, UIKit, Core Data. 5+ years of iOS development."))
            #expect(try await client.call(Match.Run.self, .init(resumeIds: [ios], topK: 1)).matches.first?.jobId == "WH-1")
            // A deleted resume is gone from matching.
            #expect(try await client.call(Resumes.Delete.self, .init(resumeIds: [ios])).deleted == 1)
            #expect(await errorCode { _ = try await client.call(Match.Run.self, .init(resumeIds: [ios])) } == .resumeNotFound)
            #expect(try await client.call(Match.Run.self, .init(topK: 1)).matches.count == 2)
            #expect(await errorCode { _ = try await client.call(Match.Run.self, .init(jobIds: ["NOPE"])) } == .jobNotFound)
            #expect(await errorCode { _ = try await client.call(Match.Run.self, .init(provider: "gpt-9")) } == .unknownProvider)
        }
    }

    @Test func aLockedVaultTakesItsCorporaAndTheyComeBackAfterLogin() async throws {
        try await withTestDaemon { daemon in
            try await RPCClient.withConnection(socketPath: daemon.socketPath) { client in
                let user = try await register(client, "lena")
                _ = try await login(client, user)
                let ids = try await Labelled.load(client)
                let before = try await client.call(Match.Run.self, .init(topK: 2))
                // The last session ends: the vault locks and the in-memory corpora go with it.
                _ = try await client.call(Auth.Logout.self, .init())
                _ = try await login(client, user)
                let after = try await client.call(Match.Run.self, .init(topK: 2))
                #expect(after.matches == before.matches)
                _ = try await client.call(Resumes.Delete.self, .init(resumeIds: [ids["rn"]!]))
                #expect(try await client.call(Match.Run.self, .init(topK: 2)).matches.allSatisfy { $0.resumeId != ids["rn"] })
            }
        }
    }

    @Test func processingProfilesJobsAndRecordsFailures() async throws {
        try await withRecruiter { client, _ in
            _ = try await client.call(MTB.Import.self, .init(csv: Labelled.board))
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "RN-1", text: Labelled.descriptions["RN-1"]!))
            // Attaching made RN-1's profile; the default processes the three without one.
            let first = try await client.call(Jobs.Process.self, .init())
            #expect(first.processed == 3)
            #expect(first.failed == 0)
            #expect(try await client.call(Jobs.Process.self, .init()).processed == 0)
            let some = try await client.call(Jobs.Process.self, .init(jobIds: ["ACC-1", "NOPE", "WH-1"]))
            #expect(some.processed == 2)
            #expect(some.errors == [Jobs.Process.Failure(jobId: "NOPE", message: "no job NOPE")])
            let run = try await client.call(History.Get.self, .init(runId: some.runId))
            #expect(run.kind == "jobs.process")
            #expect(run.summary["failed"] == .int(1))
            let nurse = try await client.call(Jobs.Get.self, .init(jobId: "RN-1"))
            let profile = try #require(nurse.profile)
            #expect(profile.skills?.required.contains("Advanced Cardiac Life Support") == true)
            #expect(profile.minYears == 2)
            #expect(profile.employmentType == "full-time")
            #expect(profile.remote == "onsite")
            #expect(profile.salary?.min == 48)
            #expect(profile.salary?.period == "hour")
            let accountant = try await client.call(Jobs.Get.self, .init(jobId: "ACC-1")).profile
            #expect(accountant?.location?.contains("Houston") == true)
            #expect(await errorCode { _ = try await client.call(Jobs.Process.self, .init(provider: "nope")) } == .unknownProvider)
            // A change to the row or the description makes the profile stale: it goes, and
            // processing makes it again from what the job says now.
            var change = JobFields(jobId: "RN-1")
            change.description = "ICU nurse. Requirements: 6+ years of critical care nursing, ACLS."
            #expect(try await client.call(Jobs.Update.self, change).profile == nil)
            #expect(try await client.call(Jobs.Process.self, .init()).processed == 1)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "RN-1")).profile?.minYears == 6)
            _ = try await client.call(MTB.Import.self, .init(csv: Labelled.board.replacingOccurrences(of: "Staff Accountant", with: "Senior Accountant")))
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "ACC-1")).profile == nil)
            #expect(try await client.call(Jobs.Get.self, .init(jobId: "WH-1")).profile != nil)
        }
    }

    @Test func resumesAreReadProfiledListedAndDeleted() async throws {
        try await withRecruiter { client, daemon in
            let dir = daemon.directory + "/in"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try Labelled.resumes["rn"]!.write(toFile: dir + "/okafor.txt", atomically: true, encoding: .utf8)
            try "   \n\n ".write(toFile: dir + "/blank.txt", atomically: true, encoding: .utf8)
            try Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/photo.png"))
            let added = try await client.call(Resumes.Add.self, .init(paths: [dir + "/okafor.txt", dir + "/blank.txt", dir + "/photo.png"]))
            #expect(added.resumes.count == 1)
            #expect(Set(added.errors.map(\.filename)) == ["blank.txt", "photo.png"])
            #expect(added.errors.first { $0.filename == "blank.txt" }?.code == RPCErrorCode.noText.rawValue)
            #expect(added.errors.first { $0.filename == "photo.png" }?.code == RPCErrorCode.unsupportedFormat.rawValue)
            let james = try #require(added.resumes.first)
            #expect(james.email == "james.okafor@example.com")
            #expect(james.format == "text")
            #expect(james.filename == "okafor.txt")
            #expect(james.skills.contains("Advanced Cardiac Life Support"))
            #expect(james.education == "bachelor")
            // One input that has no text is an error, and nothing is stored.
            #expect(await errorCode { _ = try await client.call(Resumes.Add.self, .init(text: " \n ")) } == .noText)
            #expect(await errorCode { _ = try await client.call(Resumes.Add.self, .init(path: "relative.txt")) } == .invalidParams)
            _ = try await client.call(Resumes.Add.self, .init(text: Labelled.resumes["acc"]!, filename: "priya.md", name: "Priya N."))
            let all = try await client.call(Resumes.List.self, .init())
            #expect(all.resumes.count == 2)
            #expect(all.resumes.first?.name == "Priya N.")
            #expect(try await client.call(Resumes.List.self, .init(query: "ventilator")).resumes.map(\.id) == [james.id])
            let paged = try await client.call(Resumes.List.self, .init(limit: 1))
            let next = try await client.call(Resumes.List.self, .init(limit: 1, cursor: paged.nextCursor))
            #expect(paged.resumes.map(\.id) + next.resumes.map(\.id) == all.resumes.map(\.id))
            let full = try await client.call(Resumes.Get.self, .init(resumeId: james.id, includeText: true))
            #expect(full.text?.contains("Parkland Medical Center") == true)
            #expect(try await client.call(Resumes.Get.self, .init(resumeId: james.id)).text == nil)
            // Nothing the resumes say is on disk in plaintext.
            #expect(try filesContaining(["Parkland", "okafor@example", "Priya"], under: daemon.dataDir).isEmpty)
            #expect(try await client.call(Resumes.Delete.self, .init(resumeIds: [james.id, james.id, "R-none"])).deleted == 1)
            #expect(await errorCode { _ = try await client.call(Resumes.Get.self, .init(resumeId: james.id)) } == .resumeNotFound)
        }
    }

    @Test func aDescriptionsOriginalGoesWhenItIsReplacedOrItsJobGoes() async throws {
        try await withRecruiter { client, daemon in
            _ = try await client.call(MTB.Import.self, .init(csv: Labelled.board))
            func blobs() throws -> Int {
                let root = daemon.dataDir + "/blobs"
                return try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.contains("/") }.count  // user/blob
            }
            let before = try blobs()
            let file = daemon.directory + "/jd.md"
            try Labelled.descriptions["RN-1"]!.write(toFile: file, atomically: true, encoding: .utf8)
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "RN-1", path: file))
            #expect(try blobs() == before + 1)
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "RN-1", path: file))
            #expect(try blobs() == before + 1)
            _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "WH-1", path: file))
            #expect(try blobs() == before + 2)
            #expect(await errorCode { _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "NOPE", path: file)) } == .jobNotFound)
            #expect(try blobs() == before + 2)
            _ = try await client.call(Jobs.Delete.self, .init(jobIds: ["RN-1"]))
            #expect(try blobs() == before + 1)
            // A replacing import that leaves WH-1 out keeps its original while the import can be
            // undone (and archives itself)…
            _ = try await client.call(MTB.Import.self, .init(csv: "JobID,Company\nIOS-1,Appleseed Labs", mode: .replace, confirm: true))
            #expect(try blobs() == before + 2)
            // …and takes it once it no longer can (a later change to the board).
            _ = try await client.call(Jobs.Delete.self, .init(jobIds: ["IOS-1"]))
            #expect(try blobs() == before + 1)
        }
    }

    @Test func candidatesKeepResumesButDoNotProcessTheBoard() async throws {
        try await withRecruiter(role: .candidate) { client, _ in
            let added = try await client.call(Resumes.Add.self, .init(text: Labelled.resumes["ios"]!))
            #expect(added.resumes.count == 1)
            #expect(await errorCode { _ = try await client.call(Jobs.Process.self, .init()) } == .forbidden)
            #expect(await errorCode { _ = try await client.call(Jobs.AttachDescription.self, .init(jobId: "X", text: "x")) } == .forbidden)
        }
    }
}
