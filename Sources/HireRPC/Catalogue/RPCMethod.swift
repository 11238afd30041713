import HireCore

/// One RPC method, declared once. Everything else — the router entry, `rpc.discover`, the
/// `hire` subcommand and its help, the man page, completions — is derived from it.
public protocol RPCMethod: Sendable {
    associatedtype Params: Codable & Sendable
    associatedtype Result: Codable & Sendable
    static var descriptor: MethodDescriptor { get }
    /// Params that show a typical call, published in `rpc.discover` and the man page.
    static var example: Params { get }
}

/// Who may call a method.
public enum Access: Sendable, Equatable {
    /// Anyone who can connect.
    case `public`
    /// A connection bound to a logged-in session.
    case session
    /// A session whose user has this role.
    case role(Role)

    /// The name used in `rpc.discover` (`x-access`) and help texts.
    public var name: String {
        switch self {
        case .public: "public"
        case .session: "session"
        case .role(let role): role.rawValue
        }
    }
}

/// What a method declares about itself.
public struct MethodDescriptor: Sendable {
    /// `noun.verb` on the wire.
    public var name: String
    /// One line, imperative, ending with a full stop.
    public var summary: String
    /// Longer help, optional.
    public var details: String?
    public var access: Access
    /// True when the method changes nothing.
    public var readOnly: Bool
    /// Domain error codes the method may return, beyond the protocol's own.
    public var errors: [RPCErrorCode]
    /// True when the method sends `$/progress` notifications for a `progressToken`.
    public var reportsProgress: Bool
    /// Params the CLI takes as positional arguments, in order (`hire jobs get J-1`).
    public var positionals: [String]
    /// CLI flags that set a param to a fixed value (`--replace` for `mode=replace`).
    public var flagAliases: [FlagAlias]
    /// Other CLI verbs for the method (`hire history show` for history.get).
    public var verbAliases: [String]
    /// True for the method `hire NOUN` runs when no verb follows (`hire match --job J-1`).
    public var isDefaultVerb: Bool

    public init(
        name: String, summary: String, details: String? = nil, access: Access, readOnly: Bool,
        errors: [RPCErrorCode] = [], reportsProgress: Bool = false, positionals: [String] = [], flagAliases: [FlagAlias] = [],
        verbAliases: [String] = [], isDefaultVerb: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.details = details
        self.access = access
        self.readOnly = readOnly
        self.errors = errors
        self.reportsProgress = reportsProgress
        self.positionals = positionals
        self.flagAliases = flagAliases
        self.verbAliases = verbAliases
        self.isDefaultVerb = isDefaultVerb
    }

    /// The noun: `jobs` of `jobs.list`.
    public var noun: String { String(name.prefix { $0 != "." }) }
    /// The verb: `list` of `jobs.list`.
    public var verb: String { String(name.drop { $0 != "." }.dropFirst()) }
}

/// A CLI flag standing for `param=value` (`--replace`), or a shorter name for a param that
/// takes the flag's argument (`--top 5` for `topK=5`), possibly setting other params too.
public struct FlagAlias: Sendable, Equatable {
    public var flag: String
    public var param: String
    /// The fixed value; nil when the flag takes an argument.
    public var value: String?
    /// Other params the flag sets (`--job` also sets `per=job`).
    public var implies: [String: String]
    public init(_ flag: String, param: String, value: String? = nil, implies: [String: String] = [:]) {
        self.flag = flag
        self.param = param
        self.value = value
        self.implies = implies
    }
}

/// Params or result with no members: `{}` on the wire.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}
