import Foundation
import HubKit
import Webhooks

/// Sends the callbacks of final collections to the application's callback URL through the injected transport,
/// and records each delivery on its transaction.
///
/// Airtel posts `{"transaction":{"id","message","status_code","airtel_money_id"}}` to the one URL configured for
/// the application; with callback authentication on, the body also carries `"hash"`: base64(HMAC-SHA256(key, the
/// bytes of the `transaction` object exactly as they appear in the body)). Each transaction gets one task that
/// sleeps until its callbacks fall due; `shutdown()` cancels every one still waiting.
actor AirtelMoneyCallbackDispatcher {
    /// One callback to send: when, and whether it contradicts the transaction's truth.
    struct Delivery: Sendable {
        let at: ContinuousClock.Instant
        let contradicting: Bool
    }

    private let transport: any HTTPTransport
    private let url: String?
    private let hashKey: HMACKey?
    private let book: AirtelMoneyTransactionBook
    private var pending: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var stopped = false

    init(transport: any HTTPTransport, url: String?, hashKey: String?, book: AirtelMoneyTransactionBook) {
        self.transport = transport
        self.url = url
        self.hashKey = hashKey.map { HMACKey(.sha256, key: Array($0.utf8)) }
        self.book = book
    }

    /// The callbacks a collection's scenario sends once it is final at `finalAt`.
    static func plan(for scenario: AirtelMoneyScenario, finalAt: ContinuousClock.Instant, spacing: Duration) -> [Delivery] {
        let first = finalAt + spacing
        switch scenario {
        case .pendingForever, .succeedWithoutCallback, .answerInternalError:
            return []
        case .succeedWithDoubleCallback:
            return [Delivery(at: first, contradicting: false), Delivery(at: first + spacing, contradicting: false)]
        case .succeedThenContradict:
            return [Delivery(at: first, contradicting: false), Delivery(at: first + spacing, contradicting: true)]
        case .succeed, .decline, .ambiguousThenSucceed, .acceptButAnswerInternalError, .hangPastTimeout, .resetMidResponse:
            return [Delivery(at: first, contradicting: false)]
        }
    }

    /// Schedules `deliveries` for the collection `id`; nothing when no callback URL is configured.
    func schedule(_ deliveries: [Delivery], id: String) {
        guard let url, !deliveries.isEmpty, !stopped else { return }
        let taskID = nextID
        nextID += 1
        pending[taskID] = Task { [transport, hashKey, book] in
            for delivery in deliveries {
                do { try await Task.sleep(until: delivery.at, clock: .continuous) } catch { break }
                guard let transaction = await book.transaction(id, kind: .collection) else { break }
                let record = await Self.send(transaction, contradicting: delivery.contradicting, url: url, hashKey: hashKey,
                                             transport: transport)
                await book.appendDelivery(record, to: id, kind: .collection)
            }
            self.finished(taskID)
        }
    }

    /// Cancels every callback not yet sent; later schedules are ignored.
    func shutdown() {
        stopped = true
        for task in pending.values { task.cancel() }
        pending.removeAll()
    }

    private func finished(_ id: Int) {
        pending[id] = nil
    }

    /// The body of a callback: the `transaction` object's bytes, then `hash` over exactly those bytes when a key is
    /// configured.
    static func body(transaction: [UInt8], hashKey: HMACKey?) -> [UInt8] {
        var body = Array(#"{"transaction":"#.utf8) + transaction
        if let hashKey {
            let hash = Base64.encode(hashKey.authenticationCode(for: transaction))
            body += Array(#","hash":""#.utf8) + Array(hash.utf8) + [UInt8(ascii: "\"")]
        }
        return body + [UInt8(ascii: "}")]
    }

    private static func send(
        _ transaction: AirtelMoneySimulatedTransaction, contradicting: Bool, url: String, hashKey: HMACKey?, transport: any HTTPTransport
    ) async -> AirtelMoneyCallbackDelivery {
        let (json, reported) = AirtelMoneyWire.callbackTransaction(transaction, contradicting: contradicting)
        let request = HubKit.HTTPRequest(
            method: "POST", url: url, headers: [(name: "Content-Type", value: "application/json")],
            body: Data(body(transaction: json.bytes, hashKey: hashKey)), connectTimeout: .seconds(2), timeout: .seconds(5)
        )
        let sentAt = Date()
        do {
            let response = try await transport.send(request)
            return AirtelMoneyCallbackDelivery(sentAt: sentAt, url: url, reportedStatus: reported, hashed: hashKey != nil,
                                               responseStatus: response.status, failure: nil)
        } catch {
            return AirtelMoneyCallbackDelivery(sentAt: sentAt, url: url, reportedStatus: reported, hashed: hashKey != nil,
                                               responseStatus: nil, failure: error.description)
        }
    }
}
