import Foundation

/// Where the exchange's password comes from, never the command line: the systemd credential
/// `exchange-password` (`LoadCredentialEncrypted=`), else the first matching line of libpq's
/// password file (`$PGPASSFILE`, else `~/.pgpass`), which must be readable by its owner only.
/// No password at all is fine: peer or certificate authentication need none.
public enum ExchangePassword {
    /// The credential file's name under `$CREDENTIALS_DIRECTORY`.
    public static let credentialName = "exchange-password"

    /// The password for `address`, or nil when no source has one.
    public static func lookup(for address: ExchangeAddress, environment: [String: String], home: String?) throws(ExchangeAddressError)
        -> String?
    {
        if let directory = environment["CREDENTIALS_DIRECTORY"] {
            let path = directory + "/" + credentialName
            if let data = FileManager.default.contents(atPath: path) {
                var text = String(decoding: data, as: UTF8.self)
                while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
                return text
            }
        }
        guard let path = environment["PGPASSFILE"] ?? home.map({ $0 + "/.pgpass" }) else { return nil }
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ExchangeAddressError("\(path) is not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw ExchangeAddressError(
                "\(path) may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))): chmod 600 it, as libpq requires")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ExchangeAddressError("cannot read \(path)") }
        return PasswordFile(String(decoding: data, as: UTF8.self)).password(
            host: address.passwordHost, isSocket: address.socketPath != nil, port: address.port, database: address.database,
            username: address.username)
    }
}

/// libpq's password file: lines `hostname:port:database:username:password`, `*` matching
/// anything in the first four fields, `\:` and `\\` escaping, `#` starting a comment line; the
/// first matching line wins.
struct PasswordFile {
    let entries: [[String]]

    init(_ text: String) {
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = Self.fields(line)
            return fields.count >= 5 ? fields : nil
        }
    }

    /// A Unix-socket connection is matched by its directory or by `localhost`, as libpq does.
    func password(host: String, isSocket: Bool, port: Int, database: String, username: String) -> String? {
        entries.first { fields in
            let hostMatches = fields[0] == "*" || fields[0] == host || (isSocket && fields[0] == "localhost")
            return hostMatches && [String(port), database, username].enumerated().allSatisfy { index, value in
                fields[index + 1] == "*" || fields[index + 1] == value
            }
        }?[4]
    }

    /// Splits a line at unescaped colons; the password is the rest of the line after the fourth.
    private static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":", fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
