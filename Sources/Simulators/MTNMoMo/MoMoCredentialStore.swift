import Foundation

/// API users, their keys and the access tokens issued to them.
///
/// Users come from provisioning calls or from the configuration's seeded users; a token belongs to one
/// product and one user and is refused after its lifetime.
actor MoMoCredentialStore {
    struct APIUser: Sendable {
        let id: String
        var apiKey: String?
        let providerCallbackHost: String
        /// Seeded users may also receive callbacks on any loopback host.
        let seeded: Bool
    }

    struct Token: Sendable {
        let product: MoMoProduct
        let userID: String
        let expiresAt: ContinuousClock.Instant
    }

    private var users: [String: APIUser] = [:]
    private var tokens: [String: Token] = [:]
    private let tokenLifetime: Duration

    init(seededUsers: [MoMoSeededUser], tokenLifetime: Duration) {
        self.tokenLifetime = tokenLifetime
        for seed in seededUsers {
            let id = seed.userID.lowercased()
            users[id] = APIUser(id: id, apiKey: seed.apiKey, providerCallbackHost: seed.providerCallbackHost, seeded: true)
        }
    }

    /// Registers a new API user; `false` if the id is taken.
    func createUser(id: String, providerCallbackHost: String) -> Bool {
        let id = id.lowercased()
        guard users[id] == nil else { return false }
        users[id] = APIUser(id: id, apiKey: nil, providerCallbackHost: providerCallbackHost, seeded: false)
        return true
    }

    func user(id: String) -> APIUser? {
        users[id.lowercased()]
    }

    /// Issues a fresh API key for a user, replacing any previous one; `nil` for an unknown user.
    func issueKey(userID: String) -> String? {
        let id = userID.lowercased()
        guard users[id] != nil else { return nil }
        let key = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        users[id]?.apiKey = key
        return key
    }

    /// Issues a token for `product` if the Basic credentials match a user and its current key.
    func issueToken(userID: String, apiKey: String, product: MoMoProduct) -> String? {
        guard let user = users[userID.lowercased()], let key = user.apiKey, key == apiKey else { return nil }
        let token = "momo-sim." + UUID().uuidString + "." + UUID().uuidString
        tokens[token] = Token(product: product, userID: user.id, expiresAt: .now + tokenLifetime)
        return token
    }

    /// The user behind a bearer token that is valid for `product` right now.
    func user(forToken token: String, product: MoMoProduct) -> APIUser? {
        guard let issued = tokens[token], issued.product == product, issued.expiresAt > .now else { return nil }
        return users[issued.userID]
    }

    var tokenLifetimeSeconds: Int64 {
        tokenLifetime.components.seconds
    }
}
