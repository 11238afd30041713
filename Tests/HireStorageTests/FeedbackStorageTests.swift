import Foundation
import HireCore
import HireCrypto
import HireStorage
import HireTestSupport
import Testing

@Suite struct FeedbackStorageTests {
    static func label(_ resumeId: String, _ jobId: String, grade: Int, marker: String = "") -> StoredFeedback {
        StoredFeedback(
            resumeId: resumeId, jobId: jobId, runId: "run-1", query: "resume:" + resumeId, grade: grade,
            features: #"{"score":0.5,"\#(marker)":1}"#, labelledAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    @Test func aLabelReplacesTheLastOneOfItsPairAndTheVersionNeverGoesBack() async throws {
        let directory = try makeTemporaryDirectory("fs")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = SecureBytes.random(32)
        let path = directory + "/v.db"
        let marker = "MRK\(UInt32.random(in: 0...UInt32.max))"
        do {
            let vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key)
            #expect(try await vault.feedbackState() == FeedbackState(labels: 0, version: 0))
            #expect(try await vault.putFeedback(Self.label("R-1", "J-1", grade: 1, marker: marker)) == false)
            #expect(try await vault.putFeedback(Self.label("R-1", "J-2", grade: 0)) == false)
            #expect(try await vault.putFeedback(Self.label("R-1", "J-1", grade: 3, marker: marker)) == true)
            #expect(try await vault.feedbackState() == FeedbackState(labels: 2, version: 3))
            #expect(try await vault.allFeedback().map(\.grade) == [0, 3])
            try await vault.setRankingModel(#"{"model":"\#(marker)"}"#)
            try vault.close()
        }
        #expect(try filesContaining([marker], under: directory).isEmpty, "labels and model are encrypted")
        let vault = try VaultStore(path: path, blobDirectory: directory + "/blobs", masterKey: key)
        #expect(try await vault.allFeedback().first { $0.jobId == "J-1" } == Self.label("R-1", "J-1", grade: 3, marker: marker))
        #expect(try await vault.rankingModel() == #"{"model":"\#(marker)"}"#)
        #expect(try await vault.deleteFeedback() == 2)
        // Deleting labels does not take the version back: a model decided before cannot pass for current.
        #expect(try await vault.feedbackState() == FeedbackState(labels: 0, version: 3))
        _ = try await vault.putFeedback(Self.label("R-2", "J-1", grade: 1))
        #expect(try await vault.feedbackState() == FeedbackState(labels: 1, version: 4))
        try await vault.setRankingModel(nil)
        #expect(try await vault.rankingModel() == nil)
        try vault.close()
    }
}
