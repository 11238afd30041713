import Foundation
import HireTestSupport
import Testing

@testable import HireMatching

/// The cheap lookups put in front of (or instead of) the standard library's give exactly what
/// the lookups they skip would give.
@Suite struct WordLookupFastPathTests {
    /// Every token of the examples, the words of each set, and words on the filters' edges.
    static func words() throws -> [String] {
        var words = try ByteFastPathTests.lines().flatMap { Tokenizer.tokens(in: $0).map(\.text) }
        words += Array(EducationParser.cueWords) + Array(YearsParser.months.keys) + Array(YearsParser.yearWords)
        words += ["", "y", "ye", "yea", "yearz", "years.", "ph", "phd.", "m", "м", "ма", "мая ", "janu", "январ", "2019", "12", "1", "+5",
            "высшее", "высшеее", "x" + String(repeating: "y", count: 70), "январь" + String(repeating: "ь", count: 40), "\u{301}", "é"]
        return words
    }

    @Test func aWordFilterRefusesNoWordOfItsSet() throws {
        for set in [EducationParser.cueWords, Set(YearsParser.months.keys), YearsParser.yearWords, ["a", "", "é", "ab"]] {
            let filter = WordFilter(set)
            var refused = 0
            for word in try Self.words() {
                if set.contains(word) { #expect(filter.mayContain(word), "\(word)") }
                if !filter.mayContain(word) { refused += 1 }
            }
            // It refuses something: a filter that lets every word through would not be one.
            #expect(refused > 100)
        }
    }

    @Test func anIntKeyTableAnswersAsTheDictionaryItWasMadeFrom() {
        var random = SplitMix(state: 3)
        for size in [0, 1, 2, 7, 100, 5000] {
            var entries: [UInt64: Int32] = [:]
            while entries.count < size { entries[random.next() >> (random.next() % 64)] = Int32(random.next() % 100_000) }
            // Key 0 (node 0, word 0: the trie's first edge) is a key like any other.
            if size > 0 { entries[0] = 0 }
            let table = IntKeyTable(entries)
            for (key, value) in entries { #expect(table[key] == value) }
            for _ in 0..<1000 {
                let key = random.next() >> (random.next() % 64)
                #expect(table[key] == entries[key])
            }
        }
    }

    @Test func aByteTableGivesIdsInInsertionOrder() throws {
        var table = ByteTable(capacity: 2)
        var ids: [String: Int32] = [:]
        for word in try Self.words() {
            let id = table.insert(word)
            if let known = ids[word] { #expect(id == known) } else { #expect(Int(id) == ids.count); ids[word] = id }
            #expect(table.find(word) == id)
        }
    }

    /// The location's parts of a line, split on bytes, are those splitting its scalars gives.
    @Test func locationSegmentsSplitAsScalarsDo() throws {
        func byScalars(_ text: String) -> [String] {
            text.unicodeScalars.split(whereSeparator: { "|•·\t;".unicodeScalars.contains($0) }).filter { $0.count <= 120 }
                .map { String(String.UnicodeScalarView($0)) }
        }
        var random = SplitMix(state: 5)
        let pieces = ["|", "•", "·", "\t", ";", " ", "Austin, TX", "é", "e\u{301}", "\u{2022}x", "\u{B7}", "¸", "€", "👩‍💻", "a", ""]
        var texts = try ByteFastPathTests.lines()
        texts += [String(repeating: "x", count: 120), String(repeating: "é", count: 120), String(repeating: "é", count: 121), "|" + String(repeating: "a", count: 121) + "|b"]
        for _ in 0..<5000 { texts.append((0..<Int(random.next() % 20)).map { _ in random.pick(pieces) }.joined()) }
        for text in texts {
            #expect(Contacts.segments(of: text).map { Array($0.utf8) } == byScalars(text).map { Array($0.utf8) }, "\(Array(text.unicodeScalars))")
        }
    }
}

/// A title's parts, numbers and words, read on bytes where the text allows, are what the
/// Character-based code they skip gives.
@Suite struct TitleFastPathTests {
    /// The segmenting as first written: every separator tried at every byte.
    static func segmentsTryingEachSeparator(_ line: String) -> [String] {
        let separators = [" | ", " — ", " – ", " - ", ", ", "; ", " at ", " @ ", "(", "\t", " / ", " в ", " • ", " · "].map { Array($0.utf8) }
        let bytes = Array(line.utf8)
        var segments: [String] = []
        var start = 0, index = 0
        scan: while index < bytes.count {
            for separator in separators where bytes.count - index >= separator.count && bytes[index] == separator[0] {
                if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                    segments.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index += separator.count
                    start = index
                    continue scan
                }
            }
            index += 1
        }
        segments.append(String(decoding: bytes[start...], as: UTF8.self))
        return segments
    }

    static func texts() throws -> [String] {
        let pieces = [
            " | ", " — ", " – ", " - ", ", ", "; ", " at ", " @ ", "(", "\t", " / ", " в ", " • ", " · ", " ", "Senior", "engineer", "2019", "5",
            "½", "٣", "Ⅻ", "①", "e\u{301}", "É", "a", ",", ";", "-", "–", "  ", "x1", "Опыт", "\u{A0}",
        ]
        var random = SplitMix(state: 17)
        var texts = try ByteFastPathTests.lines()
        for _ in 0..<5000 { texts.append((0..<Int(random.next() % 12)).map { _ in random.pick(pieces) }.joined()) }
        return texts
    }

    @Test func segmentsNumbersAndWordsAreTheSlowCodes() throws {
        for text in try Self.texts() {
            #expect(ResumeProfiler.segments(of: text) == Self.segmentsTryingEachSeparator(text), "\(text)")
            let number = ResumeProfiler.firstNumber(in: text)
            #expect(number == text.firstIndex(where: \.isNumber), "\(text)")
            #expect(ResumeProfiler.words(of: text) == text.split(separator: " "), "\(text)")
        }
    }
}
