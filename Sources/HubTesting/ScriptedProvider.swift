import Foundation
import Hub

/// A provider whose answers are scripted by the test, and which counts the calls it receives: `collect <ref>`,
/// `payout <ref>`, `status <ref>`. The script receives the operation's name.
public struct ScriptedProvider: PayingProvider {
    public let id: ProviderID
    public var capabilities: ProviderCapabilities
    public let answer: @Sendable (String) throws(ProviderError) -> ProviderResult
    public let calls = CallLog()

    public init(id: ProviderID,
                capabilities: ProviderCapabilities = ProviderCapabilities(operations: [.collect, .payout], methods: [.mobileMoney],
                                                                         countries: ["RW"], currencies: [.RWF]),
                answer: @escaping @Sendable (String) throws(ProviderError) -> ProviderResult) {
        self.id = id
        self.capabilities = capabilities
        self.answer = answer
    }

    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("collect \(request.reference)")
        return try answer("collect")
    }

    public func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("payout \(request.reference)")
        return try answer("payout")
    }

    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("status \(attempt.reference)")
        return try answer("status")
    }

    public var notifications: (any NotificationHandler)? { nil }
}

/// A thread-safe list of calls. A lock, not an actor, so scripted answers stay synchronous.
public final class CallLog: @unchecked Sendable {  // `entries` guarded by `lock`
    private let lock = NSLock()
    private var entries: [String] = []

    public init() {}
    public func record(_ entry: String) { lock.withLock { entries.append(entry) } }
    public var all: [String] { lock.withLock { entries } }
}
