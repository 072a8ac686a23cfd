import Foundation
import Hub
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// The store on a PostgreSQL database that several hub processes may share.
///
/// The money rules are synchronous (`StoreTransaction`), so each transaction runs on a thread of the store's own pool
/// (never an event-loop thread) and waits there for each statement: `BEGIN`, the rules' reads and writes, `COMMIT`.
/// Isolation is PostgreSQL's default (read committed) with row locks: every payment and ledger account a transaction
/// reads is locked (`FOR UPDATE`) until it commits, so a balance checked is the balance the transfer changes, whichever
/// hub runs the other transaction. A deadlock, a serialization failure, or a unique key taken by a concurrent
/// transaction ends the transaction, which then runs again, a bounded number of times. Claims take rows with
/// `FOR UPDATE SKIP LOCKED` and move their lease in the same transaction, so two hubs never take the same work.
///
/// Every value goes to the server as a bound parameter; no statement is assembled from values.
public final class PostgresStore: TransactionalStore {
    public typealias Transaction = PostgresTransaction

    public let settings: PostgresSettings
    private let threads: NIOThreadPool
    private let group: any EventLoopGroup
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let nextID = ManagedAtomicCounter()
    let logger: Logger

    /// How many times a transaction runs at most when the database ends it for a conflict with another.
    static let maxAttempts = 12

    /// Connects, applies pending migrations (one hub at a time: the first takes an advisory lock), and refuses a
    /// database that a newer hub has migrated.
    /// Like `SQLiteStore`'s, this waits on the calling thread (never call it on an event loop).
    public init(_ settings: PostgresSettings, logger: Logger = Logger(label: "hub.store")) throws(StoreError) {
        self.settings = settings
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: max(1, settings.connections))
        threads.start()
        group = MultiThreadedEventLoopGroup.singleton
        do {
            try withConnection { session in try PostgresMigrations.migrate(session) }
        } catch let error as StoreError {
            threads.shutdownGracefully { _ in }
            throw error
        } catch {
            threads.shutdownGracefully { _ in }
            throw StoreError(.database, "cannot open the database \(settings.redactedURL): \(Self.describe(error))")
        }
    }

    deinit {
        let connections = idle.withLockedValue { list in
            defer { list.removeAll() }
            return list
        }
        // Each close keeps its connection until the channel is closed (the driver checks that on release).
        for connection in connections { connection.close().whenComplete { _ in withExtendedLifetime(connection) {} } }
        threads.shutdownGracefully { _ in }
    }

    /// Closes the store's connections; later calls open new ones.
    public func close() async {
        let connections = idle.withLockedValue { list in
            defer { list.removeAll() }
            return list
        }
        for connection in connections { try? await connection.close() }
    }

    /// Names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws(StoreError) -> [String] {
        try await run { session in try PostgresMigrations.applied(session) }
    }

    public func readiness() async throws(StoreError) -> StoreReadiness {
        try await run { session in
            let applied = Set(try PostgresMigrations.applied(session))
            let known = PostgresMigrations.all.map(\.identifier)
            return StoreReadiness(applied: known.filter(applied.contains), pending: known.filter { !applied.contains($0) })
        }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresTransaction) throws -> T) async throws(StoreError) -> T {
        try await run { session in try Self.inTransaction(session, body) }
    }

    /// Runs `body` in one transaction on `session`, again when the database ended it for a conflict with another
    /// transaction (up to `maxAttempts` times; a unique key three times, as a second run sees the row that took it).
    static func inTransaction<T>(_ session: PostgresSession, _ body: (PostgresTransaction) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                try session.execute(sql: "BEGIN")
                do {
                    let value = try body(PostgresTransaction(session: session))
                    try session.execute(sql: "COMMIT")
                    return value
                } catch {
                    if session.isUsable { _ = try? session.execute(sql: "ROLLBACK") }
                    throw error
                }
            } catch let error as PSQLError {
                guard let conflict = Conflict(error), attempt < (conflict == .uniqueKey ? 3 : maxAttempts) else { throw error }
                attempt += 1
                // A short, growing, jittered pause, so the transactions that collided do not collide again at once.
                let pause = min(50_000, 500 << min(attempt, 7))
                usleep(UInt32(pause / 2 + Int.random(in: 0...(pause / 2))))
            }
        }
    }

    /// Why the database ended a transaction that may succeed when run again.
    enum Conflict: Equatable {
        case serialization, deadlock, uniqueKey

        init?(_ error: PSQLError) {
            guard error.code == .server else { return nil }
            switch error.serverInfo?[.sqlState] {
            case "40001": self = .serialization
            case "40P01": self = .deadlock
            case "23505": self = .uniqueKey
            default: return nil
            }
        }
    }

    /// Runs `body` on a thread of the store's pool with a connection of its own.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws(StoreError) -> T {
        do {
            return try await threads.runIfActive { [self] in try withConnection(body) }
        } catch {
            throw Self.storeError(error)
        }
    }

    private func withConnection<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try idle.withLockedValue { $0.popLast() } ?? connect()
        let session = PostgresSession(connection: connection, logger: logger)
        do {
            let value = try body(session)
            release(session)
            return value
        } catch {
            release(session)
            throw error
        }
    }

    /// Puts a healthy connection back for the next caller; a broken one is closed.
    private func release(_ session: PostgresSession) {
        if session.isUsable {
            idle.withLockedValue { $0.append(session.connection) }
        } else {
            let connection = session.connection
            connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    private func connect() throws -> PostgresConnection {
        try PostgresConnection.connect(on: group.next(), configuration: settings.connectionConfiguration(), id: nextID.next(),
                                       logger: logger).wait()
    }

    /// A `LIMIT` parameter: a negative limit is no limit, as SQLite reads it (PostgreSQL refuses one; NULL is none).
    static func rowLimit(_ limit: Int) -> Int? { limit < 0 ? nil : limit }

    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(.database, "database error: \(describe(error))")
    }

    /// The server's SQL state and message, which name constraints and columns but never bound values (the detail
    /// field, which can quote them, is left out).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] { return "\(state): \(error.serverInfo?[.message] ?? "")" }
            return "\(error.code)"
        }
        if error is PostgresDecodingError { return "a column could not be read" }
        return String(describing: type(of: error))
    }
}

