import Testing

@testable import HireRPC

private enum Color: String, Codable, SchemaStringEnum { case red, blue }

private struct Inner: Codable, Sendable { var x: Double }

private struct Sample: Codable, Sendable, SchemaDocumented {
    var name: String
    var count: Int
    var note: String?
    var tags: [String]
    var inner: Inner
    var maybe: [Inner]?
    var color: Color
    var extra: [String: Int]
    var free: JSONValue?
    static let fieldDocs = ["name": "The name."]
}

private enum SampleMethod: RPCMethod {
    static let descriptor = MethodDescriptor(name: "sample.get", summary: "Get.", access: .public, readOnly: true)
    typealias Params = Sample
    typealias Result = Empty
    static let example = Sample(
        name: "n", count: 1, note: nil, tags: ["a"], inner: Inner(x: 1), maybe: nil, color: .red, extra: [:], free: nil)
}

@Suite struct SchemaTests {
    let schema = SchemaInference.schema(of: Sample.self)

    @Test func fieldsComeInDeclarationOrderWithRequiredness() {
        #expect(schema.properties.map(\.name) == ["name", "count", "note", "tags", "inner", "maybe", "color", "extra", "free"])
        #expect(schema.properties.filter(\.required).map(\.name) == ["name", "count", "tags", "inner", "color", "extra"])
    }

    @Test func typesAreInferred() throws {
        #expect(schema.property("name")?.schema.shape == .string(enumValues: nil))
        #expect(schema.property("count")?.schema.shape == .integer)
        #expect(schema.property("tags")?.schema.shape == .array(JSONSchema(.string(enumValues: nil))))
        #expect(schema.property("inner")?.schema.shape == .object([.init(name: "x", schema: JSONSchema(.number), required: true)]))
        #expect(schema.property("color")?.schema.shape == .string(enumValues: ["red", "blue"]))
        #expect(schema.property("extra")?.schema.shape == .map(JSONSchema(.integer)))
        #expect(schema.property("free")?.schema.shape == .any)
        #expect(schema.property("name")?.schema.description == "The name.")
    }

    @Test func jsonSchemaIsWellFormed() {
        let json = schema.json
        #expect(json["type"] == "object")
        #expect(json["additionalProperties"] == false)
        #expect(json["properties"]?["tags"]?["items"]?["type"] == "string")
        #expect(json["properties"]?["color"]?["enum"] == ["red", "blue"])
    }

