import Foundation
import HireCore
import HireRPC

/// Options that apply to every command, wherever they appear on the line.
public struct GlobalOptions: Equatable, Sendable {
    public var socket: String?
    public var json = false
    /// True with `--json` itself (not merely piped): errors are printed as JSON objects on
    /// standard output too.
    public var jsonErrors = false
    public var timeoutSeconds: Double = 30

    public init() {}
}

/// What one `hire` command line asks for.
public enum Invocation: Equatable {
    /// Call a method with these params.
    case call(method: String, params: JSONValue)
    /// Print help for a topic (nil: everything); works without a daemon.
    case help(topic: String?)
    /// Write the files generated from the catalogue under a root directory.
    case generate(root: String)
    /// Call a method whose declaration says that `hire` asks for some of its params (secrets)
    /// or for a confirmation, or does something with the saved session (`hire login`,
    /// `hire auth deleteAccount`): all that is done at run time, with `asking`. `hire call`
    /// never comes here: it sends what it is given.
    case callAsking(method: String, params: JSONValue, asking: Asking)
    /// Print the version.
    case version
    /// Answer an interview's questions in turn: asked at the terminal, or read from a file of
    /// `## q1` sections (`-`: standard input).
    case answerInterview(interviewId: String, answersFile: String?)
    /// `hire stats --chart [--job J-…]`: the dashboard's charts as Unicode bars.
    case statsChart(jobId: String?)

