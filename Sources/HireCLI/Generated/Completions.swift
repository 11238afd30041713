import Foundation
import HireCore
import HireRPC

/// Shell completions for `hire`, generated from the catalogue: nouns, verbs and shortcuts;
/// each command's flags with their values (file names for paths, the values of an enum,
/// nothing to offer for free text); the board's column flags (`--state`, `--cat`) of the
/// commands that filter; positionals that are paths or enums; and `key=` names after
/// `hire call METHOD`.
enum Completions {
    private static var methods: [MethodInfo] { Catalogue.methods.sorted { $0.name < $1.name } }
    private static var nouns: [String] {
        var seen: [String] = []
        for method in methods where !seen.contains(method.descriptor.noun) { seen.append(method.descriptor.noun) }
        return seen
    }
    private static let globalFlags = ["--socket", "--json", "--timeout", "--help"]

    private static func verbs(_ noun: String) -> [String] {
        methods.filter { $0.descriptor.noun == noun }.flatMap { [$0.descriptor.verb] + $0.descriptor.verbAliases }
    }

    /// The methods that have a command of their own (`login`), in catalogue order.
    private static var shortcuts: [(word: String, method: MethodInfo)] {
        Catalogue.methods.compactMap { method in method.descriptor.shortcut.map { ($0, method) } }
    }

    /// What a flag's or a positional's value completes to.
    enum Value: Equatable {
        /// The flag takes no value (a boolean, or an alias with a fixed value).
        case none
        case file
        case directory
        case choices([String])
        /// A value to type (an id, a number, free text): nothing to offer.
        case free
    }

    struct Flag: Equatable {
        var name: String
        var value: Value
    }

    /// What a param's value completes to, from its name and schema.
    static func value(_ param: String, _ schema: JSONSchema?) -> Value {
        if param == "dir" { return .directory }
        if Invocation.pathParams.contains(param) { return .file }
        if param == "column" { return .choices(BoardColumn.allCases.map(\.rawValue)) }
        switch schema?.shape {
        case .boolean?: return .none
        case .string(let values?)?: return .choices(values)
        case .array(let items)?:
            if case .string(let values?) = items.shape { return .choices(values) }
            return .free
        default: return .free
        }
    }

    /// A method's flags: its params that are neither positional nor secret, its aliases, the
    /// board's columns when it filters, `--<param>-stdin` for an optional secret, then
    /// `--password-stdin` when it asks for secrets and
    /// `--yes` when it asks for a confirmation.
    static func flags(_ method: MethodInfo) -> [Flag] {
        let descriptor = method.descriptor
        var out = method.params.properties.filter { !descriptor.positionals.contains($0.name) && !descriptor.isSecret($0.name) }
            .map { Flag(name: "--" + ParamParser.flagName($0.name), value: value($0.name, $0.schema)) }
        for alias in descriptor.flagAliases where !out.contains(where: { $0.name == "--" + alias.flag }) {
            let kind = alias.value == nil ? value(alias.param, method.params.property(alias.param)?.schema) : .none
            out.append(Flag(name: "--" + alias.flag, value: kind))
        }
        for name in FilterFlags(method).names where !out.contains(where: { $0.name == name }) {
            out.append(Flag(name: name, value: .free))
        }
        for prompt in descriptor.prompts where prompt.kind == .optionalSecret {
            out.append(Flag(name: "--" + Invocation.stdinFlag(of: prompt), value: .none))
        }
        if descriptor.readsSecrets { out.append(Flag(name: "--password-stdin", value: .none)) }
        if descriptor.confirmation != nil { out.append(Flag(name: "--yes", value: .none)) }
        return out
    }

    /// What the positionals complete to: files when one is a path, else the values of the
    /// first that has a fixed set.
    static func positional(_ method: MethodInfo) -> Value {
        let kinds = method.descriptor.positionals.map { value($0, method.params.property($0)?.schema) }
        if let path = kinds.first(where: { $0 == .file || $0 == .directory }) { return path }
        return kinds.first { if case .choices = $0 { true } else { false } } ?? .free
    }

    /// `hire call METHOD` words: `key=` for each param, secrets included (`hire call` sends
    /// what it is given; see hire(1), PASSWORDS).
    private static func callWords(_ method: MethodInfo) -> [String] {
        method.params.properties.map { $0.name + "=" }
    }

