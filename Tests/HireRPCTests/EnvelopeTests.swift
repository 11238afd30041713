import Testing

@testable import HireRPC

@Suite struct EnvelopeTests {
    private func single(_ text: String) -> RPCIncomingItem? {
        if case .single(let item) = RPCIncoming.parse(Array(text.utf8)) { return item }
        return nil
    }

    private func request(_ text: String) -> RPCRequest? {
        if case .request(let request) = single(text) { return request }
        return nil
    }

    @Test func requestKeepsExactIdAndParamsText() throws {
        let parsed = try #require(request(#"{"id": 1.0 ,"params":[1, "x"],"method":"a.b","jsonrpc":"2.0"}"#))
        #expect(parsed.method == "a.b")
        #expect(parsed.id?.description == "1.0")
        #expect(parsed.params?.description == #"[1, "x"]"#)
        #expect(parsed.paramsAreArray)
        #expect(!parsed.isNotification)
    }

    @Test func notificationHasNoId() throws {
        #expect(try #require(request(#"{"jsonrpc":"2.0","method":"x"}"#)).isNotification)
        #expect(try #require(request(#"{"jsonrpc":"2.0","method":"x","id":null}"#)).id == .null)
    }

    @Test func progressTokenIsFound() throws {
        let parsed = try #require(
            request(#"{"jsonrpc":"2.0","method":"x","id":1,"params":{"a":1,"_meta":{"progressToken":"t-1"}}}"#))
        #expect(parsed.progressToken?.description == #""t-1""#)
        let none = try #require(request(#"{"jsonrpc":"2.0","method":"x","id":1,"params":{"_meta":{"progressToken":{}}}}"#))
        #expect(none.progressToken == nil)
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","method":1,"id":3}"#, "3"),
        (#"{"jsonrpc":2,"method":"x","id":"a"}"#, #""a""#),
        (#"{"method":"x","id":4}"#, "4"),
        (#"{"jsonrpc":"2.0","method":"x","params":"p","id":5}"#, "5"),
        (#"{"jsonrpc":"2.0","method":"x","id":[1]}"#, nil),
        (#"5"#, nil),
    ] as [(String, String?)])
    func invalidRequestsKeepAReadableId(text: String, id: String?) throws {
        guard case .invalid(let found, _) = single(text) else {
            Issue.record("expected an invalid request")
            return
        }
        #expect(found?.description == id)
    }

    /// Ids are echoed byte for byte, so one that is not UTF-8 would make an invalid reply: any
    /// text that is not UTF-8 is a parse error, wherever the bad bytes are.
    @Test(arguments: [
        [0xFF, 0xFE],  // never in UTF-8
        [0x80],  // a continuation byte alone
        [0xC0, 0xAF],  // overlong "/"
        [0xE0, 0x80, 0xAF],  // overlong, three bytes
        [0xED, 0xA0, 0x80],  // a surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xE2, 0x82],  // truncated "€"
        [0xE2, 0x82, 0x22],  // truncated at the closing quote
    ] as [[UInt8]])
    func textThatIsNotUTF8IsAParseError(bad: [UInt8]) {
        for template in [#"{"jsonrpc":"2.0","id":"?","method":"x"}"#, #"{"jsonrpc":"2.0","id":1,"method":"x?"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"x","params":{"?":1}}"#, #"[{"jsonrpc":"2.0","id":"?","method":"x"}]"#]
        {
            var text: [UInt8] = []
            for byte in template.utf8 { byte == UInt8(ascii: "?") ? text.append(contentsOf: bad) : text.append(byte) }
            guard case .parseError = RPCIncoming.parse(text) else {
                Issue.record("\(template) with \(bad) was accepted")
                continue
            }
        }
    }

    /// A `\u` escape of half a surrogate pair is no character: strict JSON readers refuse a
    /// reply that echoes one, so the request is a parse error.
    @Test(arguments: [#"\ud800"#, #"\udc00"#, #"a\ud800b"#, #"\ud800\u0041"#, #"\udbff\ud800"#])
    func unpairedSurrogateEscapesAreAParseError(escape: String) {
        guard case .parseError = RPCIncoming.parse(Array(#"{"jsonrpc":"2.0","id":"\#(escape)","method":"x"}"#.utf8)) else {
            Issue.record("\(escape) was accepted")
            return
        }
    }

    @Test func aNumericIdOutOfRangeIsNotEchoed() {
        guard case .single(.invalid(let id, _)) = RPCIncoming.parse(Array(#"{"jsonrpc":"2.0","id":1e400,"method":"x"}"#.utf8)) else {
            Issue.record("1e400 was accepted as an id")
            return
        }
        #expect(id == nil)
        guard case .single(.request(let request)) = RPCIncoming.parse(Array(#"{"jsonrpc":"2.0","id":-1.5e300,"method":"x"}"#.utf8)) else {
            Issue.record("a large finite id was refused")
            return
        }
        #expect(request.id?.bytes == Array("-1.5e300".utf8))
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":1,"method":"auth.whoami","id":2}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"auth.whoami","method":"auth.deleteAccount"}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"x","params":{},"params":{"a":1}}"#,
        #"{"jsonrpc":"2.0","jsonrpc":"2.0","id":1,"method":"x"}"#,
    ])
    func aMemberGivenTwiceIsRefused(_ text: String) {
        guard case .single(.invalid(let id, let reason)) = RPCIncoming.parse(Array(text.utf8)) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(id == nil)
        #expect(reason.contains("appears more than once"), "\(reason)")
    }

    @Test func validUTF8InAnIdIsKeptExactly() throws {
        let id = #""é€𝄞 \u00e9 \ud834\udd1e""#
        let parsed = try #require(request(#"{"jsonrpc":"2.0","method":"x","id":"# + id + "}"))
        #expect(parsed.id?.bytes == Array(id.utf8))
    }

    @Test func responsesAreBuiltAroundTheRawId() {
        let id = RawJSON(Array(#""x""#.utf8))
        #expect(String(decoding: RPCResponse.result(id: id, result: Array("[1]".utf8)), as: UTF8.self)
            == #"{"jsonrpc":"2.0","id":"x","result":[1]}"#)
        let error = RPCError(.invalidParams, "bad \"q\"", data: ["param": "q"])
        #expect(String(decoding: RPCResponse.error(id: nil, error), as: UTF8.self)
            == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32602,"message":"bad \"q\"","data":{"param":"q"}}}"#)
    }

    @Test func clientParsesRepliesAndNotifications() throws {
        guard case .replies(let replies) = try RPCClientIncoming.parse(
            Array(#"[{"jsonrpc":"2.0","id":1,"result":5},{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no"}}]"#.utf8))
        else {
            Issue.record("expected replies")
            return
        }
        #expect(replies.count == 2)
        #expect(try replies[0].outcome.get().description == "5")
        #expect(throws: RPCError(.methodNotFound, "no")) { try replies[1].outcome.get() }
        guard case .notification(let method, let params) = try RPCClientIncoming.parse(
            Array(#"{"jsonrpc":"2.0","method":"$/progress","params":{"token":1}}"#.utf8))
        else {
            Issue.record("expected a notification")
            return
        }
        #expect(method == "$/progress")
        #expect(params?["token"] == 1)
    }
}
