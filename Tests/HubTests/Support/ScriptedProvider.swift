import Foundation
import Logging
@testable import Hub

/// A provider whose answers are scripted by the test, and which counts the calls it receives.
struct ScriptedProvider: PayingProvider {
    let id: ProviderID
    var capabilities = ProviderCapabilities(operations: [.collect, .payout], methods: [.mobileMoney],
                                            countries: ["RW"], currencies: [.RWF])
    let answer: @Sendable (String) throws(ProviderError) -> ProviderResult
    let calls = CallLog()

    func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("collect \(request.reference)")
        return try answer("collect")
    }

    func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("payout \(request.reference)")
        return try answer("payout")
    }

    func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("status \(attempt.reference)")
        return try answer("status")
    }

    var notifications: (any NotificationHandler)? { nil }
}

/// Thread-safe list of calls. A lock, not an actor, so scripted answers stay synchronous.
final class CallLog: @unchecked Sendable {  // state guarded by `lock`
    private let lock = NSLock()
    private var entries: [String] = []

    func record(_ entry: String) { lock.withLock { entries.append(entry) } }
    var all: [String] { lock.withLock { entries } }
}

/// A transport that must never be used: adapters in these tests do not touch the network.
struct UnusedTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        throw TransportError(.notSent, "no network in this test")
    }
}

extension HubService {
    static func testing(_ providers: [any PaymentProvider], store: any Store) -> HubService {
        HubService(store: store, registry: ProviderRegistry(providers), transport: UnusedTransport(),
                   logger: Logger(label: "test"), now: { Fixture.clock })
    }
}