    @Test func paramsDecodeByNameOrPosition() throws {
        let info = MethodInfo(SampleMethod.self)
        let named = try RPCCoding.decodeParams(
            Sample.self, for: info,
            from: RawJSON(Array(#"{"name":"a","count":2,"tags":[],"inner":{"x":1},"color":"blue","extra":{},"_meta":{}}"#.utf8)),
            positional: false)
        #expect(named.color == .blue)
        let positional = try RPCCoding.decodeParams(
            Sample.self, for: info,
            from: RawJSON(Array(#"["a",2,null,["t"],{"x":1},null,"red",{"k":1}]"#.utf8)), positional: true)
        #expect(positional.tags == ["t"])
        #expect(positional.extra == ["k": 1])
        // Named params go to the decoder as written; a name given twice counts its last value.
        let base = #""count":2,"tags":[],"inner":{"x":1},"color":"red","extra":{}"#
        for (text, name) in [(#"{"name":"a","# + base + #","name":"b"}"#, "b"), (#" { "name" : "a\u00e9" , "# + base + "} ", "aé")] {
            #expect(try RPCCoding.decodeParams(Sample.self, for: info, from: RawJSON(Array(text.utf8)), positional: false).name == name)
        }
    }

    @Test(arguments: [
        (#"{"name":"a"}"#, "missing param 'count'"),
        (#"{"name":1,"count":2,"tags":[],"inner":{"x":1},"color":"red","extra":{}}"#, "param 'name' must be a string"),
        (#"{"name":"a","count":2,"tags":[],"inner":{"x":"q"},"color":"red","extra":{}}"#, "param 'inner.x'"),
        (#"{"name":"a","count":2,"tags":[1],"inner":{"x":1},"color":"red","extra":{}}"#, "param 'tags[0]'"),
        (#"{"nmae":"a"}"#, "unknown param 'nmae'"),
        (#"{"name":"a","count":2.5,"tags":[],"inner":{"x":1},"color":"red","extra":{}}"#, "a param holds a number its type cannot"),
        (#"{"name":"a","count":1e400,"tags":[],"inner":{"x":1},"color":"red","extra":{}}"#, "a param holds a number its type cannot"),
        (#"[1,2,3,4,5,6,7,8,9,10]"#, "at most 9 positional params"),
        // A value outside a fixed list names the list, never the Swift type behind it.
        (#"{"name":"a","count":2,"tags":[],"inner":{"x":1},"color":"mauve","extra":{}}"#, "param 'color' cannot be 'mauve': use one of red, blue"),
    ])
    func badParamsNameTheProblem(text: String, message: String) {
        let info = MethodInfo(SampleMethod.self)
        #expect {
            _ = try RPCCoding.decodeParams(Sample.self, for: info, from: RawJSON(Array(text.utf8)), positional: text.hasPrefix("["))
        } throws: { error in
            guard let error = error as? RPCError else { return false }
            return error.code == .invalidParams && error.message.contains(message)
        }
    }

    /// A filter's value is a string or a list of strings: a number or an object is named as
    /// such (it used to read "must be an object").
    @Test(arguments: [
        (#"{"filters":{"notes":5}}"#, "param 'filters.notes' must be a string or an array of strings"),
        (#"{"filters":{"notes":{"a":"b"}}}"#, "param 'filters.notes' must be a string or an array of strings"),
        (#"{"filters":{"notes":["a",1]}}"#, "param 'filters.notes[1]' must be a string"),
    ])
    func aFilterValueOfAnotherTypeIsNamed(text: String, message: String) {
        #expect {
            _ = try RPCCoding.decodeParams(MTB.Filter.Params.self, for: MethodInfo(MTB.Filter.self), from: RawJSON(Array(text.utf8)), positional: false)
        } throws: { error in
            guard let error = error as? RPCError else { return false }
            return error.code == .invalidParams && error.message.contains(message)
        }
        #expect(throws: Never.self) {
            _ = try RPCCoding.decodeParams(
                MTB.Filter.Params.self, for: MethodInfo(MTB.Filter.self), from: RawJSON(Array(#"{"filters":{"notes":["a"],"state":"TX"}}"#.utf8)),
                positional: false)
        }
    }

    /// A list param given as something else is named as a list (it used to read "must be an object").
    @Test func aListParamOfAnotherTypeIsNamedAsAnArray() {
        #expect {
            _ = try RPCCoding.decodeParams(
                Applications.SetStatus.Params.self, for: MethodInfo(Applications.SetStatus.self),
                from: RawJSON(Array(#"{"applicationIds":"A-1","status":"screening"}"#.utf8)), positional: false)
        } throws: { error in
            guard let error = error as? RPCError else { return false }
            return error.code == .invalidParams && error.message.contains("param 'applicationIds' must be an array")
        }
    }

    @Test func openRPCDocumentDescribesEveryCatalogueMethod() {
        let document = OpenRPC.document(methods: Catalogue.methods)
        #expect(document["openrpc"] == "1.3.2")
        guard case .array(let methods) = document["methods"] else {
            Issue.record("no methods")
            return
        }
        #expect(Set(methods.compactMap { $0["name"]?.stringValue }) == Set(Catalogue.methods.map(\.name)))
        let status = methods.first { $0["name"] == "daemon.status" }
        #expect(status?["result"]?["schema"]?["properties"]?["uptimeSeconds"]?["type"] == "number")
        #expect(status?["x-access"] == "public")
    }

    @Test func catalogueNamesAreNounDotVerbAndUnique() {
        let names = Catalogue.methods.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            let parts = name.split(separator: ".")
            #expect(parts.count == 2, "\(name)")
            // noun.verb: a lowercase noun, a lowerCamelCase verb.
            #expect(parts.first.map { $0 == $0.lowercased() } == true, "\(name)")
            #expect(parts.last?.first?.isLowercase == true && parts.last!.allSatisfy { $0.isLetter || $0.isNumber }, "\(name)")
        }
    }
}
