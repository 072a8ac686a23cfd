import Foundation
import HubKit
import Hummingbird

/// `POST /v3/charges?type=<mobile-money type>`: a mobile-money top-up, pending until the customer
/// authorizes it, then completed after `chargeSettleDelay` and announced by `charge.completed`.
extension FlutterwaveSimulator {
    /// A mobile-money charge as validated, before it is recorded.
    struct MobileMoneyCharge: Sendable {
        let type: FlutterwaveMobileMoneyType
        let txRef: String
        let amount: Money
        let email: String
        let phoneNumber: String
        let network: String?
        let fullname: String?
        let redirectURL: String?
        let meta: String?
    }

    func addChargeRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v3/charges") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                let type = try Self.chargeType(of: request)
                let charge = try Self.validateMobileMoney(try await FlutterwaveHTTP.object(of: request), type: type)
                return try await self.chargeMobileMoney(charge, origin: FlutterwaveHTTP.origin(of: request))
            }
        }
    }

    /// The `type` query parameter; the card flow needs encrypted card data and is not simulated.
    static func chargeType(of request: Request) throws(FlutterwaveAPIError) -> FlutterwaveMobileMoneyType {
        guard let name = request.uri.queryParameters.get("type"), !name.isEmpty else {
            throw .invalid("type is required in the query string, e.g. /v3/charges?type=mobile_money_uganda")
        }
        if name == "card" {
            throw .invalid("Encrypted card charges are not simulated: charge a card token with POST /v3/tokenized-charges")
        }
        guard let type = FlutterwaveMobileMoneyType(rawValue: name) else {
            throw .invalid("Invalid charge type: \(name.prefix(40))")
        }
        return type
    }

    /// Checks the body in this order: `tx_ref`, `currency` (and that the type charges in it), `amount`,
    /// `email`, `phone_number`, `network`, then `country` (francophone) and `order_id` (Rwanda).
    static func validateMobileMoney(
        _ body: SimulatorJSON, type: FlutterwaveMobileMoneyType
    ) throws(FlutterwaveAPIError) -> MobileMoneyCharge {
        let txRef = try FlutterwaveValidation.reference("tx_ref", try FlutterwaveValidation.required("tx_ref", in: body))
        let currency = try FlutterwaveValidation.currency(in: body)
        guard type.currencies.contains(currency.code) else {
            throw .invalid(
                "Invalid currency \(currency.code) for \(type.rawValue): it charges in \(type.currencies.joined(separator: " or "))"
            )
        }
        let amount = try FlutterwaveValidation.amount(in: body, currency: currency)
        let email = try FlutterwaveValidation.email(in: body)
        let phone = try FlutterwaveValidation.phoneNumber("phone_number", in: body)
        var network = try FlutterwaveValidation.optional("network", in: body)?.uppercased()
        if let given = network {
            let networks = FlutterwaveMobileMoneyType.networks(for: currency.code)
            guard networks.contains(given) else {
                throw .invalid("Only \(networks.joined(separator: ", ")) are valid networks for \(currency.code)")
            }
        } else if type == .mpesa {
            network = "SAFARICOM"
        }
        if type == .franco {
            guard let country = try FlutterwaveValidation.optional("country", in: body)?.uppercased() else {
                throw .invalid("country is required for \(currency.code) charges")
            }
            guard FlutterwaveMobileMoneyType.francoCountries.contains(country) else {
                throw .invalid("Invalid country: \(country.prefix(4)); use one of CM, SN, BF, CI")
            }
        }
        if type == .rwanda { _ = try FlutterwaveValidation.required("order_id", in: body) }
        return MobileMoneyCharge(
            type: type, txRef: txRef, amount: amount, email: email, phoneNumber: phone, network: network,
            fullname: try FlutterwaveValidation.optional("fullname", in: body),
            redirectURL: try FlutterwaveValidation.optional("redirect_url", in: body),
            meta: FlutterwaveValidation.meta(in: body)
        )
    }

    /// Records the charge (unless the scenario fails the request first), schedules its completion and
    /// webhook, and answers as the type does: a redirect, or the pending transaction.
    func chargeMobileMoney(_ request: MobileMoneyCharge, origin: String) async throws(FlutterwaveAPIError) -> FlutterwaveReply {
        let scenario = FlutterwaveScenario(number: request.phoneNumber)
        if scenario == .serverError { throw .serverError() }
        let outcome: FlutterwaveTransactionBook.Outcome
        if case .fail(let decline) = scenario {
            outcome = .init(status: .failed, processorResponse: decline.rawValue)
        } else {
            outcome = .init(status: .successful, processorResponse: "Approved")
        }
        let settlesAt: ContinuousClock.Instant? = scenario == .pendingForever ? nil : .now + configuration.chargeSettleDelay
        let recorded = await book.recordCharge({ id in
            FlutterwaveSimulatedCharge(
                id: id, txRef: request.txRef, flwRef: FlutterwaveIdentifier.flwRef(), method: .mobileMoney(request.type),
                scenario: scenario, amount: request.amount, email: request.email, customerName: request.fullname,
                phoneNumber: request.phoneNumber, network: request.network, narration: nil, redirectURL: request.redirectURL,
                meta: request.meta, createdAt: Date(), status: .pending, processorResponse: "Transaction in progress",
                completedAt: nil, amountRefunded: FlutterwaveMoney.zero(in: request.amount.currency), webhooks: []
            )
        }, outcome: outcome, settlesAt: settlesAt)
        guard let charge = recorded else { throw .invalid("A transaction with this tx_ref already exists") }
        if let settlesAt { await scheduleChargeWebhook(charge, at: settlesAt) }
        try await delayAnswer(for: scenario)
        return Self.initiationReply(charge, type: request.type, origin: origin)
    }

    /// Schedules `charge.completed` for when the charge is final, unless its scenario sends none.
    func scheduleChargeWebhook(_ charge: FlutterwaveSimulatedCharge, at: ContinuousClock.Instant = .now) async {
        guard charge.scenario != .succeedWithoutWebhook, charge.scenario != .pendingForever else { return }
        let id = charge.id
        await webhooks.schedule(at: at) { book in await book.charge(id: id).flatMap(FlutterwaveEvent.chargeCompleted) }
    }

    /// Holds the answer back as `answerSlowly` and `timeOut` require; `timeOut` then answers 503.
    func delayAnswer(for scenario: FlutterwaveScenario) async throws(FlutterwaveAPIError) {
        switch scenario {
        case .answerSlowly:
            try? await Task.sleep(for: configuration.slowDelay)
        case .timeOut:
            try? await Task.sleep(for: configuration.timeoutDelay)
            throw FlutterwaveAPIError.timedOut
        case .succeed, .fail, .requireAuthorization, .pendingForever, .succeedWithoutWebhook, .succeedWithDuplicateWebhook,
             .serverError:
            break
        }
    }

    static func initiationReply(
        _ charge: FlutterwaveSimulatedCharge, type: FlutterwaveMobileMoneyType, origin: String
    ) -> FlutterwaveReply {
        switch type.answer {
        case .redirect:
            let url = "\(origin)/sim/v1/checkout/\(charge.flwRef)"
            return .success("Charge initiated", data: nil, extra: [("meta", FlutterwaveWire.redirectAuthorization(url))])
        case .pendingTransaction:
            return .success("Charge initiated", data: FlutterwaveWire.transaction(charge))
        case .pendingTransactionWithCallback:
            let meta = SimulatorJSON.object([
                ("authorization", .object([("mode", .string("callback")), ("redirect_url", .null)])),
            ])
            return .success("Charge initiated", data: FlutterwaveWire.transaction(charge), extra: [("meta", meta)])
        }
    }
}
