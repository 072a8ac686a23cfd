import Foundation

/// The access tokens the OAuth endpoint issued and when each expires. A token is refused after its lifetime, and,
/// when the configuration says so, as soon as a newer one is issued.
actor MPesaTokenStore {
    private var tokens: [String: ContinuousClock.Instant] = [:]
    private let lifetime: Duration
    private let newTokenRevokesPrevious: Bool

    init(lifetime: Duration, newTokenRevokesPrevious: Bool) {
        self.lifetime = lifetime
        self.newTokenRevokesPrevious = newTokenRevokesPrevious
    }

    func issue() -> String {
        let token = MPesaIdentifiers.accessToken()
        let now = ContinuousClock.now
        if newTokenRevokesPrevious { tokens.removeAll() }
        tokens = tokens.filter { $0.value > now }
        tokens[token] = now + lifetime
        return token
    }

    func isValid(_ token: String) -> Bool {
        guard let expiresAt = tokens[token] else { return false }
        return expiresAt > .now
    }

    /// `expires_in`: the lifetime in whole seconds.
    var lifetimeSeconds: Int64 {
        lifetime.components.seconds
    }
}
