import Foundation
import GRDB

/// Group commit: concurrent writes share one transaction, and so one fsync, without weakening durability.
///
/// Each write runs in its own savepoint inside the shared transaction, so one that throws is rolled back
/// alone and its caller gets its error; the others commit. No caller hears of success before the shared
/// commit is durable. The first writer to find nobody committing becomes the leader and drains the queue
/// (its own write included) until it is empty; writers arriving meanwhile wait for the leader's next round.
final class GroupCommit: @unchecked Sendable {  // `queue` and `leading` guarded by `lock`
    private let pool: DatabasePool
    private let lock = NSLock()
    private var queue: [Job] = []
    private var leading = false

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let outcome = Outcome<T>()
        let job = Job(run: { db in
            do { try db.inSavepoint { outcome.value = try body(db); return .commit } } catch { outcome.failure = error }
        }, complete: { commitError in outcome.finish(commitError) })
        let leads = lock.withLock { () -> Bool in
            queue.append(job)
            if leading { return false }
            leading = true
            return true
        }
        if leads { await drain() }
        return try await outcome.result()
    }

    /// Commits rounds of queued writes until the queue is empty, then steps down.
    private func drain() async {
        while true {
            let round = lock.withLock { () -> [Job] in
                let jobs = queue
                queue.removeAll()
                if jobs.isEmpty { leading = false }
                return jobs
            }
            if round.isEmpty { return }
            do {
                try await pool.write { db in for job in round { job.run(db) } }
                for job in round { job.complete(nil) }
            } catch {
                for job in round { job.complete(error) }
            }
        }
    }

    private struct Job: @unchecked Sendable {  // closures run under the pool's writer, then once after the commit
        let run: (Database) -> Void
        let complete: (Error?) -> Void
    }
}

/// One write's result, handed from the leader's round to the waiting caller.
private final class Outcome<T: Sendable>: @unchecked Sendable {  // all state guarded by `lock`
    private let lock = NSLock()
    private var stored: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?
    private var pendingValue: T?
    private var pendingFailure: (any Error)?

    /// Set inside the transaction; published only by `finish` once the commit is known.
    var value: T? {
        get { lock.withLock { pendingValue } }
        set { lock.withLock { pendingValue = newValue } }
    }

    var failure: (any Error)? {
        get { lock.withLock { pendingFailure } }
        set { lock.withLock { pendingFailure = newValue } }
    }

    func finish(_ commitError: (any Error)?) {
        let (result, continuation) = lock.withLock { () -> (Result<T, any Error>, CheckedContinuation<T, any Error>?) in
            let result: Result<T, any Error>
            if let commitError {
                result = .failure(commitError)
            } else if let pendingFailure {
                result = .failure(pendingFailure)
            } else if let pendingValue {
                result = .success(pendingValue)
            } else {
                result = .failure(StoreError(.database, "a grouped write produced no result"))
            }
            stored = result
            defer { waiter = nil }
            return (result, waiter)
        }
        continuation?.resume(with: result)
    }

    func result() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready = lock.withLock { () -> Result<T, any Error>? in
                if let stored { return stored }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
