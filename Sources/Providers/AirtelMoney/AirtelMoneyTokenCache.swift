import Foundation
import Hub

/// The application's access token, reused until shortly before it expires. Airtel's tokens live 180 s, so the
/// cache refreshes early and lets one refresh run at a time: callers arriving during a refresh wait for its answer
/// instead of asking for tokens of their own.
///
/// A cache, not payment state: losing it costs one token request.
actor AirtelMoneyTokenCache {
    typealias Fetch = @Sendable () async throws(ProviderError) -> AirtelMoneyToken

    private var current: (token: String, refreshAt: Date)?
    private var refreshing = false
    private var waiting: [CheckedContinuation<Result<String, ProviderError>, Never>] = []

    /// A token valid at `now`: the cached one, the one a refresh in flight brings, or a fresh one from `fetch`.
    func token(now: Date, fetch: Fetch) async throws(ProviderError) -> String {
        if let current, current.refreshAt > now { return current.token }
        if refreshing {
            return try await withCheckedContinuation { waiting.append($0) }.get()
        }
        refreshing = true
        let result: Result<String, ProviderError>
        do {
            let token = try await fetch()
            let lifetime = token.lifetimeSeconds
            current = (token.accessToken, now.addingTimeInterval(TimeInterval(lifetime - Self.margin(lifetime))))
            result = .success(token.accessToken)
        } catch {
            result = .failure(error)
        }
        refreshing = false
        let waiters = waiting
        waiting = []
        for waiter in waiters { waiter.resume(returning: result) }
        return try result.get()
    }

    /// Drops `token` after Airtel refused it, unless a newer one has replaced it meanwhile.
    func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }

    /// How long before its end a token is replaced: a fifth of its life, at most 30 s (150 s of a 180 s token are
    /// used), so that it never expires in flight. A token without a readable lifetime is used once.
    static func margin(_ lifetime: Int) -> Int { lifetime <= 0 ? 0 : max(1, min(30, lifetime / 5)) }
}
