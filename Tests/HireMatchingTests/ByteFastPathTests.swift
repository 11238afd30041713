import Foundation
import Testing

@testable import HireMatching

/// The bytewise fast paths give exactly what the Character-based code they skip would give.
@Suite struct ByteFastPathTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples")

    /// Lines of the plain-text examples, and lines made to sit on each rule's edge.
    static func lines() throws -> [String] {
        var texts: [String] = []
        for folder in ["resumes", "jobs"] {
            let directory = examples.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".txt") || name.hasSuffix(".md") {
                texts.append(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
            }
        }
        var lines = texts.flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
        lines += [
            "## Skills", "**Experience**", "EXPERIENCE", "Skills: Go, SQL", "- Skills", "> Skills", "• Skills", "Worked 5 years",
            "a b c d e f g", "a b c d e f g h", "# a b c d e f g", "#a b c d e f g h", "Requirements:", ":", "###", "***", "__=__",
            "Skills\u{301}: x", "Skills:\u{301} x", "Skills：Go", "\tSkills\t", "Skills\t\tand\ttools", String(repeating: "x", count: 60),
            String(repeating: "x", count: 61), "**" + String(repeating: "y", count: 60) + "**", "Nice to have:", "a:b:c", "What you'll need",
            "What you’ll need", "Опыт работы", "ОПЫТ", "Education 2019", "Education:2019", "-", ">", "=Summary=", "Summary *", "*Summary* :",
            "Résumé", "SKILLS & TOOLS", "Tools:   ", "  : Go", "x\u{7F}", "Languages:", "Nice-to-have", "Perks and benefits we offer you",
            "• Skills", "•\u{301} Skills", "– Skills", "✓", "Senior Engineer — Acme, May 2021 – Present", "\u{0600}5 Skills", "Skills 2021：x",
            "Skills：5", "Éducation 2019", "Résumé: 5", "Опыт 5 лет", "5\u{301} Skills", "Skills\u{301}5",
        ]
        return lines
    }

    /// A line the role screen refuses gives no title when read in full.
    @Test func linesWithoutARoleWordGiveNoTitle() throws {
        let lines = try Self.lines() + [
            "Software Engineer2019 - 2021", "RN, BSN", "qwerty asdfgh zxcv", "Head of Platform", "Engineer/Manager", "ENGINEER",
            "Representatives", "Supercalifragilisticexpialidocious engineer", "Lead: Acme; Senior Developer — 2020", "Инженер",
            "Senior Software Engineer — Acme, Austin (2019–Present)", "Mentor to three engineers", "x engineer.", "Ops (Technician)",
        ]
        var screened = 0
        for line in lines where !TitleWords.mayNameRole(line) {
            screened += 1
            for maxWords in [8, 10, 14] {
                #expect(ResumeProfiler.title(inLine: line, maxWords: maxWords, screened: false) == nil, "\(line)")
                #expect(ResumeProfiler.clauseTitles(in: line, maxWords: maxWords, screened: false).isEmpty, "\(line)")
            }
        }
        #expect(screened > 20)
        for line in ["Software Engineer2019 - 2021", "RN, BSN", "Head of Platform", "Инженер", "ENGINEER"] {
            #expect(TitleWords.mayNameRole(line), "\(line)")
        }
        #expect(!TitleWords.mayNameRole("qwerty asdfgh zxcv"))
    }

    @Test func headingRefusalsAgreeWithTheCharacterRules() throws {
        var refused = 0
        for line in try Self.lines() {
            for document in [Sections.Document.resume, .job] where Sections.cannotBeHeading(line, as: document) {
                refused += 1
                #expect(Sections.characterHeading(line, as: document) == nil, "\(line)")
            }
        }
        // The fast path is taken for ordinary prose, and not for headings.
        #expect(refused > 50)
        for prose in [
            "Led a team of five engineers building payment services in Go and Kafka.", "Senior Engineer — Acme, May 2021 – Present",
            "Qabcd Engineer", "Senior Software Engineer", "• Led the rewrite", "- Led the rewrite",
        ] {
            #expect(Sections.cannotBeHeading(prose, as: .resume), "\(prose)")
        }
        for heading in ["## Skills", "EXPERIENCE", "Skills: Go, SQL", "Nice to have:", "Skills\u{301}: x", "Skills：Go", "Skills：5", "Опыт работы", "Technical skills", "**Work experience**"] {
            #expect(!Sections.cannotBeHeading(heading, as: .resume), "\(heading)")
        }
        #expect(!Sections.cannotBeHeading("Nice to have", as: .job))
        #expect(Sections.cannotBeHeading("Nice to have", as: .resume))
    }

    @Test func fastLowercasedIsLowercased() throws {
        var samples = try Self.lines()
        samples += [
            "", "ABC xyz [\\]^_`@{|}~", "ÀÉÎÕÜ Straße İSTANBUL ΣΑΣ ΟΔΟΣ ǅǈǋ", "Ⅻ Ⓐ 𐐀𐐁 ＡＢＣ", "MIXED ascii ÉTÉ and ÇA va", "e\u{301}E\u{301}",
            "Zürich, ZÜRICH — São Paulo", "ПРИВЕТ Мир", "👩‍💻 DEV", "\u{0130}I\u{0307}",
        ]
        // Byte for byte: String's == would also accept a canonically equivalent text.
        for sample in samples + [samples.joined(separator: "\n")] {
            #expect(Array(sample.fastLowercased().utf8) == Array(sample.lowercased().utf8), "\(sample)")
        }
    }

    @Test func aPhraseSetFindsTheFirstPhraseAsSearchingEachInTurnDoes() throws {
        let phrases = ["nice to have", "plus", "is a plus", " a plus", "x", "ab", "abc", "bc", "опыт", "о", "experience", "ence"]
        let set = PhraseSet(phrases)
        var texts = try Self.lines().map { $0.lowercased() }
        texts += ["", "a", "ab", "b", "xab", "abc", "cab", "is a plus", "a plu", "it is a plus!", "опыт работы", "о", "п", "ence experience"]
        for text in texts {
            #expect(set.first(in: text) == phrases.firstIndex(where: { text.includes($0) }), "\(text)")
            #expect(set.first(in: text[...]) == phrases.firstIndex(where: { text.includes($0) }), "\(text)")
        }
    }
}
