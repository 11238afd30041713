import Foundation
import HireRPC

/// Man pages in roff, generated from the catalogue.
enum ManPages {
    static let date = "2026-11-21"

    /// `hired-rpc(7)`: the wire protocol and every method.
    static func rpc() -> String {
        var out = header("HIRED-RPC", section: 7, title: "hired JSON-RPC methods")
        let barriers = Catalogue.methods.filter(\.descriptor.bindsSession).map { "\\fB\(escape($0.name))\\fR" }
            .sorted().joined(separator: ", ")
        out += """
            .SH NAME
            hired-rpc \\- the JSON-RPC 2.0 interface of hired
            .SH DESCRIPTION
            \\fBhired\\fR(8) serves JSON-RPC 2.0 on a Unix socket. The framing is chosen per connection \
            from its first byte: \\fBC\\fR or \\fBc\\fR selects LSP-style \\fBContent-Length:\\fR headers; \
            anything else selects one JSON value per line. Replies use the client's framing.
            .PP
            Batches, notifications, named params and positional params (in the order listed below) \
            are accepted; ids are echoed exactly. A request that carries \
            \\fBparams._meta.progressToken\\fR receives \\fB$/progress\\fR notifications \
            \\fB{token, value: {done, total, stage, message}}\\fR; \\fB$/cancelRequest {id}\\fR cancels \
            a request, which is still answered, with error \\-32800. \\fB"params": null\\fR is the same as no params.
            .PP
            Requests on one connection run concurrently, and replies come in the order they are ready. \
            \(barriers), \
            which bind the connection to a session or end it, are the exception: messages sent after one \
            wait until it is answered, so a login can be sent in the same write as the calls that need it. \
            At most 32 calls run at once on a connection: one more is refused with \\-32010, while the \
            entries of a batch (at most 100) wait for their turn. A client that closes its sending side \
            (\\fBshutdown\\fR(2) with \\fBSHUT_WR\\fR, \\fBnc \\-N\\fR) gets every reply, then the connection \
            closes; a client that closes the connection altogether cancels what it asked for \
            (\\fBsocat\\fR does so 0.5 seconds after its input ends, unless given \\fB\\-t\\fR \\fIseconds\\fR).
            .SH METHODS

            """
        for method in Catalogue.methods.sorted(by: { $0.name < $1.name }) {
            let descriptor = method.descriptor
            out += ".SS \(escape(descriptor.name))\n\(escape(descriptor.summary))\n"
            if let details = descriptor.details { out += ".PP\n\(escape(details))\n" }
            out += ".PP\nAccess: \(descriptor.access.name)\(descriptor.readOnly ? ", read-only" : "")"
            out += descriptor.reportsProgress ? "; reports progress.\n" : ".\n"
            out += ".PP\nParams:\n" + fields(method.params.properties)
            out += ".PP\nResult:\n" + fields(method.result.properties, empty: method.result.shape == .any ? "any JSON value" : "{}")
            if case .object(let example) = method.example, !example.isEmpty {
                out += ".PP\nExample params: \\fB\(escape(method.example.jsonString))\\fR\n"
            }
        }
        out += ".SH ERRORS\n"
        for (code, name) in RPCErrorCode.all {
            out += ".TP\n.B \(code.rawValue)\n\(name): \(escape(code.defaultMessage)).\n"
        }
        out += ".SH SEE ALSO\n\\fBhire\\fR(1), \\fBhired\\fR(8)\n"
        return out
    }

