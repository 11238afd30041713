/// Builds the OpenRPC 1.3 document that `rpc.discover` returns and `clients/openrpc.json` holds.
public enum OpenRPC {
    public static func document(methods: [MethodInfo], version: String = Catalogue.version) -> JSONValue {
        .object([
            "openrpc": "1.3.2",
            "info": .object([
                "title": "hired",
                "version": .string(version),
                "description": "Recruiting data kept encrypted at rest, served over JSON-RPC 2.0 on a Unix socket.",
            ]),
            "methods": .array(methods.sorted { $0.name < $1.name }.map(method)),
        ])
    }

    static func method(_ info: MethodInfo) -> JSONValue {
        let descriptor = info.descriptor
        var out: [String: JSONValue] = [
            "name": .string(descriptor.name),
            "summary": .string(descriptor.summary),
            "paramStructure": "either",
            "params": .array(
                info.params.properties.map { property in
                    var param: [String: JSONValue] = [
                        "name": .string(property.name),
                        "required": .bool(property.required),
                        "schema": property.schema.json,
                    ]
                    if let description = property.schema.description { param["description"] = .string(description) }
                    return .object(param)
                }),
            "result": .object(["name": "result", "schema": info.result.json]),
            "errors": .array(
                descriptor.errors.map { .object(["code": .int($0.rawValue), "message": .string($0.defaultMessage)]) }),
            "examples": .array([
                .object([
                    "name": .string("\(descriptor.name) example"),
                    "params": .array(
                        info.paramNames.compactMap { name in
                            info.example[name].map { .object(["name": .string(name), "value": $0]) }
                        }),
                ])
            ]),
            "x-access": .string(descriptor.access.name),
            "x-read-only": .bool(descriptor.readOnly),
            "x-progress": .bool(descriptor.reportsProgress),
        ]
        if let details = descriptor.details { out["description"] = .string(details) }
        return .object(out)
    }
}
