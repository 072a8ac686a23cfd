import Foundation
import Hub

/// Airtel Money Open API for the hub, in one country: top-ups as USSD-push collections, withdrawals as B2C
/// disbursements, full refunds of collections. The attempt reference is sent as `transaction.id`, Airtel's
/// idempotency anchor, and every status is asked by it.
///
/// A collection's answer only says the push was sent (`DP00800001006`): the top-up stays pending until the enquiry
/// (`GET /standard/v1/payments/{id}`) or a callback says `TS` or `TF`. Callbacks carry at most an HMAC `hash`, so they
/// are hints the hub confirms with the enquiry (`isSigned` is false).
public struct AirtelMoneyProvider: PayingProvider {
    public let id: ProviderID
    public let configuration: AirtelMoneyConfiguration
    let tokens = AirtelMoneyTokenCache()
    private let handler: AirtelMoneyNotifications

    public init(id: ProviderID = "airtel-money", configuration: AirtelMoneyConfiguration) {
        self.id = id
        self.configuration = configuration
        self.handler = AirtelMoneyNotifications(hashKey: configuration.callbackHashKey)
    }

    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(operations: [.collect, .payout, .refund, .lookup], methods: [.mobileMoney], countries: [configuration.country],
                             currencies: [configuration.currency], expectedCallbackSeconds: configuration.expectedCallbackSeconds)
    }

    public var notifications: (any NotificationHandler)? { handler }

    /// `POST /merchant/v1/payments/` or, signed, `/merchant/v2/payments/`. Never a success: the payer has yet to
    /// enter their PIN.
    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let msisdn = try nationalNumber(of: request.payer, amount: request.amount, operation: "collection")
        let body = AirtelMoneyJSON { json in
            json.string("reference", Self.collectionReference(request.description, attempt: request.reference))
            json.object("subscriber") { subscriber in
                subscriber.string("country", configuration.country)
                subscriber.string("currency", configuration.currency.code)
                subscriber.string("msisdn", msisdn)
            }
            json.object("transaction") { transaction in
                transaction.number("amount", request.amount.compactDecimalString)
                transaction.string("country", configuration.country)
                transaction.string("currency", configuration.currency.code)
                transaction.string("id", request.reference)
            }
        }
        let path = configuration.apiVersion == .v2 ? "/merchant/v2/payments/" : "/merchant/v1/payments/"
        let response = try await authorizedSend("POST", path, body: body.data, operation: "collection", context: context)
        let result = try await collectionAnswer(response, reference: request.reference, context: context)
        return try await confirmingRefusal(result, of: .topUp, reference: request.reference, isResend: request.isResend, context: context)
    }

    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let result = try await lookup(attempt.kind, reference: attempt.reference, context: context) else {
            return try unknownToAirtel(attempt, context: context)
        }
        return result
    }

    /// How Airtel answers about a reference, or `nil` if it has no transaction under it.
    func lookup(_ kind: PaymentKind, reference: String, context: ProviderContext) async throws(ProviderError) -> ProviderResult? {
        let escaped = reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_."))) ?? ""
        switch kind {
        case .topUp:
            let response = try await authorizedSend("GET", "/standard/v1/payments/" + escaped, body: nil, operation: "enquiry",
                                                    context: context)
            return try enquiryAnswer(response, codes: AirtelMoneyCollectionCode.self, operation: "enquiry")
        case .withdrawal:
            let path = configuration.apiVersion == .v2 ? "/standard/v2/disbursements/\(escaped)?transactionType=B2C"
                : "/standard/v1/disbursements/" + escaped
            let response = try await authorizedSend("GET", path, body: nil, operation: "disbursement enquiry", context: context)
            return try enquiryAnswer(response, codes: AirtelMoneyDisbursementCode.self, operation: "disbursement enquiry")
        }
    }

    /// Airtel has no transaction under the attempt's reference. Soon after the request last left, that only means
    /// "not visible yet". Long after it, an unapproved collection has expired, so nothing moved and the top-up fails;
    /// a disbursement needs no approval and may have paid out, so it goes to an operator instead.
    func unknownToAirtel(_ attempt: AttemptLookup, context: ProviderContext) throws(ProviderError) -> ProviderResult {
        guard let sentAt = attempt.sentAt, context.now().timeIntervalSince(sentAt) > TimeInterval(configuration.notFoundGraceSeconds) else {
            return .pending(providerTransactionID: nil)
        }
        guard attempt.kind == .topUp else {
            throw ProviderError.needsReview(provider: id, reason: "disbursement enquiry: unknown to the provider "
                                            + "\(configuration.notFoundGraceSeconds) s after it was sent")
        }
        return .failed(PaymentFailure(reason: .providerError, providerCode: AirtelMoneyCollectionCode.notFound.rawValue,
                                      message: "the provider has no record of the payment"))
    }

    /// A refusal of a request sent again may be Airtel's answer to a transaction id it already holds (its duplicate
    /// answers are not all documented): the first request's enquiry decides, and only a reference Airtel does not
    /// know keeps the refusal.
    func confirmingRefusal(_ result: ProviderResult, of kind: PaymentKind, reference: String, isResend: Bool,
                           context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard isResend, case .failed = result else { return result }
        return try await lookup(kind, reference: reference, context: context) ?? result
    }

    /// The payer's or payee's national number, after the checks that keep a request from leaving: a mobile number
    /// of the configured country, in the configured currency.
    func nationalNumber(of party: Counterparty, amount: Money, operation: String) throws(ProviderError) -> String {
        guard let market = AirtelMoneyMarket.named(configuration.country) else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): \(configuration.country) is not an Airtel Money country")
        }
        guard amount.currency == configuration.currency else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): \(amount.currency.code) is not the configured "
                                + "\(configuration.currency.code) of \(configuration.country)")
        }
        guard let msisdn = party.msisdn else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): Airtel Money pays mobile numbers only")
        }
        guard let national = market.nationalNumber(msisdn) else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): \(msisdn.redacted) is not a \(market.country) number "
                                + "(+\(market.callingCode)\(market.nationalDigits.map { " and \($0) digits" } ?? ""))")
        }
        return national
    }

    /// The collection's `reference` ("reference for service / goods purchased", shown to the payer): the payment's
    /// description in letters, digits and spaces, or the attempt reference's hex digits when that leaves too little.
    static func collectionReference(_ description: String, attempt: String) -> String {
        let words = description.unicodeScalars.map { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) ? Character($0) : " " }
        let text = String(words).split(separator: " ").joined(separator: " ")
        return text.count >= 4 ? String(text.prefix(64)) : disbursementReference(attempt)
    }

    /// A disbursement's `reference`, which v2 wants alphanumeric and 4 to 64 characters long: the attempt reference
    /// without its hyphens.
    static func disbursementReference(_ attempt: String) -> String {
        String(attempt.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(64))
    }
}
