import Foundation
import Synchronization

/// Who signed in to the console: the API key's id (never the key) and whether it may act (resolve payments).
public struct ConsoleOperator: Sendable, Equatable {
    public var id: String
    public var mayAct: Bool

    public init(id: String, mayAct: Bool) {
        self.id = id
        self.mayAct = mayAct
    }
}

/// The console's sessions, in this hub process's memory: a random token (the cookie) to the operator and the
/// session's CSRF token. A session ends when its operator signs out, after `idleTimeout` without a request, or at
/// `lifetime` after sign-in, whichever comes first. A restarted hub has no sessions: operators sign in again.
final class ConsoleSessions: Sendable {
    struct Session: Sendable {
        var signedIn: ConsoleOperator
        var csrfToken: String
        var startedAt: Date
        var lastSeen: Date
    }

    let idleTimeout: TimeInterval
    let lifetime: TimeInterval
    let capacity: Int
    private let sessions = Mutex<[String: Session]>([:])

    init(idleTimeout: TimeInterval = 3600, lifetime: TimeInterval = 8 * 3600, capacity: Int = 1000) {
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Starts a session and returns its token.
    func start(_ signedIn: ConsoleOperator, at now: Date) -> (token: String, session: Session) {
        let token = Self.randomToken()
        let session = Session(signedIn: signedIn, csrfToken: Self.randomToken(), startedAt: now, lastSeen: now)
        sessions.withLock { sessions in
            sessions = sessions.filter { isAlive($0.value, at: now) }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
                sessions[oldest.key] = nil
            }
            sessions[token] = session
        }
        return (token, session)
    }

    /// The live session of a token, its idle clock restarted; `nil` for an unknown, ended or expired one.
    func session(_ token: String, at now: Date) -> Session? {
        sessions.withLock { sessions in
            guard var session = sessions[token] else { return nil }
            guard isAlive(session, at: now) else {
                sessions[token] = nil
                return nil
            }
            session.lastSeen = now
            sessions[token] = session
            return session
        }
    }

    func end(_ token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }

    private func isAlive(_ session: Session, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeen) < idleTimeout && now.timeIntervalSince(session.startedAt) < lifetime
    }

    /// 32 random bytes as URL-safe base64 (43 characters), valid in a cookie and a form field.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two tokens in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// An `application/x-www-form-urlencoded` body: `+` is a space, `%XX` a byte, pairs split on `&`. A name given twice
/// is refused (as duplicate JSON keys are), and so is text that is not UTF-8 once decoded.
struct ConsoleForm {
    private(set) var fields: [String: String] = [:]

    init?(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : ""),
                  fields[name] == nil else { return nil }
            fields[name] = value
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
