#if canImport(CoreFoundation)
    import CoreFoundation  // where Linux's Foundation puts timespec once ZIPFoundation is in the build
#endif
import Foundation
import HireCore
import HireIngest
import HireMatching
import Testing

/// Reading and profiling a text costs time linear in its length, whatever the text holds.
///
/// Not a timing assertion: each shape of text is processed at two sizes, one four times the
/// other, and the ratio of the CPU times is checked. Linear work gives about 4 (less with fixed
/// costs), quadratic work 16; the bound is 8. Before the fixes the Markdown reader scanned to
/// the end of a line for every `[`, `<` or stray backtick, the resume profiler compared every
/// title line with every earlier one, and the job profiler every skill with the skills found.
@Suite(.timeLimit(.minutes(3)))
struct TextScalingTests {
    static let small = 48 * 1024

    /// The shapes: a realistic resume and ad repeated, and pathological texts.
    static let shapes = [
        "resume", "one long line", "short title lines", "one huge word", "brackets", "angles", "backticks", "links",
        "skills",
    ]

    static func text(_ shape: String, bytes: Int) -> String {
        let base = Fixtures.softwareResume + "\n" + Fixtures.backendAd + "\n"
        var parts: [String] = ["Experience"]
        var size = 0
        var index = 0
        func add(_ part: String) {
            parts.append(part)
            size += part.utf8.count + 1
            index += 1
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        while size < bytes {
            switch shape {
            case "resume": add(base.replacingOccurrences(of: "20", with: "\(10 + index % 80)"))
            case "one long line": add(base.replacingOccurrences(of: "\n", with: " "))
            case "short title lines":
                // Distinct titles, one a line: "Qabcd Engineer".
                add("Q" + (0..<4).map { String(letters[(index / Int(pow(26, Double($0)))) % 26]) }.joined() + " Engineer")
            case "one huge word": add(String(repeating: "a", count: 4096))
            case "brackets": add(String(repeating: "[x", count: 2048))
            case "angles": add(String(repeating: "<a", count: 2048))
            case "backticks": add(String(repeating: "` `` ", count: 800))
            case "links": add(String(repeating: "[a](b ", count: 800) + String(repeating: "[[a](b)](c)", count: 300))
            default: add("Requirements: " + (0..<200).map { "zq\((index * 200 + $0) % Self.skillCount)x" }.joined(separator: ", "))
            }
        }
        // Long lines stay one line: the pieces of the pathological shapes are joined without breaks.
        let separator = ["resume", "short title lines", "skills"].contains(shape) ? "\n" : ""
        return parts[0] + "\n" + parts.dropFirst().joined(separator: separator)
    }

    /// Skills `zq0x` … for the "skills" shape: an ad naming thousands of different skills.
    static let skillCount = 40_000
    static let manySkills = Taxonomy(aliases: "", generated: (0..<skillCount).map { "zq\($0)x" }.joined(separator: "\n"))

    /// Everything `resumes.add` and `jobs.attachDescription` do with a text, as Markdown.
    static func process(_ text: String, taxonomy: Taxonomy) throws -> Int {
        let document = try DocumentReader.read(data: Array(text.utf8), filename: "text.md")
        let resume = ResumeProfiler.profile(text: document.text, taxonomy: taxonomy)
        let job = JobProfiler.profile(description: document.text, job: Job(jobId: "J-1"), taxonomy: taxonomy)
        let terms = TermVector(text: document.text, taxonomy: taxonomy)
        return resume.titles.count + (job.skills?.required.count ?? 0) + terms.count
    }

    static func cpuSeconds(_ work: () throws -> Int) rethrows -> Double {
        func now() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }
        let start = now()
        #expect(try work() >= 0)
        return now() - start
    }

    @Test(arguments: shapes)
    func costGrowsLinearly(shape: String) throws {
        let small = Self.text(shape, bytes: Self.small), large = Self.text(shape, bytes: 4 * Self.small)
        let taxonomy = shape == "skills" ? Self.manySkills : .builtin
        _ = try Self.process(small, taxonomy: taxonomy)  // the taxonomy and tables, loaded once
        let smallTime = try min(
            Self.cpuSeconds { try Self.process(small, taxonomy: taxonomy) }, Self.cpuSeconds { try Self.process(small, taxonomy: taxonomy) })
        var largeTime = try Self.cpuSeconds { try Self.process(large, taxonomy: taxonomy) }
        // A busy machine can slow one run: a second look before calling it super-linear.
        if largeTime > 8 * smallTime { largeTime = min(largeTime, try Self.cpuSeconds { try Self.process(large, taxonomy: taxonomy) }) }
        #expect(largeTime < 8 * smallTime, "\(shape): \(smallTime) s for 48 KiB, \(largeTime) s for 192 KiB")
    }
}