    /// Parses the words after the global options. Global flags found among them are
    /// taken out into `global`.
    public static func parse(
        _ words: [String], global: inout GlobalOptions, stdin: () -> String?,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(UsageError) -> Invocation {
        let words = try extractGlobals(words, into: &global)
        guard let first = words.first else { throw UsageError("missing command; try 'hire help'") }
        switch first {
        case "help", "--help", "-h":
            return .help(topic: words.dropFirst().isEmpty ? nil : words.dropFirst().joined(separator: " "))
        case "--version", "version":
            return .version
        case "call":
            return try parseCall(Array(words.dropFirst()), stdin: stdin)
        case "_generate":
            guard words.count == 3, words[1] == "--root" else { throw UsageError("usage: hire _generate --root DIR") }
            return .generate(root: words[2])
        default:
            if first == "stats", words.contains("--chart") { return try parseStatsChart(Array(words.dropFirst())) }
            if first == "interviews", words.count >= 3, words[1] == "answer",
                let session = try parseAnswerSession(Array(words.dropFirst(2)), workingDirectory: workingDirectory)
            {
                return session
            }
            if let method = Catalogue.methods.first(where: { $0.descriptor.shortcut == first }) {
                return try parseArguments(Array(words.dropFirst()), of: method, command: first, workingDirectory: workingDirectory)
            }
            return try parseMethod(words, workingDirectory: workingDirectory)
        }
    }

    private static func extractGlobals(_ words: [String], into global: inout GlobalOptions) throws(UsageError)
        -> [String]
    {
        var rest: [String] = []
        var i = 0
        func value(_ flag: String) throws(UsageError) -> String {
            if words[i].hasPrefix(flag + "=") { return String(words[i].dropFirst(flag.count + 1)) }
            guard i + 1 < words.count else { throw UsageError("\(flag) needs a value") }
            i += 1
            return words[i]
        }
        while i < words.count {
            let word = words[i]
            if word == "--json" {
                global.json = true
            } else if word == "--socket" || word.hasPrefix("--socket=") {
                global.socket = try value("--socket")
            } else if word == "--timeout" || word.hasPrefix("--timeout=") {
                let text = try value("--timeout")
                guard let seconds = Double(text), seconds > 0 else {
                    throw UsageError("--timeout needs a positive number of seconds; got '\(text)'")
                }
                global.timeoutSeconds = seconds
            } else {
                rest.append(word)
            }
            i += 1
        }
        return rest
    }

    /// `hire call METHOD [key=value | key:=json …] [--params JSON | --params -]`.
    private static func parseCall(_ words: [String], stdin: () -> String?) throws(UsageError) -> Invocation {
        guard let method = words.first, !method.hasPrefix("-") else {
            throw UsageError("usage: hire call METHOD [key=value …] [--params JSON | --params -]")
        }
        var members: [String: JSONValue] = [:]
        var pairs: [String] = []
        var i = 1
        while i < words.count {
            if words[i] == "--params" || words[i].hasPrefix("--params=") {
                var text: String
                if words[i] == "--params" {
                    guard i + 1 < words.count else { throw UsageError("--params needs JSON or -") }
                    i += 1
                    text = words[i]
                } else {
                    text = String(words[i].dropFirst("--params=".count))
                }
                if text == "-" {
                    guard let input = stdin() else { throw UsageError("--params -: nothing on standard input") }
                    text = input
                }
                guard let parsed = try? JSONValue(parsing: text), case .object(let object) = parsed else {
                    throw UsageError("--params needs a JSON object")
                }
                members.merge(object) { _, new in new }
            } else {
                pairs.append(words[i])
            }
            i += 1
        }
        let parser = ParamParser(methodName: method, method: Catalogue.method(method))
        try parser.parse(pairs: pairs, into: &members)
        return .call(method: method, params: .object(members))
    }

    /// `hire stats [get] --chart [--job JOB]`.
    private static func parseStatsChart(_ rest: [String]) throws(UsageError) -> Invocation {
        var words = rest[...]
        if words.first == "get" { words = words.dropFirst() }
        var jobId: String?
        while let word = words.popFirst() {
            switch word {
            case "--chart": continue
            case "--job":
                guard let value = words.popFirst() else { throw UsageError("--job needs a job id") }
                jobId = value
            default: throw UsageError("'hire stats --chart' takes only --job JOB (the job whose match scores are charted); not '\(word)'")
            }
        }
        return .statsChart(jobId: jobId)
    }

    /// Params naming files: relative paths are made absolute against the working directory.
    static let pathParams: Set<String> = ["path", "paths", "dir", "coverLetterPath", "artifacts"]

    /// `hire interviews answer INTERVIEW [--from FILE]`: the whole interview, in turn. Nil
    /// when the words answer one question (`INTERVIEW QUESTION --text …`): that is the method's
    /// own command.
    private static func parseAnswerSession(_ rest: [String], workingDirectory: String) throws(UsageError) -> Invocation? {
        var positionals: [String] = []
        var file: String?
        var i = 0
        while i < rest.count {
            let word = rest[i]
            if word == "--from" {
                guard i + 1 < rest.count else { throw UsageError("--from needs a file (or - for standard input)") }
                file = rest[i + 1]
                i += 2
                continue
            }
            if word.hasPrefix("--from=") {
                file = String(word.dropFirst("--from=".count))
            } else if word.hasPrefix("-") {
                return nil
            } else {
                positionals.append(word)
            }
            i += 1
        }
        guard positionals.count == 1 else {
            if file != nil {
                throw UsageError("--from answers the whole interview: hire interviews answer INTERVIEW --from FILE")
            }
            return nil
        }
        if let given = file, given != "-", !given.hasPrefix("/") {
            file = (workingDirectory as NSString).appendingPathComponent(given)
        }
        return .answerInterview(interviewId: positionals[0], answersFile: file)
    }

    /// `hire NOUN VERB [positionals] [--param value | --flag | --no-flag …]`. A noun with one
    /// method needs no verb (`hire stats`).
    private static func parseMethod(_ words: [String], workingDirectory: String) throws(UsageError) -> Invocation {
        let noun = words[0]
        let methods = Catalogue.methods.filter { $0.descriptor.noun == noun }
        guard !methods.isEmpty else { throw UsageError("unknown command '\(noun)'; try 'hire help'") }
        var rest = Array(words.dropFirst())
        let method: MethodInfo
        if let verb = rest.first, !verb.hasPrefix("-"),
            let found = methods.first(where: { $0.descriptor.verb == verb || $0.descriptor.verbAliases.contains(verb) })
        {
            method = found
            rest.removeFirst()
        } else if let only = methods.count == 1 ? methods[0] : methods.first(where: { $0.descriptor.isDefaultVerb }),
            rest.first.map({ $0.hasPrefix("-") && $0 != "--help" && $0 != "-h" }) ?? true
        {
            method = only
        } else {
            if let first = rest.first, first == "--help" || first == "-h" { return .help(topic: noun) }
            guard let verb = rest.first else { throw UsageError("'\(noun)' needs a verb; try 'hire help \(noun)'") }
            throw UsageError("unknown command '\(noun) \(verb)'; try 'hire help \(noun)'")
        }
        return try parseArguments(rest, of: method, command: "\(noun) \(method.descriptor.verb)", workingDirectory: workingDirectory)
    }

    /// The arguments of one method's command (`command` is how it was named: `auth login`, or
    /// its shortcut `login`): `[positionals] [--param value | --flag | --no-flag …]`. Methods
    /// that take `filters` accept one flag per board column (`--state TX --cat A`); `path` and
    /// `dir` are made absolute. Secrets are never taken here (`--password-stdin` says where
    /// they come from instead), and `--yes` answers a confirmation before it is asked.
    private static func parseArguments(
        _ rest: [String], of method: MethodInfo, command: String, workingDirectory: String
    ) throws(UsageError) -> Invocation {
        let name = method.name
        let descriptor = method.descriptor
        var asking = Asking(command: command)
        let parser = ParamParser(methodName: name, method: method)
        var members: [String: JSONValue] = [:]
        var positionals = method.descriptor.positionals[...]
        let byFlag = Dictionary(uniqueKeysWithValues: method.paramNames.map { (ParamParser.flagName($0), $0) })
        let filterFlags = FilterFlags(method)
        var namedFilters: [String: JSONValue] = [:]
        var filters: [String: [String]] = [:]
        func absolute(_ param: String, _ text: String) -> String {
            guard Self.pathParams.contains(param), !text.hasPrefix("/") else { return text }
            return (workingDirectory as NSString).appendingPathComponent(text)
        }
        var i = 0
        while i < rest.count {
            let word = rest[i]
            if word == "--help" || word == "-h" { return .help(topic: name) }
            if word.hasPrefix("--") {
                var flag = String(word.dropFirst(2))
                var inline: String?
                if let equals = flag.firstIndex(of: "=") {
                    inline = String(flag[flag.index(after: equals)...])
                    flag = String(flag[..<equals])
                }
                func value() throws(UsageError) -> String {
                    if let inline { return inline }
                    guard i + 1 < rest.count else { throw UsageError("--\(flag) needs a value") }
                    i += 1
                    return rest[i]
                }
                if flag == "password-stdin", descriptor.readsSecrets, inline == nil {
                    asking.secretsFromStandardInput = true
                } else if let prompt = descriptor.prompts.first(where: { $0.kind == .optionalSecret && flag == Self.stdinFlag(of: $0) }),
                    inline == nil
                {
                    asking.fromStandardInput = prompt.param
                } else if flag == "yes", descriptor.confirmation != nil, inline == nil {
                    asking.confirmed = true
                } else if let alias = method.descriptor.flagAliases.first(where: { $0.flag == flag }) {
                    let given: String
                    if let fixed = alias.value { given = fixed } else { given = try value() }
                    try parser.add(alias.param, absolute(alias.param, given), to: &members)
                    for (param, fixed) in alias.implies.sorted(by: { $0.key < $1.key }) { try parser.add(param, fixed, to: &members) }
                } else if let param = byFlag[flag] ?? method.params.property(flag)?.name {
                    if descriptor.isSecret(param) {
                        throw UsageError(
                            "'\(command)' does not take --\(ParamParser.flagName(param)) on the command line, where other "
                                + "users and the shell's history could read it: it asks for it without echo, or reads it "
                                + "from standard input with --password-stdin")
                    }
                    if method.params.property(param)?.schema.shape == .boolean, inline == nil {
                        members[param] = .bool(true)
                    } else {
                        try parser.add(param, absolute(param, try value()), to: &members)
                    }
                } else if flag.hasPrefix("no-"), let param = byFlag[String(flag.dropFirst(3))],
                    method.params.property(param)?.schema.shape == .boolean
                {
                    members[param] = .bool(false)
                } else if case .boardColumns = filterFlags,
                    let column = BoardColumn.matching(flag) ?? BoardColumn.matching(flag.replacingOccurrences(of: "-", with: ""))
                {
                    filters[column.rawValue, default: []].append(try value())
                } else if case .fields(let fields) = filterFlags, let field = fields.first(where: { ParamParser.flagName($0.name) == flag }) {
                    namedFilters[field.name] = try FilterFlags.value(try value(), for: field)
                } else {
                    throw UsageError("unknown option '--\(flag)' for '\(command)'; try 'hire help \(command)'")
                }
            } else {
                guard let param = positionals.first else {
                    // "--save false": a boolean flag takes no value.
                    if ["true", "false"].contains(word.lowercased()), i > 0, rest[i - 1].hasPrefix("--"), !rest[i - 1].contains("="),
                        let flagged = byFlag[String(rest[i - 1].dropFirst(2))], method.params.property(flagged)?.schema.shape == .boolean
                    {
                        let flag = ParamParser.flagName(flagged)
                        throw UsageError("--\(flag) takes no value: write --\(flag) or --no-\(flag) (or --\(flag)=\(word.lowercased()))")
                    }
                    throw UsageError("unexpected argument '\(word)' for '\(command)'")
                }
                // The last positional, when it is a list, takes every word left (`resumes add A.pdf B.docx`).
                let isList: Bool
                if case .array? = method.params.property(param)?.schema.shape { isList = true } else { isList = false }
                if !isList || positionals.count > 1 { positionals.removeFirst() }
                if param == "path" || param == "paths", method.params.property("remote") != nil,
                    RcloneRemotes.names(word, workingDirectory: workingDirectory)
                {
                    // `hire mtb import gdrive:Boards/mtb.csv`: a file on a configured rclone remote.
                    guard members["remote"] == nil else { throw UsageError("'\(command)' takes one remote (a file or a folder)") }
                    members["remote"] = .string(word)
                } else if isList, Self.pathParams.contains(param) {
                    // A file name may hold a comma: one word is one path.
                    try parser.add(param, JSONValue.array([.string(absolute(param, word))]).jsonString, to: &members)
                } else {
                    try parser.add(param, absolute(param, word), to: &members)
                }
            }
            i += 1
        }
        if !filters.isEmpty || !namedFilters.isEmpty {
            var merged: [String: JSONValue] = [:]
            if case .object(let given)? = members["filters"] { merged = given }
            for (key, values) in filters { merged[key] = values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) }) }
            merged.merge(namedFilters) { _, new in new }
            members["filters"] = .object(merged)
        }
        // What is asked for at run time is not missing yet, unless it cannot be asked for:
        // a param asked only when left out is not asked while secrets come from standard input.
        let asked = Set(descriptor.prompts.filter { $0.kind != .whenMissing || !asking.secretsFromStandardInput }.map(\.param))
        if let missing = method.params.properties.first(where: { $0.required && members[$0.name] == nil && !asked.contains($0.name) }) {
            throw missingParam(missing.name, of: method, command: command)
        }
        guard descriptor.asksOrKeepsSession else { return .call(method: name, params: .object(members)) }
        return .callAsking(method: name, params: .object(members), asking: asking)
    }

    /// `api-key-stdin`: the flag that reads an optional secret from standard input.
    static func stdinFlag(of prompt: Prompt) -> String { ParamParser.flagName(prompt.param) + "-stdin" }

    /// "'register' needs --role (recruiter or candidate)".
    static func missingParam(_ param: String, of method: MethodInfo, command: String) -> UsageError {
        var how = method.descriptor.positionals.contains(param) ? param.uppercased() : "--\(ParamParser.flagName(param))"
        if case .string(let values?)? = method.params.property(param)?.schema.shape, !values.isEmpty {
            how += " (" + (values.count == 1 ? values[0] : values.dropLast().joined(separator: ", ") + " or " + values.last!) + ")"
        }
        return UsageError("'\(command)' needs \(how)")
    }
}

/// How `hire` asks for what a method's declaration says it asks for, as the command line
/// set it up.
public struct Asking: Equatable, Sendable {
    /// How the command was named (`login`, `auth login`), for messages.
    public var command: String
    /// `--password-stdin`: secrets are read from standard input, one a line, instead of asked for.
    public var secretsFromStandardInput = false
    /// `--<param>-stdin`: the optional secret read from standard input.
    public var fromStandardInput: String?
    /// `--yes`: the confirmation is taken as given.
    public var confirmed = false

    public init(command: String, secretsFromStandardInput: Bool = false, confirmed: Bool = false) {
        self.command = command
        self.secretsFromStandardInput = secretsFromStandardInput
        self.confirmed = confirmed
    }
}

extension MethodDescriptor {
    /// True when running the method's command takes more than sending its params: asking for
    /// some, a confirmation, or the saved session kept otherwise than attached.
    var asksOrKeepsSession: Bool { !prompts.isEmpty || confirmation != nil || savedSession != .attach }
}
