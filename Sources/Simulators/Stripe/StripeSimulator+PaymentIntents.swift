import Foundation
import HubKit
import Hummingbird

/// `POST /v1/payment_intents` (created, and confirmed when `confirm=true`) and `GET /v1/payment_intents/{id}`.
extension StripeSimulator {
    /// A PaymentIntent creation as validated, before execution.
    struct PaymentIntentCommand: Sendable {
        let amount: Money
        let method: StripeTestPaymentMethod?
        let confirm: Bool
        let captureMethod: String
        let confirmationMethod: String
        let metadata: [String: String]
        let description: String?
    }

    static let paymentIntentParameters: Set<String> = [
        "amount", "currency", "payment_method", "confirm", "metadata", "description", "capture_method",
        "confirmation_method", "payment_method_types", "automatic_payment_methods", "return_url", "receipt_email",
        "customer", "off_session", "error_on_requires_action", "statement_descriptor", "statement_descriptor_suffix",
        "setup_future_usage", "expand", "payment_method_options", "use_stripe_sdk",
    ]

    func addPaymentIntentRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/payment_intents") { request, _ in
            await self.handlePOST(
                request, endpoint: "/v1/payment_intents", parameters: Self.paymentIntentParameters,
                validate: { form throws(StripeAPIError) in try Self.validatePaymentIntent(form) },
                execute: { command, info in await self.createPaymentIntent(command, info: info) }
            )
        }
        router.get("/v1/payment_intents/:id") { request, context in
            await self.handleGET(request) {
                let id = context.parameters.get("id") ?? ""
                guard let intent = await self.book.paymentIntent(id) else {
                    throw StripeAPIError.noSuch("payment_intent", id, param: "intent", status: .notFound)
                }
                return StripeReply(status: .ok, body: StripeWire.paymentIntent(intent))
            }
        }
    }

    static func validatePaymentIntent(_ form: StripeForm) throws(StripeAPIError) -> PaymentIntentCommand {
        guard let amountText = form.value("amount") else { throw .missing("amount") }
        guard let code = form.value("currency") else { throw .missing("currency") }
        guard code == code.lowercased(), let currency = Currency(code: code.uppercased()) else {
            throw .invalidRequest(
                "Invalid currency: \(code). Stripe currently supports these currencies: "
                    + Currency.all.map { $0.code.lowercased() }.joined(separator: ", "),
                param: "currency"
            )
        }
        let amount = try StripeValidation.amount(amountText, currency: currency)
        let confirm = try StripeValidation.boolean(form.value("confirm"), param: "confirm") ?? false
        var method: StripeTestPaymentMethod?
        if let id = form.value("payment_method") {
            guard let known = StripeTestPaymentMethod(rawValue: id) else {
                throw .noSuch("PaymentMethod", id, param: "payment_method", status: .badRequest)
            }
            method = known
        }
        if confirm && method == nil {
            throw .invalidRequest(
                "You cannot confirm this PaymentIntent because it's missing a payment method. "
                    + "To confirm the PaymentIntent, provide a payment_method.",
                code: "payment_intent_unexpected_state"
            )
        }
        return PaymentIntentCommand(
            amount: amount, method: method, confirm: confirm,
            captureMethod: try StripeValidation.oneOf(
                form.value("capture_method"), ["automatic", "automatic_async", "manual"], param: "capture_method"
            ) ?? "automatic",
            confirmationMethod: try StripeValidation.oneOf(
                form.value("confirmation_method"), ["automatic", "manual"], param: "confirmation_method"
            ) ?? "automatic",
            metadata: try StripeValidation.metadata(form), description: form.value("description")
        )
    }

    /// Executes a validated creation: records the PaymentIntent (except for the simulated server error),
    /// schedules its events and answers 200 with it, or 402 with a card error for a decline.
    func createPaymentIntent(_ command: PaymentIntentCommand, info: StripeRequestInfo) async -> StripeReply {
        var status: StripePaymentIntentStatus = command.method == nil ? .requiresPaymentMethod : .requiresConfirmation
        var charge: String?
        var decline: StripeCardDecline?
        var received = command.amount.currency.zero
        var settlesAt: ContinuousClock.Instant?
        switch command.confirm ? command.method?.outcome : nil {
        case nil:
            break
        case .failWithServerError:
            return StripeAPIError.apiError.reply
        case .succeed:
            charge = StripeIdentifier.make("ch")
            if command.captureMethod == "manual" {
                status = .requiresCapture
            } else {
                status = .succeeded
                received = command.amount
            }
        case .decline(let reason):
            charge = StripeIdentifier.make("ch")
            status = .requiresPaymentMethod
            decline = reason
        case .requireAction:
            status = .requiresAction
        case .process:
            charge = StripeIdentifier.make("ch")
            status = .processing
            settlesAt = .now + configuration.settleDelay
        }
        let id = StripeIdentifier.make("pi")
        let intent = StripeSimulatedPaymentIntent(
            id: id, amount: command.amount, status: status, testPaymentMethod: command.method,
            paymentMethodID: command.method.map { _ in StripeIdentifier.make("pm") }, captureMethod: command.captureMethod,
            confirmationMethod: command.confirmationMethod, metadata: command.metadata, description: command.description,
            clientSecret: "\(id)_secret_\(StripeIdentifier.random(length: 25))", createdAt: Date(),
            latestCharge: charge, decline: decline, amountReceived: received, amountRefunded: command.amount.currency.zero,
            idempotencyKey: info.idempotencyKey, webhooks: []
        )
        await book.record(intent, settlesAt: settlesAt)
        let apiVersion = configuration.apiVersion
        if let event = StripeEvent.forPaymentIntent(intent, origin: info.origin, apiVersion: apiVersion) {
            await webhooks.schedule { _ in event }
        }
        if let settlesAt {
            await webhooks.schedule(at: settlesAt) { book in
                guard let settled = await book.paymentIntent(id), settled.status == .succeeded else { return nil }
                return StripeEvent.forPaymentIntent(settled, origin: nil, apiVersion: apiVersion)
            }
        }
        if let decline { return StripeWire.cardError(decline, of: intent).reply }
        return StripeReply(status: .ok, body: StripeWire.paymentIntent(intent))
    }
}
