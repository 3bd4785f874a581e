#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where the hub is: a `postgres://` URL, read the way libpq reads one.
///
/// `postgres://[user[:password]@]host[:port][/database][?sslmode=disable|prefer|require]`.
/// The password, when the URL carries one, is kept apart and never appears in `description`
/// or in any message: prefer `PGPASSWORD` or `~/.pgpass` (see `resolvePassword`).
public struct HubAddress: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode`, the values this client honours.
    public enum TLSMode: String, Sendable {
        /// Plain connection.
        case disable
        /// TLS when the server offers it, plain otherwise (libpq's default). The certificate is not checked.
        case prefer
        /// TLS or no connection. The certificate is not checked (as libpq's `require`).
        case require
        /// TLS with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// Only from the URL itself; see `resolvePassword` for the environment and ~/.pgpass.
    public var urlPassword: String?

    /// Parses a URL. Errors name the part that is wrong and never repeat the password.
    public init(parsing text: String, environment: [String: String] = [:]) throws(HubError) {
        var rest = Substring(text.trimmingWhitespaceAndNewlines())
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { rest.hasPrefix($0) }) else {
            throw .configuration("hub: '\(HubAddress.redact(text))' is not a postgres:// URL")
        }
        rest = rest.dropFirst(scheme.count)
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var hostPart = rest
        var port = 5432
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else {
                    throw .configuration("hub: port '\(after.dropFirst())' is not a number from 1 to 65535")
                }
                port = value
            }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            let portText = hostPart[hostPart.index(after: colon)...]
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw .configuration("hub: port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
            hostPart = hostPart[..<colon]
        }
        var user = environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = HubAddress.percentDecoded(userInfo[..<colon])
                password = HubAddress.percentDecoded(userInfo[userInfo.index(after: colon)...])
            } else {
                user = HubAddress.percentDecoded(userInfo)
            }
        }
        var tls = TLSMode.prefer
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0]), value = parts.count > 1 ? HubAddress.percentDecoded(parts[1]) : ""
            switch key {
            case "sslmode":
                switch value {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca": tls = .require
                case "verify-full": tls = .verifyFull
                default: throw .configuration("hub: sslmode '\(value)' is not disable, prefer, require or verify-full")
                }
            case "user": user = value
            case "password": password = value
            case "application_name", "connect_timeout": continue
            default: throw .configuration("hub: URL parameter '\(key)' is not supported (sslmode, user, application_name)")
            }
        }
        let host = HubAddress.percentDecoded(hostPart)
        guard !host.isEmpty else { throw .configuration("hub: the URL names no host") }
        guard !user.isEmpty else { throw .configuration("hub: the URL names no user") }
        self.host = host
        self.port = port
        self.user = user
        let database = HubAddress.percentDecoded(path)
        self.database = database.isEmpty ? user : database
        self.tls = tls
        self.urlPassword = password
    }

    /// The URL without its password: safe for messages, logs and status lines.
    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        let secret = urlPassword == nil ? "" : ":***"
        let mode = tls == .prefer ? "" : "?sslmode=\(tls.rawValue)"
        return "postgres://\(user)\(secret)@\(hostText):\(port)/\(database)\(mode)"
    }

    /// Replaces the password part of anything that looks like a postgres URL in `text` with `***`.
    /// For messages built from what a user typed, before it was parsed.
    public static func redact(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "://") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == " " || $0 == "'" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[...colon] + "***" + authority[at...]
            } else {
                out += authority
            }
            rest = rest[authorityEnd...]
        }
        out += rest
        // A password given as a query parameter.
        if let range = out.firstRange(of: "password=") {
            let end = out[range.upperBound...].firstIndex { $0 == "&" || $0 == " " || $0 == "'" } ?? out.endIndex
            out.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return out
    }

    /// The password to send, as libpq finds it: the URL's, else `PGPASSWORD`, else the first
    /// matching line of `$PGPASSFILE` or `~/.pgpass` (ignored, as by libpq, when others can read it).
    public func resolvePassword(environment: [String: String]) -> String? {
        if let urlPassword { return urlPassword }
        if let value = environment["PGPASSWORD"], !value.isEmpty { return value }
        let file = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? "") + "/.pgpass")
        guard let text = PassFile.read(file) else { return nil }
        return PassFile.lookup(text, host: host, port: port, database: database, user: user)
    }

    static func percentDecoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), high < utf8.endIndex,
               let low = utf8.index(high, offsetBy: 1, limitedBy: utf8.endIndex), low < utf8.endIndex,
               let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `~/.pgpass`: `hostname:port:database:username:password` a line, `*` matching anything,
/// `\:` and `\\` escaped, `#` comments; the first match wins.
public enum PassFile {
    /// The file's text, or nil when it is missing or readable by group or others (libpq refuses those too).
    public static func read(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0 else { return nil }
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func lookup(_ text: String, host: String, port: Int, database: String, user: String) -> String? {
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingWhitespaceAndNewlines()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            let matches = zip(fields.prefix(4), wanted).enumerated().allSatisfy { index, pair in
                pair.0 == "*" || pair.0 == pair.1 || (index == 0 && pair.0 == "localhost" && (pair.1 == "127.0.0.1" || pair.1 == "::1"))
            }
            if matches { return fields[4] }
        }
        return nil
    }

    /// Splits on unescaped colons and removes the escapes.
    static func split(_ line: String) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}

extension StringProtocol {
    func trimmingWhitespaceAndNewlines() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
