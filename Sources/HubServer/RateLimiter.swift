import Foundation
import Synchronization

/// A token bucket per caller: `perMinute` requests a minute, refilled continuously, up to `perMinute` at once.
/// Callers are told apart by a digest of their API key; at most `capacity` buckets are kept (the fullest go first,
/// since a full bucket is what a new caller starts with anyway).
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    let perMinute: Int
    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perMinute: Int, capacity: Int = 10_000) {
        self.perMinute = perMinute
        self.capacity = capacity
    }

    /// `nil` if the caller may go ahead (a token is taken), or the whole seconds until one is available.
    func take(_ caller: String, now: Date) -> Int? {
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[caller] ?? Bucket(tokens: Double(perMinute), updated: now)
            bucket.tokens = min(Double(perMinute), bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * rate)
            bucket.updated = now
            defer {
                if buckets[caller] == nil, buckets.count >= capacity, let fullest = buckets.max(by: { $0.value.tokens < $1.value.tokens })?.key {
                    buckets[fullest] = nil
                }
                buckets[caller] = bucket
            }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / rate).rounded(.up)) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// How many callers have a bucket.
    var count: Int { buckets.withLock { $0.count } }
}
