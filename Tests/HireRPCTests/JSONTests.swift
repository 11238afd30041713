import Testing

@testable import HireRPC

@Suite struct JSONTests {
    @Test(arguments: [
        "{}", "[]", "0", "-0", "1.5e-3", "1E+2", #""a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00""#, "true", "false", "null",
        #"{"a":[1,{"b":null}],"c":"d"}"#, " [ 1 , 2 ] ",
    ])
    func validJSONParses(text: String) throws {
        _ = try JSONValue(parsing: text)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\"}", "{\"a\":}", "01", "1.", ".5", "-", "1e", "tru", "nul", "\"abc", "\"\\x\"",
        "\"\\u12\"", "\"a\u{01}b\"", "{} {}", "[1] x", "{1:2}", "'a'", "NaN",
    ])
    func invalidJSONIsRejected(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: deep) }
        if case .parseError = RPCIncoming.parse(Array(deep.utf8)) {} else { Issue.record("expected a parse error") }
    }

    @Test func escapesDecode() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\/\n\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/\né😀"))
    }

    @Test func invalidUTF8InAStringIsRejected() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: [0x22, 0xFF, 0xFE, 0x22]) }
    }

    @Test func writingRoundTripsAndSortsKeys() throws {
        let value: JSONValue = ["b": [1, 2.5, "x\n\"y\"", nil, true], "a": ["nested": [:]]]
        let text = value.jsonString
        #expect(text == #"{"a":{"nested":{}},"b":[1,2.5,"x\n\"y\"",null,true]}"#)
        #expect(try JSONValue(parsing: text) == value)
        #expect(try JSONValue(parsing: value.prettyString) == value)
    }

    @Test func controlCharactersAreEscapedOnWrite() throws {
        let text = JSONValue.string("a\u{01}b").jsonString
        #expect(text == #""a\u0001b""#)
        #expect(try JSONValue(parsing: text) == .string("a\u{01}b"))
    }
}
