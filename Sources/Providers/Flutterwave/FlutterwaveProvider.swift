import Foundation
import Hub

/// Flutterwave v3 for the hub: mobile-money and card top-ups as charges keyed by `tx_ref` (the attempt's
/// reference), withdrawals as transfers keyed by `reference`, refunds of charges, and bank-account lookups
/// (`.lookup`, through account resolution: `FlutterwaveProvider+AccountResolution.swift`).
///
/// - Mobile money: `POST /v3/charges?type=…` by currency (`mpesa`, `mobile_money_uganda`, …). Flutterwave then
///   asks the customer (a USSD prompt, or a redirect page with an OTP); the charge stays pending until it ends.
/// - Card: `POST /v3/tokenized-charges` with a card token from an earlier charge (the `payment_method` of a card
///   counterparty): the server-to-server card flow. A first card charge needs the customer's browser and the
///   3DES-encrypted payload, which belongs to the wallet's front end, not to the hub.
/// - Status: `GET /v3/transactions/verify_by_reference?tx_ref=…`; a success counts only with the expected
///   currency and at least the expected amount (Flutterwave's own advice). Transfers: `GET /v3/transfers/{id}`,
///   or by reference when the id was never learnt.
/// - Notifications are verified (`verif-hash`, or `flutterwave-signature`) and then only trusted as hints: the
///   hub confirms each with a status query before it moves money, as Flutterwave's documentation asks.
public struct FlutterwaveProvider: PayingProvider, RefundingProvider {
    public let id: ProviderID
    public let configuration: FlutterwaveConfiguration
    private let handler: FlutterwaveNotifications

