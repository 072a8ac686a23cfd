import Foundation

/// The access tokens issued by `POST /auth/oauth2/token`, each refused once its lifetime has passed.
///
/// Airtel's tokens are short-lived (`expires_in` "180"): a client that caches a token past its lifetime meets a
/// 401 on its next call and must fetch a new one.
actor AirtelMoneyTokenStore {
    private var tokens: [String: ContinuousClock.Instant] = [:]
    private let seeded: Set<String>
    private let lifetime: Duration

    /// - Parameter seeded: tokens valid for as long as the simulator runs, for test suites that cannot fetch one.
    init(lifetime: Duration, seeded: [String] = []) {
        self.lifetime = lifetime
        self.seeded = Set(seeded)
    }

    /// A fresh token valid for `lifetime`; expired tokens are forgotten on the way.
    func issue() -> String {
        let now = ContinuousClock.now
        tokens = tokens.filter { $0.value > now }
        let token = SimulatorSecret.hex(24)
        tokens[token] = now + lifetime
        return token
    }

    /// Whether `token` was issued here and has not expired, or is seeded.
    func isValid(_ token: String) -> Bool {
        if seeded.contains(token) { return true }
        guard let expiry = tokens[token] else { return false }
        return expiry > .now
    }

    /// The lifetime in whole seconds, as `expires_in` carries it.
    var lifetimeSeconds: Int64 {
        lifetime.components.seconds
    }
}