    /// One command: its words (`mtb import`, or a shortcut's one word) and method.
    private static var commands: [(keys: [String], method: MethodInfo)] {
        methods.map { method in
            (([method.descriptor.verb] + method.descriptor.verbAliases).map { "\(method.descriptor.noun) \($0)" }, method)
        } + shortcuts.map { ([$0.word], $0.method) }
    }

    private static func words(_ values: [String]) -> String { values.joined(separator: " ") }

    /// A `case` pattern for a command: quoted when it is two words (`"mtb import"`).
    private static func caseWord(_ key: String) -> String { key.contains(" ") ? "\"\(key)\"" : key }

    // MARK: bash

    private static func bashValue(_ value: Value, _ word: String = "$cur") -> String? {
        switch value {
        case .none: nil
        case .file: "COMPREPLY=($(compgen -f -- \"\(word)\"))"
        case .directory: "COMPREPLY=($(compgen -d -- \"\(word)\"))"
        case .choices(let values): "COMPREPLY=($(compgen -W \"\(words(values))\" -- \"\(word)\"))"
        case .free: "COMPREPLY=()"
        }
    }

    static func bash() -> String {
        var out = """
            # bash completion for hire — generated by `make generate`; do not edit.
            _hire() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
                local words=() w skip=
                for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
                    if [ -n "$skip" ]; then skip=; continue; fi
                    case "$w" in --socket|--timeout) skip=1 ;; -*) ;; *) words+=("$w") ;; esac
                done
                case "$prev" in
                    --socket) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                    --timeout) return ;;
                esac
                case "${#words[@]}" in
                    0) COMPREPLY=($(compgen -W "\(words(nouns + shortcuts.map(\.word) + ["call", "help"])) \(words(globalFlags))" -- "$cur")); return ;;
                esac
                local key="${words[0]}"
                case "${words[0]}" in
                    call)
                        if [ "${#words[@]}" = 1 ]; then
                            COMPREPLY=($(compgen -W "\(words(methods.map(\.name)))" -- "$cur")); return
                        fi
                        _hire_call "${words[1]}"; return ;;
                    help) COMPREPLY=($(compgen -W "\(words(nouns + methods.map(\.name)))" -- "$cur")); return ;;

            """
        for noun in nouns {
            let byDefault = methods.first { $0.descriptor.noun == noun && $0.descriptor.isDefaultVerb }
            out += "        \(noun))\n"
            out += "            if [ \"${#words[@]}\" = 1 ]; then\n"
            if let byDefault {
                out += "                if [[ $cur == -* ]]; then key=\"\(noun) \(byDefault.descriptor.verb)\"; else\n"
                out += "                    COMPREPLY=($(compgen -W \"\(words(verbs(noun)))\" -- \"$cur\")); return\n"
                out += "                fi\n"
            } else {
                out += "                COMPREPLY=($(compgen -W \"\(words(verbs(noun)))\" -- \"$cur\")); return\n"
            }
            out += "            else key=\"${words[0]} ${words[1]}\"; fi ;;\n"
        }
        out += """
                esac
                case "$key" in

            """
        for (keys, method) in commands {
            let flags = flags(method)
            out += "        \(keys.map(caseWord).joined(separator: "|")))\n"
            let valued = flags.filter { $0.value != .none }
            if !valued.isEmpty {
                out += "            case \"$prev\" in\n"
                var groups: [(value: Value, names: [String])] = []
                for flag in valued {
                    if let i = groups.firstIndex(where: { $0.value == flag.value }) {
                        groups[i].names.append(flag.name)
                    } else {
                        groups.append((flag.value, [flag.name]))
                    }
                }
                for group in groups {
                    out += "                \(group.names.joined(separator: "|"))) \(bashValue(group.value) ?? ""); return ;;\n"
                }
                out += "            esac\n"
            }
            let all = flags.map(\.name) + ["--json", "--help"]
            if let positional = bashValue(positional(method)), positional != "COMPREPLY=()" {
                out += "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"\(words(all))\" -- \"$cur\")); else \(positional); fi ;;\n"
            } else {
                out += "            COMPREPLY=($(compgen -W \"\(words(all))\" -- \"$cur\")) ;;\n"
            }
        }
        out += """
                esac
            }

            # `hire call METHOD key=value …`: the method's param names, then the value's completion.
            _hire_call() {
                local cur="${COMP_WORDS[COMP_CWORD]}"
                case "$1" in

            """
        for method in methods {
            out += "        \(method.name))\n"
            let valued = method.params.properties.compactMap { property -> (String, String)? in
                guard let action = bashValue(value(property.name, property.schema), "${cur#*=}"), action != "COMPREPLY=()" else { return nil }
                return (property.name, action)
            }
            if !valued.isEmpty {
                out += "            case \"$cur\" in\n"
                for (name, action) in valued {
                    out += "                \(name)=*) \(action); COMPREPLY=(\"${COMPREPLY[@]/#/\(name)=}\"); return ;;\n"
                }
                out += "            esac\n"
            }
            let offered = words(callWords(method) + ["--params", "--json", "--help"])
            out += "            COMPREPLY=($(compgen -W \"\(offered)\" -- \"$cur\")) ;;\n"
        }
        out += """
                esac
                [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
            }
            complete -F _hire hire

            """
        return out
    }

