import Foundation
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
              --json             Print results as JSON even on a terminal, and errors as
                                 {"error": {"code", "message", "data"}} on standard output too.
              --timeout SECONDS  Give up on a call after this long without a reply or progress (default 30).
              --version          Print the version.

            Commands:

            """
        let width = Catalogue.methods.map { commandWords($0).count }.max() ?? 0
        for method in Catalogue.methods.sorted(by: { $0.name < $1.name }) {
            let words = commandWords(method)
            out += "  " + words + String(repeating: " ", count: width - words.count + 2) + method.descriptor.summary + "\n"
        }
        out += "\n" + shortcuts(Catalogue.methods)
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
        if let first = words.first, let method = Catalogue.methods.first(where: { $0.descriptor.shortcut == first }) {
            return self.method(method)
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
        let shortcuts = shortcuts(methods)
        return shortcuts.isEmpty ? out : out + "\n" + shortcuts
    }

    /// The commands of their own that `methods` have (`hire login`), one usage a line, and how
    /// secrets are asked for; empty when they have none.
    static func shortcuts(_ methods: [MethodInfo]) -> String {
        let usages = methods.compactMap { method in method.descriptor.shortcut.map { usage(method, command: $0) } }
        guard !usages.isEmpty else { return "" }
        return "Shortcuts (passwords are asked for without echo, or read from standard input with --password-stdin):\n"
            + usages.map { "  hire \($0)\n" }.joined()
    }

    /// Help for one method: usage, summary, params with types, access.
    static func method(_ method: MethodInfo) -> String {
        let descriptor = method.descriptor
        var out = "Usage: hire \(usage(method))\n"
        if descriptor.shortcut != nil { out += "       hire \(usage(method, command: commandWords(method)))\n" }
        if descriptor.name == Interviews.Answer.descriptor.name {
            out += "       hire interviews answer INTERVIEWID [--from FILE | --from -]   (every question in turn)\n"
        }
        if descriptor.name == Stats.Get.descriptor.name {
            out += "       hire stats --chart [--job JOBID]   (the web desk's dashboard charts, drawn with Unicode bars)\n"
        }
        out += "       hire call \(descriptor.name) [key=value …]\n\n"
        out += descriptor.summary + "\n"
        if let details = descriptor.details { out += "\n" + details + "\n" }
        var rows: [(String, String)] = method.params.properties.filter {
            !descriptor.isSecret($0.name) && !isShadowed($0.name, in: descriptor)
        }.map { property in
            let flag = descriptor.positionals.contains(property.name)
                ? property.name.uppercased() : "--\(ParamParser.flagName(property.name))"
            let asked = descriptor.prompts.contains { $0.param == property.name && $0.kind == .whenMissing }
            // A boolean flag takes no value: --save, --no-save (or --save=false).
            if property.schema.shape == .boolean, !descriptor.positionals.contains(property.name) {
                return ("\(flag), --no-\(ParamParser.flagName(property.name))", property.schema.description ?? "")
            }
            let type = valueName(property.schema) + (asked ? ", asked for when left out" : property.required ? ", required" : "")
            return ("\(flag) <\(type)>", property.schema.description ?? "")
        }
        for prompt in descriptor.prompts where prompt.kind == .optionalSecret {
            rows.append(("--\(Invocation.stdinFlag(of: prompt))", "Read --\(ParamParser.flagName(prompt.param)) from standard input (its first line)."))
        }
        if descriptor.readsSecrets {
            let names = secretNames(descriptor)
            rows.append(("--password-stdin", "Read \(names)\(names.contains(",") ? "," : "") from standard input, one a line, instead of asking."))
        }
        if let confirmation = descriptor.confirmation {
            rows.append(("--yes", "Do not ask to type '\(confirmation.answer)' first."))
        }
        // Shorthands, in the same table so that they line up.
        for alias in descriptor.flagAliases {
            let settings = [(alias.param, alias.value ?? "<value>")] + alias.implies.sorted(by: { $0.key < $1.key })
            rows.append((
                alias.value == nil ? "--\(alias.flag) <value>" : "--\(alias.flag)",
                "Same as " + settings.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "."
            ))
        }
        if !rows.isEmpty {
            out += "\nParams:\n"
            let width = rows.map(\.0.count).max() ?? 0
            for (left, right) in rows {
                out += "  " + left + String(repeating: " ", count: width - left.count + 2) + right + "\n"
            }
        }
        if descriptor.readsSecrets {
            out += "\nAsked for without echo, never taken from the command line: \(secretNames(descriptor))"
                + (descriptor.prompts.contains { $0.kind == .newSecret } ? " (a new one twice, at a terminal).\n" : ".\n")
        }
        let filterFlags = FilterFlags(method)
        switch filterFlags {
        case .none: break
        case .boardColumns:
            out += "\nFilters: one flag per board column, repeatable for several values:\n  " + filterFlags.names.joined(separator: " ") + "\n"
        case .fields:
            out += "\nFilters: the fields of --filters, one flag each:\n  " + filterFlags.names.joined(separator: " ") + "\n"
        }
        if !descriptor.verbAliases.isEmpty {
            out += "\nAlso: " + descriptor.verbAliases.map { "hire \(descriptor.noun) \($0)" }.joined(separator: ", ") + "\n"
        }
        out += "\nAccess: \(descriptor.access.name)" + (descriptor.readOnly ? ", read-only" : "") + "\n"
        // The other commands of the noun that have a shortcut, so that one help finds them all.
        let shortcuts = shortcuts(Catalogue.methods.filter { $0.descriptor.noun == descriptor.noun })
        if !shortcuts.isEmpty { out += "\n" + shortcuts }
        return out
    }

    /// The secrets a method asks for, in order, as its prompts name them: "the current
    /// password, then the new password".
    static func secretNames(_ descriptor: MethodDescriptor) -> String {
        descriptor.prompts.filter(\.isSecret)
            .map { "the " + $0.text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: [":"]).lowercased() }
            .joined(separator: ", then ")
    }

    /// `daemon status`, with positionals and required flags; a method with a shortcut is named
    /// by it (`login [LOGIN] …`) unless `command` says otherwise. Secrets are not arguments:
    /// `--password-stdin` stands for them.
    static func usage(_ method: MethodInfo, command: String? = nil) -> String {
        let descriptor = method.descriptor
        var parts = [command ?? descriptor.shortcut ?? commandWords(method)]
        for param in descriptor.positionals {
            let asked = descriptor.prompts.contains { $0.param == param && $0.kind == .whenMissing }
            let property = method.params.property(param)
            var name = param.uppercased()
            if case .array = property?.schema.shape { name += "…" }
            parts.append(asked || property?.required == false ? "[\(name)]" : name)
        }
        for property in method.params.properties
        where !descriptor.positionals.contains(property.name) && !descriptor.isSecret(property.name)
            && !isShadowed(property.name, in: descriptor)
        {
            let flag = "--\(ParamParser.flagName(property.name))"
                + (property.schema.shape == .boolean ? "" : " <\(valueName(property.schema))>")
            parts.append(property.required ? flag : "[\(flag)]")
        }
        if descriptor.readsSecrets { parts.append("[--password-stdin]") }
        if descriptor.confirmation != nil { parts.append("[--yes]") }
        return parts.joined(separator: " ")
    }

    /// True when an alias takes the param's flag (`--cover-letter` of `hire apply` names a
    /// file): the command line reaches the param only through `hire call`.
    static func isShadowed(_ param: String, in descriptor: MethodDescriptor) -> Bool {
        descriptor.flagAliases.contains { $0.flag == ParamParser.flagName(param) }
    }

    /// How a value is written on the command line: a sort as `column[:asc|desc]` (what
    /// `hire` reads it as), the rest by their JSON type.
    static func valueName(_ schema: JSONSchema) -> String {
        if case .object = schema.shape, schema.property("by") != nil, schema.property("order") != nil { return "column[:asc|desc]" }
        return schema.typeName
    }

    static func commandWords(_ method: MethodInfo) -> String {
        "\(method.descriptor.noun) \(method.descriptor.verb)"
    }
}