/// Connection ids for the driver's logs.
final class ManagedAtomicCounter: Sendable {
    private let value = NIOLockedValueBox(0)
    func next() -> Int { value.withLockedValue { $0 += 1; return $0 } }
}

/// One connection, used from one thread at a time, with each statement awaited synchronously (the caller is a thread
/// of the store's pool, never an event loop).
public struct PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// False once the connection is closed (the server went away): it is not put back.
    var isUsable: Bool { !connection.isClosed }

    /// The rows of a statement; every value in `binds` is sent as a parameter (`$1`, `$2`, …).
    func rows(sql text: String, _ binds: [any PostgresBindable] = []) throws -> [PostgresRandomAccessRow] {
        try result(text, binds).rows.map { $0.makeRandomAccess() }
    }

    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(sql text: String, _ binds: [any PostgresBindable] = []) throws -> Int {
        try result(text, binds).metadata.rows ?? 0
    }

    /// Runs one statement of a migration: fixed DDL text of this build, with no parameters.
    func execute(migration statement: String) throws {
        _ = try result(statement, [])
    }

    private func result(_ text: String, _ binds: [any PostgresBindable]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bind.bind(into: &bindings) }
        return try connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: logger).wait()
    }
}

/// A value a statement can take as a parameter.
public protocol PostgresBindable {
    func bind(into bindings: inout PostgresBindings)
}

extension String: PostgresBindable {
    public func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Int64: PostgresBindable {
    public func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Int: PostgresBindable {
    public func bind(into bindings: inout PostgresBindings) { bindings.append(Int64(self)) }
}

extension Bool: PostgresBindable {
    public func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Data: PostgresBindable {
    public func bind(into bindings: inout PostgresBindings) { bindings.append(ByteBuffer(bytes: self)) }
}

extension Array: PostgresBindable where Element == String {
    public func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .none: bindings.appendNull()
        case .some(let value): value.bind(into: &bindings)
        }
    }
}

/// Typed reads of a row's columns by name.
extension PostgresRandomAccessRow {
    func text(_ column: String) throws -> String { try self[column].decode(String.self) }
    func optionalText(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func int(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInt(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func count(_ column: String) throws -> Int { Int(try int(column)) }
    func bool(_ column: String) throws -> Bool { try self[column].decode(Bool.self) }
    func bytes(_ column: String) throws -> Data {
        let buffer = try self[column].decode(ByteBuffer?.self)
        return buffer.map { Data($0.readableBytesView) } ?? Data()
    }
    func date(_ column: String) throws -> Date { Timestamp.date(millis: try int(column)) }
    func optionalDate(_ column: String) throws -> Date? { try optionalInt(column).map(Timestamp.date(millis:)) }
}
