import Foundation
import HubKit
import Hummingbird

/// `POST /v3/tokenized-charges`: the server-to-server card top-up, charging a saved card token. The
/// outcome follows the token (`FlutterwaveTestCard`): an approved card completes at once, a 3-D Secure card
/// answers `pending` with a redirect and completes after `chargeSettleDelay`, a declined card is answered
/// 400 with the decline and recorded as `failed`.
extension FlutterwaveSimulator {
    func addTokenizedChargeRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v3/tokenized-charges") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                let body = try await FlutterwaveHTTP.object(of: request)
                return try await self.chargeToken(body, origin: FlutterwaveHTTP.origin(of: request))
            }
        }
    }

    /// Checks `token`, `tx_ref`, `currency`, `amount` and `email` (in that order), records the charge and
    /// answers as its card does.
    func chargeToken(_ body: SimulatorJSON, origin: String) async throws(FlutterwaveAPIError) -> FlutterwaveReply {
        let token = try FlutterwaveValidation.required("token", in: body)
        guard let card = FlutterwaveTestCard.card(forToken: token) else { throw .invalid("Invalid token") }
        let txRef = try FlutterwaveValidation.reference("tx_ref", try FlutterwaveValidation.required("tx_ref", in: body))
        let currency = try FlutterwaveValidation.currency(in: body)
        let amount = try FlutterwaveValidation.amount(in: body, currency: currency)
        let email = try FlutterwaveValidation.email(in: body)
        let firstName = try FlutterwaveValidation.optional("first_name", in: body)
        let lastName = try FlutterwaveValidation.optional("last_name", in: body)
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        let narration = try FlutterwaveValidation.optional("narration", in: body)
        let redirectURL = try FlutterwaveValidation.optional("redirect_url", in: body)
        let meta = FlutterwaveValidation.meta(in: body)

        let scenario = card.scenario
        if scenario == .serverError { throw .serverError() }
        var status = FlutterwaveChargeStatus.successful
        var response = "Approved"
        var settlesAt: ContinuousClock.Instant?
        switch scenario {
        case .fail(let decline):
            status = .failed
            response = decline.rawValue
        case .requireAuthorization:
            status = .pending
            response = "Pending validation"
            settlesAt = .now + configuration.chargeSettleDelay
        case .pendingForever:
            status = .pending
            response = "Pending validation"
        case .succeed, .succeedWithoutWebhook, .succeedWithDuplicateWebhook, .answerSlowly, .timeOut, .serverError:
            break
        }
        let recorded = await book.recordCharge({ [status, response] id in
            FlutterwaveSimulatedCharge(
                id: id, txRef: txRef, flwRef: FlutterwaveIdentifier.flwRef(), method: .card(card), scenario: scenario,
                amount: amount, email: email, customerName: name.isEmpty ? nil : name, phoneNumber: nil, network: nil,
                narration: narration, redirectURL: redirectURL, meta: meta, createdAt: Date(), status: status,
                processorResponse: response, completedAt: nil, amountRefunded: FlutterwaveMoney.zero(in: currency), webhooks: []
            )
        }, outcome: .init(status: .successful, processorResponse: "Approved"), settlesAt: settlesAt)
        guard let charge = recorded else { throw .invalid("A transaction with this tx_ref already exists") }
        await scheduleChargeWebhook(charge, at: settlesAt ?? .now)
        try await delayAnswer(for: scenario)

        switch charge.status {
        case .failed:
            throw .invalid(charge.processorResponse)
        case .successful:
            return .success("Charge successful", data: FlutterwaveWire.transaction(charge, withRedirectURL: true))
        case .pending:
            let url = "\(origin)/sim/v1/checkout/\(charge.flwRef)"
            let data = FlutterwaveWire.transaction(
                charge, withRedirectURL: true, meta: FlutterwaveWire.redirectAuthorization(url)
            )
            return .success("Charge initiated", data: data)
        }
    }
}
