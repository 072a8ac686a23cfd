/// Saved answers of requests that carried an `Idempotency-Key`, scoped per API key.
///
/// A key is claimed before validation; a request that fails validation releases it (nothing is saved), a
/// request that reached execution saves its answer whatever it was, 402 and 500 included. Keys are kept for
/// the simulator's lifetime (Stripe prunes them after at least 24 hours).
actor StripeIdempotencyStore {
    /// An answer as first given.
    struct Saved: Sendable {
        let reply: StripeReply
        let requestID: String
    }

    enum Claim: Sendable {
        /// First use: run the request, then `save` or `release`.
        case claimed
        /// Same key, same endpoint and parameters: answer with the saved response.
        case replay(Saved)
        /// Same key with another endpoint or other parameters.
        case mismatch
        /// Same key while the first request is still running.
        case inFlight
    }

    private enum Slot {
        case running(fingerprint: String)
        case done(fingerprint: String, saved: Saved)
    }

    private var slots: [String: [String: Slot]] = [:]

    /// `fingerprint` names the endpoint and every parameter of the request.
    func claim(_ key: String, apiKey: String, fingerprint: String) -> Claim {
        switch slots[apiKey]?[key] {
        case nil:
            slots[apiKey, default: [:]][key] = .running(fingerprint: fingerprint)
            return .claimed
        case .running(let first):
            return first == fingerprint ? .inFlight : .mismatch
        case .done(let first, let saved):
            return first == fingerprint ? .replay(saved) : .mismatch
        }
    }

    /// Forgets a claim whose request failed validation, so the key can be used again.
    func release(_ key: String, apiKey: String) {
        slots[apiKey]?[key] = nil
    }

    func save(_ key: String, apiKey: String, saved: Saved) {
        guard case .running(let fingerprint) = slots[apiKey]?[key] else { return }
        slots[apiKey]?[key] = .done(fingerprint: fingerprint, saved: saved)
    }
}
