import Hummingbird

/// `POST /v1/refunds` (against a PaymentIntent or its charge) and `GET /v1/refunds/{id}`.
extension StripeSimulator {
    static let refundParameters: Set<String> = [
        "payment_intent", "charge", "amount", "metadata", "reason", "expand", "instructions_email",
        "refund_application_fee", "reverse_transfer",
    ]

    func addRefundRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/refunds") { request, _ in
            await self.handlePOST(
                request, endpoint: "/v1/refunds", parameters: Self.refundParameters,
                validate: { form in try await self.validateRefund(form) },
                execute: { refund, info in await self.createRefund(refund, info: info) }
            )
        }
        router.get("/v1/refunds/:id") { request, context in
            await self.handleGET(request) {
                let id = context.parameters.get("id") ?? ""
                guard let refund = await self.book.refund(id) else {
                    throw StripeAPIError.noSuch("refund", id, param: "id", status: .notFound)
                }
                return StripeReply(status: .ok, body: StripeWire.refund(refund))
            }
        }
    }

    /// Checks the parameters and finds the PaymentIntent; whether it can be refunded is decided at execution.
    private func validateRefund(_ form: StripeForm) async throws -> StripeTransactionBook.RefundRequest {
        let intentID: String
        if let id = form.value("payment_intent") {
            intentID = id
        } else if let charge = form.value("charge") {
            guard let intent = await book.paymentIntent(charge: charge) else {
                throw StripeAPIError.noSuch("charge", charge, param: "charge", status: .badRequest)
            }
            intentID = intent.id
        } else {
            throw StripeAPIError.invalidRequest(
                "One of the following params should be provided for this request: payment_intent or charge.",
                code: "parameter_missing"
            )
        }
        guard let intent = await book.paymentIntent(intentID) else {
            throw StripeAPIError.noSuch("payment_intent", intentID, param: "payment_intent", status: .badRequest)
        }
        let amount = try form.value("amount").map { text throws(StripeAPIError) in
            try StripeValidation.amount(text, currency: intent.amount.currency).minorUnits
        }
        return StripeTransactionBook.RefundRequest(
            paymentIntentID: intentID, amount: amount,
            reason: try StripeValidation.oneOf(form.value("reason"), ["duplicate", "fraudulent", "requested_by_customer"], param: "reason"),
            metadata: try StripeValidation.metadata(form)
        )
    }

    /// Executes a refund: the book's refusal (nothing left, too much, not succeeded) is an executed answer
    /// and is saved under the idempotency key like a success. A success sends `charge.refunded`.
    private func createRefund(_ request: StripeTransactionBook.RefundRequest, info: StripeRequestInfo) async -> StripeReply {
        let refund: StripeSimulatedRefund
        let intent: StripeSimulatedPaymentIntent
        do {
            (refund, intent) = try await book.refund(request, idempotencyKey: info.idempotencyKey)
        } catch {
            return error.reply
        }
        if let chargeID = intent.latestCharge {
            let event = StripeEvent(
                type: "charge.refunded", object: StripeWire.charge(of: intent, chargeID: chargeID), subjectID: refund.id,
                origin: info.origin, apiVersion: configuration.apiVersion
            )
            await webhooks.schedule { _ in event }
        }
        return StripeReply(status: .ok, body: StripeWire.refund(refund))
    }
}
