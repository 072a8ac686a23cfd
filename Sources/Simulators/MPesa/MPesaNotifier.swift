import Foundation
import HubKit

/// Posts STK callbacks, B2C results and queue-timeout notices through the injected transport, and records each
/// delivery.
///
/// Each accepted request with notifications gets one task that sleeps until they fall due; the tasks are owned here,
/// and `shutdown()` cancels every one still waiting when the simulator stops. A body is rendered when it is sent,
/// from the ledger's state at that moment. Daraja signs nothing, so neither does the simulator.
actor MPesaNotifier {
    /// One notification to send: when, of which kind, where.
    struct Notice: Sendable {
        let at: ContinuousClock.Instant
        let kind: MPesaNotification.Kind
        let url: String
    }

    /// Renders a notice's body and the ResultCode it carries; `nil` skips it (the transaction is gone).
    typealias Render = @Sendable (MPesaNotification.Kind) async -> (body: MPesaJSON, resultCode: Int)?
    typealias Record = @Sendable (MPesaNotification) async -> Void

    private let transport: any HTTPTransport
    private var pending: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var stopped = false

    init(transport: any HTTPTransport) {
        self.transport = transport
    }

    func schedule(_ notices: [Notice], render: @escaping Render, record: @escaping Record) {
        guard !notices.isEmpty, !stopped else { return }
        let id = nextID
        nextID += 1
        pending[id] = Task { [transport] in
            for notice in notices {
                do { try await Task.sleep(until: notice.at, clock: .continuous) } catch { break }
                guard let rendered = await render(notice.kind) else { break }
                await record(await Self.send(rendered.body, notice: notice, resultCode: rendered.resultCode, transport: transport))
            }
            self.finished(id)
        }
    }

    /// Cancels every notification not yet sent; later schedules are ignored.
    func shutdown() {
        stopped = true
        for task in pending.values { task.cancel() }
        pending.removeAll()
    }

    private func finished(_ id: Int) {
        pending[id] = nil
    }

    private static func send(
        _ body: MPesaJSON, notice: Notice, resultCode: Int, transport: any HTTPTransport
    ) async -> MPesaNotification {
        let request = HubKit.HTTPRequest(
            method: "POST", url: notice.url, headers: [(name: "Content-Type", value: "application/json")],
            body: Data(body.bytes), connectTimeout: .seconds(2), timeout: .seconds(5)
        )
        let sentAt = Date()
        do {
            let response = try await transport.send(request)
            return MPesaNotification(
                kind: notice.kind, sentAt: sentAt, url: notice.url, resultCode: resultCode, responseStatus: response.status, failure: nil
            )
        } catch {
            return MPesaNotification(
                kind: notice.kind, sentAt: sentAt, url: notice.url, resultCode: resultCode, responseStatus: nil, failure: error.description
            )
        }
    }
}
