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
    /// A command of its own for the method, without the noun (`hire login` for `hire auth login`).
    public var shortcut: String?
    /// Params `hire` asks for at the terminal rather than takes as arguments (passwords), in
    /// the order it asks.
    public var prompts: [Prompt]
    /// A question `hire` asks before it sends the call (unless `--yes`), for what cannot be undone.
    public var confirmation: Confirmation?
    /// What the call does with the session `hire` keeps between commands.
    public var savedSession: SavedSessionUse
    /// True when the call binds its connection to a session or ends the binding (logging in,
    /// attaching, logging out): it is a barrier, and requests that arrive on the connection
    /// after it wait until it has been answered.
    public var bindsSession: Bool

    public init(
        name: String, summary: String, details: String? = nil, access: Access, readOnly: Bool,
        errors: [RPCErrorCode] = [], reportsProgress: Bool = false, positionals: [String] = [], flagAliases: [FlagAlias] = [],
        verbAliases: [String] = [], isDefaultVerb: Bool = false, shortcut: String? = nil, prompts: [Prompt] = [],
        confirmation: Confirmation? = nil, savedSession: SavedSessionUse = .attach, bindsSession: Bool = false
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
        self.shortcut = shortcut
        self.prompts = prompts
        self.confirmation = confirmation
        self.savedSession = savedSession
        self.bindsSession = bindsSession
    }

    /// True when a param is a secret: asked for without echo, or read from standard input with
    /// `--password-stdin`, and never taken from the command line (where `ps` and the shell's
    /// history would keep it).
    public func isSecret(_ param: String) -> Bool {
        prompts.contains { $0.param == param && $0.isSecret }
    }

    /// True when `hire` takes `--password-stdin` for the method: it asks for a secret.
    public var readsSecrets: Bool { prompts.contains(where: \.isSecret) }

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

/// A param `hire` asks for at the terminal: a secret (never an argument), or a param it asks
/// for only when the command line leaves it out (`hire login` with no LOGIN).
public struct Prompt: Sendable, Equatable {
    /// How the param is asked for.
    public enum Kind: Sendable, Equatable {
        /// A secret, asked once without echo (a password being checked).
        case secret
        /// A secret that is being set: asked twice at a terminal, so that a typo does not lock
        /// the account (read once with `--password-stdin`).
        case newSecret
        /// Not a secret: asked (without echo, like the secrets around it) only when the command
        /// line does not give it, and never when secrets come from standard input.
        case whenMissing
        /// A secret the command line may still give (where the process list shows it): when
        /// it does not, asked without echo if standard input is a terminal (an empty answer
        /// leaves it out), or read from standard input with `--<param>-stdin`.
        case optionalSecret
    }

    public var param: String
    /// What the terminal shows: `Password: `.
    public var text: String
    public var kind: Kind

    public init(_ param: String, _ text: String, _ kind: Kind = .secret) {
        self.param = param
        self.text = text
        self.kind = kind
    }

    /// A secret never taken from the command line.
    public var isSecret: Bool { kind == .secret || kind == .newSecret }
}

/// A question `hire` asks before a call that cannot be undone; the call is sent only when the
/// answer is `answer` or the command line says `--yes`.
public struct Confirmation: Sendable, Equatable {
    /// `This deletes … Type 'delete' to confirm: `.
    public var question: String
    /// The word to type.
    public var answer: String
    /// What `hire` says when another answer came: `not deleted`.
    public var declined: String
    /// What it says when there is no terminal to ask on (`, answer at a terminal, or pass
    /// --yes` follows): `deleting an account needs confirmation`.
    public var unanswered: String

    public init(question: String, answer: String, declined: String, unanswered: String) {
        self.question = question
        self.answer = answer
        self.declined = declined
        self.unanswered = unanswered
    }
}

/// What a method does with the session `hire` saves between commands (`hire login` keeps its
/// token in a file, and each later command attaches it first).
public enum SavedSessionUse: Sendable, Equatable {
    /// Attached first when one is saved: the default.
    case attach
    /// Not attached: the method needs no session, and a saved one that has expired must not
    /// stand in its way (registering, recovering an account).
    case ignore
    /// Not attached; the reply's `token` is saved, and never printed (logging in).
    case save
    /// Attached, and forgotten once the daemon has answered: ended, or refused (and so of no
    /// more use) (logging out).
    case forgetAfterReply
    /// Attached, and forgotten when the call succeeds (deleting the account).
    case forgetOnSuccess
}

/// Params or result with no members: `{}` on the wire.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}
