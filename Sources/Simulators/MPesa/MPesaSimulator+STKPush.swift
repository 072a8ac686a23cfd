import Foundation
import HubKit
import Hummingbird

/// M-Pesa Express: `POST /mpesa/stkpush/v1/processrequest`, its callback, and `POST /mpesa/stkpushquery/v1/query`.
extension MPesaSimulator {
    static let transactionTypes = ["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]

    func addSTKRoutes(to router: Router<BasicRequestContext>) {
        router.post("/mpesa/stkpush/v1/processrequest") { request, _ in
            await MPesaHTTP.respond { try await self.stkPush(request) }
        }
        router.post("/mpesa/stkpushquery/v1/query") { request, _ in
            await MPesaHTTP.respond { try await self.stkQuery(request) }
        }
    }

    /// Checks in the order of `docs/simulators/mpesa.md`: the token, the body, each field (400 `400.002.02`), the
    /// shortcode (500 "Merchant does not exist"), the password (500 "Wrong credentials"); then records the push and
    /// answers as its scenario says.
    private func stkPush(_ request: Request) async throws -> Response {
        try await authorize(request)
        let body = try await MPesaHTTP.body(of: request, firstField: "BusinessShortCode")
        let shortcode = try body.required("BusinessShortCode", MPesaValidation.isShortcode)
        let timestamp = try body.required("Timestamp") { MPesaValidation.isTimestamp($0, tolerance: configuration.timestampTolerance) }
        let type = try body.required("TransactionType") { Self.transactionTypes.contains($0) }
        guard let amount = MPesaAmount.parse(try body.required("Amount")) else { throw MPesaHTTPFailure.invalid("Amount") }
        let partyA = try body.required("PartyA", MPesaValidation.isCustomerNumber)
        let partyB = try body.required("PartyB", MPesaValidation.isShortcode)
        let phone = try body.required("PhoneNumber", MPesaValidation.isCustomerNumber)
        let callbackURL = try body.required("CallBackURL", MPesaValidation.isNotificationURL)
        let reference = try body.required("AccountReference", MPesaValidation.atMost(12))
        let description = try body.optional("TransactionDesc", MPesaValidation.atMost(13))
        try checkMerchant(shortcode: shortcode, password: body.text("Password"), timestamp: timestamp)

        let scenario = MPesaSTKScenario(phoneNumber: phone)
        if scenario == .answerInternalError { throw MPesaHTTPFailure.internalError }
        let push = MPesaSimulatedSTKPush(
            merchantRequestID: MPesaIdentifiers.merchantRequestID(), checkoutRequestID: MPesaIdentifiers.checkoutRequestID(),
            businessShortCode: shortcode, transactionType: type, amount: amount, partyA: partyA, partyB: partyB, phoneNumber: phone,
            callbackURL: callbackURL, accountReference: reference, transactionDesc: description, createdAt: Date(),
            status: .pending, result: nil, receipt: nil, completedAt: nil, notifications: []
        )
        let outcome = stkOutcome(type: type, partyB: partyB, shortcode: shortcode, amount: amount, scenario: scenario)
        let dueAt = await ledger.record(push, outcome: outcome, pendingForever: scenario == .pendingForever)
        await scheduleCallbacks(of: push, dueAt: dueAt, scenario: scenario)
        switch scenario {
        case .acceptButAnswerInternalError: throw MPesaHTTPFailure.internalError
        case .hangPastTimeout: try await Task.sleep(for: configuration.hangDelay)
        case .succeed, .fail, .pendingForever, .succeedWithoutCallback, .succeedWithDuplicateCallback, .answerInternalError: break
        }
        return MPesaHTTP.json(.ok, MPesaWire.stkAcknowledgement(push))
    }

    /// 500 "Merchant does not exist" for a shortcode other than the configured one, 500 "Wrong credentials" for a
    /// missing `Password` or one that is not base64(shortcode + passkey + Timestamp).
    func checkMerchant(shortcode: String, password: String?, timestamp: String) throws(MPesaHTTPFailure) {
        guard shortcode == configuration.shortcode else { throw .merchantDoesNotExist }
        let expected = MPesaValidation.password(shortcode: shortcode, passkey: configuration.passkey, timestamp: timestamp)
        guard password == expected else { throw .wrongCredentials }
    }

    /// A paybill push whose `PartyB` is not the shortcode is ResultCode 2028 (the portal's explanation of 2028); an
    /// amount above the maximum is ResultCode 3; otherwise the scenario decides.
    private func stkOutcome(type: String, partyB: String, shortcode: String, amount: Money, scenario: MPesaSTKScenario) -> MPesaResultCode {
        if type == "CustomerPayBillOnline" && partyB != shortcode { return .notPermitted }
        if amount.minorUnits > configuration.maximumAmount.minorUnits { return .aboveMaximum }
        if case .fail(let result) = scenario { return result }
        return .success
    }

    private func scheduleCallbacks(of push: MPesaSimulatedSTKPush, dueAt: ContinuousClock.Instant?, scenario: MPesaSTKScenario) async {
        guard let dueAt else { return }
        let times: [ContinuousClock.Instant] = switch scenario {
        case .succeedWithoutCallback, .pendingForever, .answerInternalError: []
        case .succeedWithDuplicateCallback: [dueAt, dueAt + configuration.repeatDelay]
        case .succeed, .fail, .acceptButAnswerInternalError, .hangPastTimeout: [dueAt]
        }
        let id = push.checkoutRequestID
        await notifier.schedule(
            times.map { MPesaNotifier.Notice(at: $0, kind: .stkCallback, url: push.callbackURL) },
            render: { [ledger] _ in
                guard let push = await ledger.push(id) else { return nil }
                return (MPesaWire.stkCallback(push), push.result?.code ?? 0)
            },
            record: { [ledger] notification in await ledger.append(notification, toPush: id) }
        )
    }

    /// The same shortcode, timestamp and password checks as the push, then the push named by `CheckoutRequestID`:
    /// 500 "The transaction is being processed" while pending, else its result with `ResultCode` as a string.
    private func stkQuery(_ request: Request) async throws -> Response {
        try await authorize(request)
        let body = try await MPesaHTTP.body(of: request, firstField: "BusinessShortCode")
        let shortcode = try body.required("BusinessShortCode", MPesaValidation.isShortcode)
        let timestamp = try body.required("Timestamp") { MPesaValidation.isTimestamp($0, tolerance: configuration.timestampTolerance) }
        let checkoutRequestID = try body.required("CheckoutRequestID")
        try checkMerchant(shortcode: shortcode, password: body.text("Password"), timestamp: timestamp)
        guard let push = await ledger.push(checkoutRequestID) else { throw MPesaHTTPFailure.invalid("CheckoutRequestID") }
        guard let result = push.result else { throw MPesaHTTPFailure.stillProcessing }
        return MPesaHTTP.json(.ok, MPesaWire.stkQueryAnswer(push, result: result))
    }
}
