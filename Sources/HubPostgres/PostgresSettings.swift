import Foundation
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL store connects, and how.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `disable`: plain TCP (a loopback or private network); `prefer`: TLS when the server offers it; `require`: TLS
    /// with the server's certificate verified against the system's trust roots.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Connections (and threads running transactions) this store keeps at most.
    public var connections: Int

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .prefer,
                connections: Int = 8) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.connections = connections
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch self.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .clientDefault))
        case .require: .require(try NIOSSLContext(configuration: .clientDefault))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                                             database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}

extension PostgresSettings {
    /// Reads `postgres://user:password@host:port/database?sslmode=disable|prefer|require&pool=N` (also `postgresql://`).
    /// The password may be left out of the URL and given as `password` (read from the environment by the caller);
    /// user, password and database may be percent-encoded. Problems never quote the password.
    public static func parse(url text: String, password separate: String? = nil) -> Result<PostgresSettings, PostgresURLProblem> {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else {
            return .failure(PostgresURLProblem("expected postgres://user:password@host:port/database"))
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == " " }) {
            return .failure(PostgresURLProblem("contains spaces or control characters"))
        }
        guard let components = URLComponents(string: text) else { return .failure(PostgresURLProblem("is not a valid URL")) }
        guard let host = components.host, !host.isEmpty else { return .failure(PostgresURLProblem("names no host")) }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            return .failure(PostgresURLProblem("names no user (postgres://user:password@host/database)"))
        }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(PostgresURLProblem("names no database (postgres://user:password@host/database)"))
        }
        if components.fragment != nil { return .failure(PostgresURLProblem("a fragment is not supported")) }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { return .failure(PostgresURLProblem("port must be 1–65535")) }
        let inline = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        if inline != nil, separate != nil {
            return .failure(PostgresURLProblem("gives a password both in the URL and separately; keep one"))
        }
        var settings = PostgresSettings(host: host, port: port, username: user, password: inline ?? separate, database: database)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    return .failure(PostgresURLProblem("sslmode must be disable, prefer or require"))
                }
                settings.tls = mode
            case "pool":
                guard let count = item.value.flatMap(Int.init), (1...64).contains(count) else {
                    return .failure(PostgresURLProblem("pool must be a number of connections, 1–64"))
                }
                settings.connections = count
            default:
                return .failure(PostgresURLProblem("unknown option \(item.name) (known: sslmode, pool)"))
            }
        }
        return .success(settings)
    }

    /// Never the password.
    public var description: String { redactedURL }
    public var debugDescription: String { redactedURL }

    /// The URL without its password, for logs and answers.
    public var redactedURL: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}

/// Why a PostgreSQL URL names no database the hub can open. Never quotes the password.
public struct PostgresURLProblem: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