    // MARK: zsh

    private static func zshValue(_ value: Value) -> String? {
        switch value {
        case .none: nil
        case .file: "_files"
        case .directory: "_files -/"
        case .choices(let values): "compadd -- \(words(values))"
        case .free: ":"
        }
    }

    static func zsh() -> String {
        var out = """
            #compdef hire
            # zsh completion for hire — generated by `make generate`; do not edit.
            _hire() {
                local -a words_
                local w skip= key prev=${words[CURRENT-1]}
                for w in "${(@)words[2,CURRENT-1]}"; do
                    if [[ -n $skip ]]; then skip=; continue; fi
                    case $w in --socket|--timeout) skip=1 ;; -*) ;; *) words_+=("$w") ;; esac
                done
                case $prev in
                    --socket) _files; return ;;
                    --timeout) return ;;
                esac
                case ${#words_} in
                    0) compadd -- \(words(nouns + shortcuts.map(\.word) + ["call", "help"])) \(words(globalFlags)); return ;;
                esac
                key=${words_[1]}
                case ${words_[1]} in
                    call)
                        if (( ${#words_} == 1 )); then compadd -- \(words(methods.map(\.name))); return; fi
                        _hire_call ${words_[2]}; return ;;
                    help) compadd -- \(words(nouns + methods.map(\.name))); return ;;

            """
        for noun in nouns {
            let byDefault = methods.first { $0.descriptor.noun == noun && $0.descriptor.isDefaultVerb }
            out += "        \(noun))\n"
            out += "            if (( ${#words_} == 1 )); then\n"
            if let byDefault {
                out += "                if [[ $PREFIX == -* ]]; then key=\"\(noun) \(byDefault.descriptor.verb)\"; else compadd -- \(words(verbs(noun))); return; fi\n"
            } else {
                out += "                compadd -- \(words(verbs(noun))); return\n"
            }
            out += "            else key=\"${words_[1]} ${words_[2]}\"; fi ;;\n"
        }
        out += """
                esac
                case $key in

            """
        for (keys, method) in commands {
            let flags = flags(method)
            out += "        \(keys.map(caseWord).joined(separator: "|")))\n"
            let valued = flags.filter { $0.value != .none }
            if !valued.isEmpty {
                out += "            case $prev in\n"
                var groups: [(value: Value, names: [String])] = []
                for flag in valued {
                    if let i = groups.firstIndex(where: { $0.value == flag.value }) {
                        groups[i].names.append(flag.name)
                    } else {
                        groups.append((flag.value, [flag.name]))
                    }
                }
                for group in groups {
                    out += "                \(group.names.joined(separator: "|"))) \(zshValue(group.value) ?? ":"); return ;;\n"
                }
                out += "            esac\n"
            }
            let all = words(flags.map(\.name) + ["--json", "--help"])
            if let positional = zshValue(positional(method)), positional != ":" {
                out += "            if [[ $PREFIX == -* ]]; then compadd -- \(all); else \(positional); fi ;;\n"
            } else {
                out += "            compadd -- \(all) ;;\n"
            }
        }
        out += """
                esac
            }

            # `hire call METHOD key=value …`: the method's param names, then the value's completion.
            _hire_call() {
                case $1 in

            """
        for method in methods {
            out += "        \(method.name))\n"
            let valued = method.params.properties.compactMap { property -> (String, String)? in
                guard let action = zshValue(value(property.name, property.schema)), action != ":" else { return nil }
                return (property.name, action)
            }
            if !valued.isEmpty {
                out += "            case $PREFIX in\n"
                for (name, action) in valued {
                    out += "                \(name)=*) compset -P '*='; \(action); return ;;\n"
                }
                out += "            esac\n"
            }
            let names = callWords(method)
            out += "            " + (names.isEmpty ? "" : "compadd -S '' -- \(words(names)); ") + "compadd -- --params --json --help ;;\n"
        }
        out += """
                esac
            }
            _hire "$@"

            """
        return out
    }

