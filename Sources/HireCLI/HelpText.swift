import HireCore
import HireRPC

/// Help texts derived from the catalogue; the same text feeds `hire help` and the man pages.
enum HelpText {
    /// `hire help`: every command, grouped by noun.
    static func overview() -> String {
        var out = """
            Usage: hire [--socket PATH] [--json] [--timeout SECONDS] NOUN VERB [ARGS]
                   hire call METHOD [key=value | key:=json …] [--params JSON | --params -]
                   hire help [NOUN [VERB] | METHOD]

            Options:
              --socket PATH      The daemon's socket (default: $HIRED_SOCKET, then the user
                                 socket, then /run/hired/rpc.sock).
              --json             Print results as JSON even on a terminal.
              --timeout SECONDS  Give up on a call after this long without a reply or progress (default 30).
              --version          Print the version.

            Commands:

            """
        let width = Catalogue.methods.map { commandWords($0).count }.max() ?? 0
        for method in Catalogue.methods.sorted(by: { $0.name < $1.name }) {
            let words = commandWords(method)
            out += "  " + words + String(repeating: " ", count: width - words.count + 2) + method.descriptor.summary + "\n"
        }
        out += """

            Output is a table or text on a terminal and JSON when piped or with --json.
            Exit codes: 0 success, 1 error reply (or a batch with failures), 2 cannot connect, 3 usage,
            130 interrupted.

            """
        return out
    }

    /// `hire help NOUN`, `hire help NOUN VERB` or `hire help noun.verb`.
    static func topic(_ topic: String) throws(UsageError) -> String {
        let words = topic.split(whereSeparator: { $0 == " " || $0 == "." }).map(String.init)
        if let first = words.first, AccountCommand.names.contains(first) || AccountCommand.isDeleteAccount(words) {
            return AccountCommand.usage
        }
        if words.count >= 2, let method = Catalogue.method("\(words[0]).\(words[1])") {
            return self.method(method)
        }
        let methods = Catalogue.methods.filter { $0.descriptor.noun == words.first }
        guard !methods.isEmpty else { throw UsageError("no help for '\(topic)'; try 'hire help'") }
        var out = "Usage: hire \(words[0]) VERB [ARGS]\n\nVerbs:\n"
        let width = methods.map(\.descriptor.verb.count).max() ?? 0
        for method in methods {
            let verb = method.descriptor.verb
            out += "  \(verb)" + String(repeating: " ", count: width - verb.count + 2) + method.descriptor.summary + "\n"
        }
        return out
    }

    /// Help for one method: usage, summary, params with types, access.
    static func method(_ method: MethodInfo) -> String {
        let descriptor = method.descriptor
        var out = "Usage: hire \(usage(method))\n       hire call \(descriptor.name) [key=value …]\n\n"
        out += descriptor.summary + "\n"
        if let details = descriptor.details { out += "\n" + details + "\n" }
        let params = method.params.properties
        if !params.isEmpty {
            out += "\nParams:\n"
            let rows = params.map { property -> (String, String) in
                let flag = descriptor.positionals.contains(property.name)
                    ? property.name.uppercased() : "--\(ParamParser.flagName(property.name))"
                let type = property.schema.typeName + (property.required ? ", required" : "")
                return ("\(flag) <\(type)>", property.schema.description ?? "")
            }
            let width = rows.map(\.0.count).max() ?? 0
            for (left, right) in rows {
                out += "  " + left + String(repeating: " ", count: width - left.count + 2) + right + "\n"
            }
        }
        for alias in descriptor.flagAliases {
            let left = alias.value == nil ? "--\(alias.flag) <value>" : "--\(alias.flag)"
            let settings = [(alias.param, alias.value ?? "<value>")] + alias.implies.sorted(by: { $0.key < $1.key })
            out += "  " + left + String(repeating: " ", count: max(2, 26 - left.count))
                + "Same as " + settings.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + ".\n"
        }
        if method.params.property("filters") != nil {
            out += "\nFilters: one flag per board column, repeatable for several values:\n  "
                + BoardColumn.allCases.map { "--" + ParamParser.flagName($0.rawValue) }.joined(separator: " ") + "\n"
        }
        if !descriptor.verbAliases.isEmpty {
            out += "\nAlso: " + descriptor.verbAliases.map { "hire \(descriptor.noun) \($0)" }.joined(separator: ", ") + "\n"
        }
        out += "\nAccess: \(descriptor.access.name)" + (descriptor.readOnly ? ", read-only" : "") + "\n"
        return out
    }

    /// `daemon status`, with positionals and required flags.
    static func usage(_ method: MethodInfo) -> String {
        var parts = [commandWords(method)]
        let descriptor = method.descriptor
        parts += descriptor.positionals.map { $0.uppercased() }
        for property in method.params.properties where !descriptor.positionals.contains(property.name) {
            let flag = "--\(ParamParser.flagName(property.name))"
                + (property.schema.shape == .boolean ? "" : " <\(property.schema.typeName)>")
            parts.append(property.required ? flag : "[\(flag)]")
        }
        return parts.joined(separator: " ")
    }

    static func commandWords(_ method: MethodInfo) -> String {
        "\(method.descriptor.noun) \(method.descriptor.verb)"
    }
}
