import Foundation
import HubKit

/// Sends the callbacks of final transactions through the injected transport and records each delivery.
///
/// Each transaction with a callback URL gets one task that sleeps until its callbacks fall due. The tasks
/// are owned here, not left stray: a callback is a timer independent of the request that created it, and
/// `shutdown()` cancels every one still waiting when the simulator stops. MoMo sends no signature, so
/// neither does the simulator.
actor MoMoCallbackDispatcher {
    /// One callback to send: when, and whether it contradicts the transaction's truth.
    struct Delivery: Sendable {
        let at: ContinuousClock.Instant
        let contradicting: Bool
    }

    private let transport: any HTTPTransport
    private let method: MoMoCallbackMethod
    private let book: MoMoTransactionBook
    private var pending: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var stopped = false

    init(transport: any HTTPTransport, method: MoMoCallbackMethod, book: MoMoTransactionBook) {
        self.transport = transport
        self.method = method
        self.book = book
    }

    /// The callbacks a scenario sends once the transaction is final at `finalAt`.
    static func plan(for scenario: MoMoScenario, finalAt: ContinuousClock.Instant, spacing: Duration) -> [Delivery] {
        let first = finalAt + spacing
        switch scenario {
        case .pendingForever, .succeedWithoutCallback, .rejectAsDuplicate, .answerInternalError, .answerServiceUnavailable:
            return []
        case .succeedWithDoubleCallback:
            return [Delivery(at: first, contradicting: false), Delivery(at: first + spacing, contradicting: false)]
        case .succeedThenContradict:
            return [Delivery(at: first, contradicting: false), Delivery(at: first + spacing, contradicting: true)]
        case .succeed, .fail, .answerSlowly, .acceptButAnswerInternalError, .hangPastTimeout, .resetMidResponse:
            return [Delivery(at: first, contradicting: false)]
        }
    }

    func schedule(_ deliveries: [Delivery], reference: String, product: MoMoProduct, url: String) {
        guard !deliveries.isEmpty, !stopped else { return }
        let id = nextID
        nextID += 1
        pending[id] = Task { [transport, method, book] in
            for delivery in deliveries {
                do { try await Task.sleep(until: delivery.at, clock: .continuous) } catch { break }
                guard let transaction = await book.transaction(reference, product: product) else { break }
                let body = delivery.contradicting ? MoMoStatusBody.contradicting(transaction) : MoMoStatusBody(transaction)
                let record = await Self.send(body, method: method, url: url, transport: transport)
                await book.appendDelivery(record, to: transaction.reference)
            }
            self.finished(id)
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

    private static func send(
        _ body: MoMoStatusBody, method: MoMoCallbackMethod, url: String, transport: any HTTPTransport
    ) async -> MoMoCallbackDelivery {
        let request = HubKit.HTTPRequest(
            method: method.rawValue, url: url, headers: [(name: "Content-Type", value: "application/json")],
            body: MoMoJSON.encode(body), connectTimeout: .seconds(2), timeout: .seconds(2)
        )
        let sentAt = Date()
        do {
            let response = try await transport.send(request)
            return MoMoCallbackDelivery(
                sentAt: sentAt, method: method.rawValue, url: url, reportedStatus: body.status,
                responseStatus: response.status, failure: nil
            )
        } catch {
            return MoMoCallbackDelivery(
                sentAt: sentAt, method: method.rawValue, url: url, reportedStatus: body.status,
                responseStatus: nil, failure: error.description
            )
        }
    }
}