    public init(id: ProviderID = "flutterwave", configuration: FlutterwaveConfiguration) {
        self.id = id
        self.configuration = configuration
        self.handler = FlutterwaveNotifications(secretHashes: configuration.webhookSecretHashes)
    }

    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(operations: [.collect, .payout, .refund, .lookup], methods: [.mobileMoney, .card],
                             countries: configuration.countries, currencies: configuration.currencies,
                             expectedCallbackSeconds: configuration.expectedCallbackSeconds)
    }

    public var notifications: (any NotificationHandler)? { handler }

    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        // v3 has no idempotency key, and its answer to a reused tx_ref is not documented: a resend asks first.
        if request.isResend, let existing = try await existing(.topUp, reference: request.reference, amount: request.amount, context: context) {
            return existing
        }
        var body = FlutterwaveJSON()
        body.number("amount", request.amount.compactDecimalString)
        body.string("currency", request.amount.currency.code)
        body.string("email", configuration.customerEmail)
        body.string("tx_ref", request.reference)
        let path: String
        switch request.payer {
        case .mobileMoney(let msisdn):
            guard let type = FlutterwaveMobileMoney.chargeType(request.amount.currency) else {
                throw ProviderError(.notSent, provider: id, reason: "charge: no mobile-money charge type for \(request.amount.currency.code)")
            }
            body.string("phone_number", msisdn.digits)
            if let network = FlutterwaveMobileMoney.network(msisdn.digits, currency: request.amount.currency) { body.string("network", network) }
            if request.amount.currency.code == "RWF" { body.string("order_id", request.reference) }
            if let callbackURL = request.callbackURL { body.string("redirect_url", callbackURL) }
            path = "/v3/charges?type=" + type
        case .card(let token):
            body.string("token", token)
            if let country = FlutterwaveMobileMoney.country(of: request.amount.currency) { body.string("country", country) }
            path = "/v3/tokenized-charges"
        }
        let response = try await send("POST", path, body: body, operation: "charge", context: context)
        return try await chargeAnswer(response, reference: request.reference, kind: .topUp, context: context)
    }

    public func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let msisdn = request.payee.msisdn,
              let bank = FlutterwaveMobileMoney.transferBank(msisdn.digits, currency: request.amount.currency) else {
            throw ProviderError(.notSent, provider: id, reason: "transfer: only mobile-money transfers in RWF, UGX, KES or ZMW")
        }
        if request.isResend, let existing = try await existing(.withdrawal, reference: request.reference, amount: request.amount, context: context) {
            return existing
        }
        var body = FlutterwaveJSON()
        body.string("account_bank", bank)
        body.string("account_number", msisdn.digits)
        body.number("amount", request.amount.compactDecimalString)
        body.string("currency", request.amount.currency.code)
        body.string("reference", request.reference)
        body.string("narration", request.description)
        body.string("beneficiary_name", configuration.beneficiaryName)
        if let callbackURL = request.callbackURL { body.string("callback_url", callbackURL) }
        let response = try await send("POST", "/v3/transfers", body: body, operation: "transfer", context: context)
        guard response.status == 200 || response.status == 201 else {
            if Self.isDuplicate(response) {
                return try await status(of: AttemptLookup(kind: .withdrawal, reference: request.reference, providerTransactionID: nil,
                                                          amount: request.amount), context: context)
            }
            return try refusal(response, operation: "transfer")
        }
        guard let transfer = try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransfer>.self, from: response.body).data,
              let status = FlutterwaveTransferStatus(transfer.status) else {
            throw ProviderError(.ambiguous, provider: id, reason: "transfer: unreadable answer")
        }
        return status.result(transferID: transfer.id.map(String.init), completeMessage: transfer.completeMessage)
    }

    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        switch attempt.kind {
        case .topUp:
            let query = attempt.reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_."))) ?? ""
            let response = try await send("GET", "/v3/transactions/verify_by_reference?tx_ref=" + query, body: nil, operation: "verify", context: context)
            if Self.isNotFound(response) { throw ProviderError(.ambiguous, provider: id, reason: "verify: not found") }
            guard response.status == 200 else { throw unanswered(response, operation: "verify") }
            guard let transaction = try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransaction>.self, from: response.body).data,
                  let status = FlutterwaveChargeStatus(transaction.status) else {
                throw ProviderError(.ambiguous, provider: id, reason: "verify: unreadable answer")
            }
            let result = status.result(transactionID: transaction.id.map(String.init), processorResponse: transaction.processorResponse)
            if case .succeeded = result, let expected = attempt.amount {
                try check(transaction, against: expected, reference: attempt.reference)
            }
            return result
        case .withdrawal:
            let path = attempt.providerTransactionID.map { "/v3/transfers/" + $0 }
                ?? "/v3/transfers?reference=" + (attempt.reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_."))) ?? "")
            let response = try await send("GET", path, body: nil, operation: "transfer status", context: context)
            guard response.status == 200 else { throw unanswered(response, operation: "transfer status") }
            let transfer: FlutterwaveTransfer? = if attempt.providerTransactionID != nil {
                (try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransfer>.self, from: response.body))?.data
            } else {
                (try? JSONDecoder().decode(FlutterwaveEnvelope<[FlutterwaveTransfer]>.self, from: response.body))?.data?
                    .first { $0.reference == attempt.reference }
            }
            guard let transfer else { throw ProviderError(.ambiguous, provider: id, reason: "transfer status: not found") }
            guard let status = FlutterwaveTransferStatus(transfer.status) else {
                throw ProviderError(.ambiguous, provider: id, reason: "transfer status: unreadable answer")
            }
            return status.result(transferID: transfer.id.map(String.init), completeMessage: transfer.completeMessage)
        }
    }

    /// What Flutterwave says of a reference before it is sent again, or `nil` if it has no record of it (the first
    /// request never arrived). Any other answer is ambiguous: nothing is sent.
    func existing(_ kind: PaymentKind, reference: String, amount: Money, context: ProviderContext) async throws(ProviderError) -> ProviderResult? {
        do {
            return try await status(of: AttemptLookup(kind: kind, reference: reference, providerTransactionID: nil, amount: amount), context: context)
        } catch where error.reason.hasSuffix("not found") {
            return nil
        }
    }

    /// A success in another currency or for less than the payment is not the payment's success: an operator
    /// must look (the customer may have paid part).
    func check(_ transaction: FlutterwaveTransaction, against expected: Money, reference: String) throws(ProviderError) {
        guard transaction.txRef == nil || transaction.txRef == reference, transaction.currency?.uppercased() == expected.currency.code,
              let text = transaction.amount?.text, let charged = try? Money(parsing: text, currency: expected.currency),
              charged.minorUnits >= expected.minorUnits else {
            throw ProviderError.needsReview(provider: id, reason: "verify: the successful charge does not match the payment's amount or currency")
        }
    }

    /// The answer to a charge: pending, succeeded or a definite decline; a duplicate `tx_ref` (a resume whose first
    /// request arrived) is answered by the charge's status.
    func chargeAnswer(_ response: HTTPResponse, reference: String, kind: PaymentKind, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard response.status == 200 || response.status == 201 else {
            if Self.isDuplicate(response) {
                return try await status(of: AttemptLookup(kind: kind, reference: reference, providerTransactionID: nil), context: context)
            }
            return try refusal(response, operation: "charge")
        }
        guard let envelope = try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransaction>.self, from: response.body) else {
            throw ProviderError(.ambiguous, provider: id, reason: "charge: unreadable answer")
        }
        guard let transaction = envelope.data else {
            // Rwanda, Uganda, Ghana, Zambia: no charge yet, only the customer's authorization step.
            guard envelope.meta?.authorization != nil else { throw ProviderError(.ambiguous, provider: id, reason: "charge: no charge in the answer") }
            return .pending(providerTransactionID: nil)
        }
        guard let status = FlutterwaveChargeStatus(transaction.status) else {
            throw ProviderError(.ambiguous, provider: id, reason: "charge: unknown status")
        }
        return status.result(transactionID: transaction.id.map(String.init), processorResponse: transaction.processorResponse)
    }

    /// A 4xx: Flutterwave processed nothing it refused as invalid (400) or unauthorised (401, 403); a 429 was
    /// not processed either. Anything else may follow a request that moved money.
    func refusal(_ response: HTTPResponse, operation: String) throws(ProviderError) -> ProviderResult {
        switch response.status {
        case 400, 404, 422:
            let message = (try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransaction>.self, from: response.body))?.message
            return .failed(FlutterwaveFailure.failure(message, fallback: "invalid_request", message: "the provider refused the request as invalid")
                .with(reason: .invalidRequest, unlessKnown: message))
        default:
            throw unanswered(response, operation: operation)
        }
    }

    func unanswered(_ response: HTTPResponse, operation: String) -> ProviderError {
        switch response.status {
        case 401, 403, 429: ProviderError(.notSent, provider: id, reason: "\(operation): HTTP \(response.status)")
        default: ProviderError(.ambiguous, provider: id, reason: "\(operation): HTTP \(response.status)")
        }
    }

    /// Flutterwave's answer for a reference it has no record of ("No transaction was found for this id").
    static func isNotFound(_ response: HTTPResponse) -> Bool {
        guard response.status == 400 || response.status == 404 else { return false }
        let message = (try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransaction>.self, from: response.body))?.message?.lowercased()
        return message?.contains("no transaction") == true || message?.contains("not found") == true
    }

    /// Flutterwave's refusal of a `tx_ref` or transfer `reference` it has seen: the first request got through.
    static func isDuplicate(_ response: HTTPResponse) -> Bool {
        guard (400..<500).contains(response.status),
              let message = (try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveTransaction>.self, from: response.body))?.message?.lowercased()
        else { return false }
        return message.contains("duplicate") || message.contains("already exist")
    }

    func send(_ method: String, _ path: String, body: FlutterwaveJSON?, operation: String,
              context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        var request = HTTPRequest(method: method, url: configuration.baseURL + path, body: body?.data,
                                  connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        request.headers = [("Authorization", "Bearer " + configuration.secretKey), ("Accept", "application/json")]
        if body != nil { request.headers.append(("Content-Type", "application/json")) }
        do { return try await context.transport.send(request) } catch {
            throw ProviderError(error, provider: id, operation: operation)
        }
    }
}

extension PaymentFailure {
    /// This failure with `reason` instead, unless the provider's words were recognised as a more precise one.
    func with(reason: FailureReason, unlessKnown words: String?) -> PaymentFailure {
        guard self.reason == .declined || words == nil else { return self }
        return PaymentFailure(reason: reason, providerCode: providerCode, message: message)
    }
}