    // MARK: fish

    private static func fishFlag(_ condition: String, _ flag: Flag) -> String {
        let head = "complete -c hire -n '\(condition)' -l \(flag.name.dropFirst(2))"
        switch flag.value {
        case .none: return head + "\n"
        case .file: return head + " -r -F\n"
        case .directory: return head + " -x -a '(__fish_complete_directories)'\n"
        case .choices(let values): return head + " -x -a '\(words(values))'\n"
        case .free: return head + " -x\n"
        }
    }

    private static func fishPositional(_ condition: String, _ method: MethodInfo) -> String {
        switch positional(method) {
        case .file: "complete -c hire -n '\(condition)' -F\n"
        case .directory: "complete -c hire -n '\(condition)' -a '(__fish_complete_directories)'\n"
        case .choices(let values): "complete -c hire -n '\(condition)' -a '\(words(values))'\n"
        case .none, .free: ""
        }
    }

    static func fish() -> String {
        var out = """
            # fish completion for hire — generated by `make generate`; do not edit.
            complete -c hire -f
            complete -c hire -l socket -r -F -d 'The daemon socket'
            complete -c hire -l json -d 'Print results as JSON'
            complete -c hire -l timeout -x -d 'Seconds to wait for a reply'
            complete -c hire -n '__fish_use_subcommand' -a 'call' -d 'Call any method by name'
            complete -c hire -n '__fish_use_subcommand' -a 'help' -d 'Show help (works without a daemon)'
            complete -c hire -n '__fish_seen_subcommand_from call help; and not __fish_seen_subcommand_from \(words(methods.map(\.name)))' -a '\(words(methods.map(\.name)))'

            """
        for noun in nouns {
            out += "complete -c hire -n '__fish_use_subcommand' -a '\(noun)'\n"
            for method in methods where method.descriptor.noun == noun {
                let summary = method.descriptor.summary.replacingOccurrences(of: "'", with: "\\'")
                let verbWords = [method.descriptor.verb] + method.descriptor.verbAliases
                for verb in verbWords {
                    out += "complete -c hire -n '__fish_seen_subcommand_from \(noun); and not __fish_seen_subcommand_from \(words(verbs(noun)))' -a '\(verb)' -d '\(summary)'\n"
                }
                var condition = "__fish_seen_subcommand_from \(noun); and __fish_seen_subcommand_from \(words(verbWords))"
                if method.descriptor.isDefaultVerb {
                    condition = "__fish_seen_subcommand_from \(noun); and not __fish_seen_subcommand_from \(words(verbs(noun).filter { !verbWords.contains($0) }))"
                }
                for flag in flags(method) { out += fishFlag(condition, flag) }
                out += fishPositional(condition, method)
            }
        }
        for (word, method) in shortcuts {
            let summary = method.descriptor.summary.replacingOccurrences(of: "'", with: "\\'")
            out += "complete -c hire -n '__fish_use_subcommand' -a '\(word)' -d '\(summary)'\n"
            // `hire auth login` is completed as a verb of auth, above.
            let condition = "__fish_seen_subcommand_from \(word); and not __fish_seen_subcommand_from \(method.descriptor.noun)"
            for flag in flags(method) { out += fishFlag(condition, flag) }
            out += fishPositional(condition, method)
        }
        for method in methods where !method.params.properties.isEmpty {
            let condition = "__fish_seen_subcommand_from call; and __fish_seen_subcommand_from \(method.name)"
            out += "complete -c hire -n '\(condition)' -a '\(words(callWords(method)))'\n"
            for property in method.params.properties {
                if case .choices(let values) = value(property.name, property.schema) {
                    out += "complete -c hire -n '\(condition)' -a '\(words(values.map { property.name + "=" + $0 }))'\n"
                }
            }
        }
        return out
    }
}
