import Foundation
import HubKit
import Hummingbird

/// B2C: `POST /mpesa/b2c/v3/paymentrequest` (with the client's `OriginatorConversationID`) and
/// `POST /mpesa/b2c/v1/paymentrequest` (without), the acknowledgement, then the result on `ResultURL`.
extension MPesaSimulator {
    static let b2cCommands = ["BusinessPayment", "SalaryPayment", "PromotionPayment"]

    func addB2CRoutes(to router: Router<BasicRequestContext>) {
        for version in ["v1", "v3"] {
            router.post("/mpesa/b2c/\(version)/paymentrequest") { request, _ in
                await MPesaHTTP.respond { try await self.b2cPayment(request, version: version) }
            }
        }
    }

    /// Field checks first (400 `400.002.02`), then a taken `OriginatorConversationID` (500 `500.002.1001`); the
    /// initiator, the credential, `PartyA` and the limits are checked by M-Pesa after the acknowledgement, so they
    /// fail in the result, as on Daraja.
    private func b2cPayment(_ request: Request, version: String) async throws -> Response {
        try await authorize(request)
        let firstField = version == "v3" ? "OriginatorConversationID" : "InitiatorName"
        let body = try await MPesaHTTP.body(of: request, firstField: firstField)
        let originator = version == "v3"
            ? try body.required("OriginatorConversationID", MPesaValidation.atMost(100))
            : MPesaIdentifiers.originatorConversationID()
        let initiator = try body.required("InitiatorName")
        let securityCredential = try body.required("SecurityCredential")
        let command = try body.required("CommandID") { Self.b2cCommands.contains($0) }
        guard let amount = MPesaAmount.parse(try body.required("Amount")) else { throw MPesaHTTPFailure.invalid("Amount") }
        let partyA = try body.required("PartyA", MPesaValidation.isShortcode)
        let partyB = try body.required("PartyB", MPesaValidation.isCustomerNumber)
        let remarks = try body.required("Remarks") { (2...100).contains($0.count) }
        let queueTimeOutURL = try body.required("QueueTimeOutURL", MPesaValidation.isNotificationURL)
        let resultURL = try body.required("ResultURL", MPesaValidation.isNotificationURL)
        let occasion = try body.optional("Occassion", anyOf: ["Occasion"], MPesaValidation.atMost(100))

        let scenario = MPesaB2CScenario(partyB: partyB)
        if scenario == .answerInternalError { throw MPesaHTTPFailure.internalError }
        let payment = MPesaSimulatedB2CPayment(
            conversationID: MPesaIdentifiers.conversationID(), originatorConversationID: originator, apiVersion: version,
            commandID: command, partyA: partyA, partyB: partyB, amount: amount, remarks: remarks, occasion: occasion,
            resultURL: resultURL, queueTimeOutURL: queueTimeOutURL, receiverName: MPesaCustomerName.name(of: partyB),
            createdAt: Date(), status: .pending, result: nil, transactionID: nil, receipt: nil, completedAt: nil, floatAfter: nil,
            notifications: []
        )
        let authorised = credential.accepts(name: initiator, credential: securityCredential)
        let failure = b2cFailure(authorised: authorised, partyA: partyA, amount: amount, scenario: scenario)
        guard let dueAt = await ledger.record(payment, failure: failure) else {
            throw MPesaHTTPFailure.duplicateOriginatorConversationID
        }
        await scheduleResults(of: payment, dueAt: dueAt, scenario: scenario)
        return MPesaHTTP.json(.ok, MPesaWire.acknowledgement(conversationID: payment.conversationID, originatorConversationID: originator))
    }

    /// A failure decided at acceptance, in this order: a wrong initiator or credential (2001), a `PartyA` other than
    /// the B2C shortcode (2028), the scenario's ResultCode, an amount below the minimum (2) or above the maximum (3).
    /// `nil` succeeds if the float allows when the payment settles (ResultCode 1 otherwise).
    private func b2cFailure(authorised: Bool, partyA: String, amount: Money, scenario: MPesaB2CScenario) -> MPesaResultCode? {
        if !authorised { return .initiatorInvalid }
        if partyA != configuration.b2cShortcode { return .notPermitted }
        if case .fail(let result) = scenario { return result }
        if amount.minorUnits < configuration.b2cMinimum.minorUnits { return .belowMinimum }
        if amount.minorUnits > configuration.maximumAmount.minorUnits { return .aboveMaximum }
        return nil
    }

    private func scheduleResults(of payment: MPesaSimulatedB2CPayment, dueAt: ContinuousClock.Instant, scenario: MPesaB2CScenario) async {
        let result = MPesaNotifier.Notice(at: dueAt, kind: .result, url: payment.resultURL)
        let notices: [MPesaNotifier.Notice] = switch scenario {
        case .succeedWithoutResult, .answerInternalError: []
        case .queueTimeout: [MPesaNotifier.Notice(at: dueAt, kind: .queueTimeout, url: payment.queueTimeOutURL)]
        case .succeedWithDuplicateResult:
            [result, MPesaNotifier.Notice(at: dueAt + configuration.repeatDelay, kind: .result, url: payment.resultURL)]
        case .succeed, .fail: [result]
        }
        let id = payment.conversationID
        await notifier.schedule(
            notices,
            render: { [ledger] kind in
                guard let payment = await ledger.payment(id) else { return nil }
                if kind == .queueTimeout { return (MPesaWire.queueTimeout(payment), 1) }
                return (MPesaWire.b2cResult(payment), payment.result?.code ?? 0)
            },
            record: { [ledger] notification in await ledger.append(notification, toPayment: id) }
        )
    }
}