    /// `hire(1)`: the command line.
    static func hire() -> String {
        var out = header("HIRE", section: 1, title: "hire manual")
        out += """
            .SH NAME
            hire \\- command-line client of hired
            .SH SYNOPSIS
            .B hire
            [\\fB\\-\\-socket\\fR \\fIpath\\fR] [\\fB\\-\\-json\\fR] [\\fB\\-\\-timeout\\fR \\fIseconds\\fR] \\fInoun\\fR \\fIverb\\fR [\\fIargs\\fR]
            .br
            .B hire call
            \\fImethod\\fR [\\fIkey\\fR=\\fIvalue\\fR | \\fIkey\\fR:=\\fIjson\\fR ...] [\\fB\\-\\-params\\fR \\fIjson\\fR | \\fB\\-\\-params \\-\\fR]
            .br
            .B hire help
            [\\fItopic\\fR]
            .SH DESCRIPTION
            Every method of \\fBhired\\fR(8) is a command: \\fBhire daemon status\\fR calls \\fBdaemon.status\\fR. \
            Arguments are typed from the method's schema: a param declared as a string stays a string \
            (\\fBcode=01\\fR sends "01"). \\fIkey\\fR:=\\fIjson\\fR passes raw JSON. A repeated key or a comma list \
            fills an array param.
            .PP
            On a terminal results are printed as text and tables and \\fB$/progress\\fR is drawn as a bar on \
            standard error; otherwise, or with \\fB\\-\\-json\\fR, results are printed as JSON. An error is a \
            line on standard error with its details below it (a rejected file's bad lines), piped or not; \
            with \\fB\\-\\-json\\fR the details go to standard output instead, as JSON. Ctrl-C cancels \
            the running call on the daemon.
            .PP
            \\fBhire login\\fR keeps the session's token in a file only you can read, and later commands use it \
            (see \\fBPASSWORDS\\fR for the ways to give a password).
            .SH PASSWORDS
            The commands that need a password or recovery key (\\fBregister\\fR, \\fBlogin\\fR, \\fBpasswd\\fR, \
            \\fBrecover\\fR, \\fBauth deleteAccount\\fR and their \\fBauth\\fR forms) never take it as an \
            argument, where other users (\\fBps\\fR) and the shell's history could read it: \
            flags such as \\fB\\-\\-password\\fR are refused. They take it in one of two ways:
            .TP
            On a terminal
            asked for without echo: \\fBregister\\fR asks twice, \\fBpasswd\\fR asks for the current password \
            and then the new one twice, \\fBrecover\\fR for the recovery key and then the new password twice; \
            \\fBlogin\\fR asks for the login name too when it is left out.
            .TP
            \\fB\\-\\-password\\-stdin\\fR
            read from standard input, one a line, in the order they would be asked \
            (\\fBprintf '%s\\\\n' "$pw" "$pw" | hire register dana dana@example.com \\-\\-role recruiter \\-\\-password\\-stdin\\fR). \
            Without a terminal and without this flag the command fails with a usage error.
            .PP
            \\fBhire call\\fR sends a method's params as given, a password among them: \
            \\fBhire call auth.login \\-\\-params \\- < login.json\\fR reads them as JSON from standard input \
            (or a file only you can read), the way for scripts; \\fBhire call auth.login login=dana \
            password=\\fR... works too but leaves the password in \\fBps\\fR and the shell's history: avoid it. \
            \\fBhire call\\fR does not save the session it opens.
            .PP
            An LLM provider's API key (\\fBhire providers set\\fR) is asked for without echo when standard \
            input is a terminal and \\fB\\-\\-api\\-key\\fR is not given (an empty answer keeps the key stored), \
            or read from the first line of standard input with \\fB\\-\\-api\\-key\\-stdin\\fR \
            (\\fBhire providers set cloud \\-\\-kind openai ... \\-\\-api\\-key\\-stdin < key.txt\\fR). \
            \\fB\\-\\-api\\-key\\fR \\fIKEY\\fR works too, but the key then shows in the process list and the shell's history.
            .SH OPTIONS
            .TP
            \\fB\\-\\-socket\\fR \\fIpath\\fR
            The daemon's socket. Default: \\fB$HIRED_SOCKET\\fR, else \\fB$XDG_RUNTIME_DIR/hired/rpc.sock\\fR \
            (or \\fB/tmp/hired\\-\\fIuid\\fB/rpc.sock\\fR) when it exists, else \\fB/run/hired/rpc.sock\\fR.
            .TP
            \\fB\\-\\-json\\fR
            Print results as JSON even on a terminal. An error is printed on standard output too, as \
            \\fB{"error": {"code": \\fIcode\\fB, "message": \\fItext\\fB, "data": \\fIdata\\fB}}\\fR (code and data \
            when the daemon sent them), besides its line on standard error; the exit code is unchanged.
            .TP
            \\fB\\-\\-timeout\\fR \\fIseconds\\fR
            Give up on a call after this long (default 30); the call is cancelled on the daemon.
            .SH COMMANDS

            """
        for method in Catalogue.methods.sorted(by: { $0.name < $1.name }) {
            out += ".TP\n.B hire \(escape(HelpText.usage(method, command: HelpText.commandWords(method))))\n"
                + "\(escape(method.descriptor.summary))\n"
            if method.descriptor.readsSecrets {
                let names = HelpText.secretNames(method.descriptor)
                out += "Asks for \(escape(names))\(names.contains(",") ? "," : "") without echo.\n"
            }
        }
        let shortcuts = Catalogue.methods.filter { $0.descriptor.shortcut != nil }
        if !shortcuts.isEmpty {
            out += ".SS Shortcuts\n"
            for method in shortcuts {
                out += ".TP\n.B hire \(escape(HelpText.usage(method)))\n"
                    + "Same as \\fBhire \(escape(HelpText.commandWords(method)))\\fR: \(escape(method.descriptor.summary))\n"
            }
        }
        out += """
            .SH EXIT STATUS
            0 success, 1 the daemon answered with an error (message and code on standard error) or \
            some items of a batch failed (listed in the output), 2 cannot connect, 3 usage error, \
            130 interrupted by Ctrl-C (the call is cancelled on the daemon).
            .SH ENVIRONMENT
            .TP
            .B HIRED_SOCKET
            The socket to use when \\fB\\-\\-socket\\fR is not given.
            .TP
            .B HIRE_SESSION_FILE
            Where \\fBhire login\\fR keeps the session's token (default: \\fBsession\\fR beside the user socket, \
            \\fB$XDG_RUNTIME_DIR/hired/session\\fR).
            .SH SEE ALSO
            \\fBhired\\fR(8), \\fBhired-rpc\\fR(7)

            """
        return out
    }

    private static func header(_ name: String, section: Int, title: String) -> String {
        ".TH \(name) \(section) \(date) \"hired \(Catalogue.version)\" \"\(title)\"\n"
    }

    private static func fields(_ properties: [JSONSchema.Property], empty: String = "none") -> String {
        guard !properties.isEmpty else { return "\(empty)\n" }
        return properties.map { property in
            let kind = property.schema.typeName + (property.required ? ", required" : ", optional")
            return ".TP\n.B \(escape(property.name))\n(\(escape(kind))) \(escape(property.schema.description ?? ""))\n"
        }.joined()
    }

    /// Escapes text for roff: backslashes, hyphens, and a leading dot or quote.
    static func escape(_ text: String) -> String {
        var out = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
