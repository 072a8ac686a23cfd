import Foundation
import Hub

/// Daraja's access token, reused until shortly before it expires and fetched by one caller at a time: Daraja
/// invalidates the previous token whenever it issues a new one, so callers that arrive during a fetch wait for
/// its token instead of fetching their own.
///
/// A cache, not payment state: losing it costs one token request.
actor MPesaTokenCache {
    /// What a fetch returns: the token and how many seconds it lives.
    typealias Fetch = @Sendable () async throws(ProviderError) -> (token: String, lifetime: Int)

    private var current: (token: String, renewAt: Date)?
    private var fetching = false
    private var waiting: [CheckedContinuation<Result<String, ProviderError>, Never>] = []

    /// The cached token, or one fetched with `fetch` once `now` is within a minute (a tenth of the lifetime, for
    /// short ones) of its expiry, so that it never expires in flight.
    func token(now: Date, fetch: Fetch) async throws(ProviderError) -> String {
        if let current, now < current.renewAt { return current.token }
        if fetching {
            let result = await withCheckedContinuation { waiting.append($0) }
            return try result.get()
        }
        fetching = true
        let result: Result<String, ProviderError>
        do {
            let fetched = try await fetch()
            let margin = min(60, fetched.lifetime / 10)
            current = (fetched.token, now.addingTimeInterval(TimeInterval(max(0, fetched.lifetime - margin))))
            result = .success(fetched.token)
        } catch {
            result = .failure(error)
        }
        fetching = false
        let waiters = waiting
        waiting = []
        for waiter in waiters { waiter.resume(returning: result) }
        return try result.get()
    }

    /// Drops `token` after Daraja refused it; a token fetched since by another caller is kept.
    func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }
}
