#if canImport(CoreFoundation)
    import CoreFoundation  // where Linux's Foundation puts timespec once ZIPFoundation is in the build
#endif
import Foundation
import HireCore
import HireMatching
import HireTestSupport
import Testing

/// Speed on a synthetic board (10,000 jobs of ~2 KB, 100 resumes). Off by default: run with
/// `HIRED_BENCH=1 swift test -c release --filter MatchingBenchmarks` (after
/// `swift build -c release --build-tests`); the figures go to docs/matching.md. It asserts only
/// that the work was done: timings are read, not tested.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HIRED_BENCH"] == "1"))
struct MatchingBenchmarks {
    /// SplitMix64, so every run sees the same texts.
    typealias Random = SplitMix

    static let sentences: [String] = {
        let texts = Fixtures.resumes.map(\.resume) + Fixtures.jobs.compactMap(\.1)
        return texts.flatMap { $0.split(whereSeparator: { $0 == "\n" || $0 == "." }) }.map(String.init).filter { $0.count > 20 }
    }()

    /// About `bytes` of text: real sentences mixed with Zipf-distributed made-up words, so
    /// that the vocabulary has a long tail as real boards do.
    static func text(_ random: inout Random, bytes: Int) -> String {
        var text = ""
        while text.utf8.count < bytes {
            text += random.pick(sentences) + ". "
            for _ in 0..<8 {
                let rank = Int(pow(random.unit(), 3) * 40_000)
                text += "w\(rank)x "
            }
            text += "\n"
        }
        return text
    }

    /// CPU seconds of this thread while `work` runs (steadier than wall time on a shared machine).
    static func cpu(_ work: () -> Void) -> String {
        func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        let start = now()
        work()
        return String(format: "%.3f s CPU", now() - start)
    }

    @Test func tokenizeProfileAndMatchABoard() {
        var random = Random(state: 42)
        let descriptions = (0..<10_000).map { _ in Self.text(&random, bytes: 2_000) }
        let resumes = (0..<100).map { _ in Self.text(&random, bytes: 4_000) }
        let loading = Self.cpu { _ = Taxonomy.builtin.count }

        var vectors: [TermVector] = []
        let tokenizing = Self.cpu { vectors = descriptions.map { TermVector(text: $0) } }
        var profiles: [JobProfile] = []
        let profiling = Self.cpu {
            profiles = descriptions.enumerated().map { index, text in
                var row = Job(jobId: "J-\(index)")
                row.position = "Engineer \(index % 50)"
                return JobProfiler.profile(description: text, job: row)
            }
        }
        var corpus = JobCorpus()
        let indexing = Self.cpu {
            for index in vectors.indices { corpus.upsert(id: "J-\(index)", terms: vectors[index], profile: profiles[index]) }
        }
        let queries = resumes.enumerated().map { index, text in
            MatchDocument(id: "R-\(index)", terms: TermVector(text: text), profile: ResumeProfiler.profile(text: text))
        }
        var results: [[ScoredMatch]] = []
        let matching = Self.cpu { results = Matcher().bestJobs(for: queries, among: corpus, topK: 10) }
        print("taxonomy: \(loading); tokenize 10k × 2 KB: \(tokenizing); profile 10k jobs: \(profiling); index: \(indexing); match 100 × 10k: \(matching)")
        #expect(results.count == 100 && results.allSatisfy { $0.count == 10 })
    }
}
