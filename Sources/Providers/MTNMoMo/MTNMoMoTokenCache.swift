import Foundation
import Hub

/// Access tokens per MoMo product, reused until shortly before they expire.
///
/// A cache, not payment state: losing it costs one token request.
actor MoMoTokenCache {
    private var tokens: [String: (token: String, expires: Date)] = [:]

    func token(for product: String, now: Date) -> String? {
        guard let entry = tokens[product], entry.expires > now else { return nil }
        return entry.token
    }

    /// Keeps a token until 60 s before `expires_in`, so it never expires in flight.
    func store(_ token: String, for product: String, expiresIn: Int, now: Date) {
        tokens[product] = (token, now.addingTimeInterval(TimeInterval(max(0, expiresIn - 60))))
    }

    func invalidate(_ product: String) { tokens[product] = nil }
}
