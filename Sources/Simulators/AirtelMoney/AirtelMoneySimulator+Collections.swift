import HubKit
import Hummingbird

/// Collections (USSD push): `POST /merchant/v1/payments/`, `POST /merchant/v2/payments/` (message-signed) and the
/// enquiry `GET /standard/v1/payments/{id}`.
extension AirtelMoneySimulator {
    func addCollectionRoutes(to router: Router<BasicRequestContext>) {
        for version in ["v1", "v2"] {
            router.post("/merchant/\(version)/payments") { request, _ in
                await AirtelMoneyHTTP.respond { try await self.collect(request, version: version) }
            }
        }
        router.get("/standard/v1/payments/:id") { request, context in
            await AirtelMoneyHTTP.respond {
                _ = try await self.authorize(request)
                guard let id = context.parameters.get("id"), let transaction = await self.book.transaction(id, kind: .collection) else {
                    throw AirtelMoneyHTTPFailure(
                        .notFound, "No Transaction Found With Provided Transaction Id.", resultCode: "ESB000045",
                        responseCode: .collectionNotFound
                    )
                }
                return AirtelMoneyWire.enquiryAnswer(transaction)
            }
        }
    }

    /// Checks in order: token and market, the signature (v2), the body, the MSISDN, the amount, a taken id;
    /// then records the push and answers as the subscriber's scenario says.
    private func collect(_ request: Request, version: String) async throws -> Response {
        let market = try await authorize(request)
        let body = try await AirtelMoneyHTTP.body(of: request)
        if version == "v2" { try verifySignature(of: request, body: body, mismatch: .collectionSignatureMismatch) }
        let object = try AirtelMoneyHTTP.object(body)
        let reference = try requireText(object["reference"], field: "reference")
        let subscriber = object["subscriber"]
        let transaction = object["transaction"]
        try checkAgrees(subscriber, with: market, path: "subscriber")
        try checkAgrees(transaction, with: market, path: "transaction")
        let msisdn = try validateMSISDN(subscriber?["msisdn"], field: "subscriber.msisdn", in: market)
        let amount = try validateAmount(transaction?["amount"], in: market, invalidAmount: .collectionInvalidAmount)
        let id = try requireText(transaction?["id"], field: "transaction.id")
        let scenario = AirtelMoneyScenario(msisdn: msisdn)
        guard scenario.records else { throw AirtelMoneyHTTPFailure(.internalServerError, "Something went wrong", resultCode: "ESB000001") }
        let submission = AirtelMoneyTransactionBook.Submission(
            id: id, kind: .collection, msisdn: msisdn, country: market.country.code, amount: amount, reference: reference,
            apiVersion: version, disbursementType: nil, scenario: scenario
        )
        guard case .recorded(let recorded, let finalAt) = await book.record(submission) else {
            throw AirtelMoneyHTTPFailure(.badRequest, "External Transaction ID already exists.", resultCode: "ESB000041")
        }
        if let finalAt {
            let plan = AirtelMoneyCallbackDispatcher.plan(for: scenario, finalAt: finalAt, spacing: configuration.callbackDelay)
            await callbacks.schedule(plan, id: recorded.id)
        }
        let ack = AirtelMoneyWire.pushSent(id: recorded.id)
        return try await answerRecorded(ack, scenario: scenario)
    }

    /// Answers a recorded transaction's POST as its scenario says: at once, late, cut short, or a 500 although
    /// it was recorded.
    func answerRecorded(_ answer: SimulatorJSON, scenario: AirtelMoneyScenario) async throws -> Response {
        switch scenario {
        case .hangPastTimeout:
            try await Task.sleep(for: configuration.hangDelay)
        case .resetMidResponse:
            return AirtelMoneyHTTP.cutShort(answer)
        case .acceptButAnswerInternalError:
            throw AirtelMoneyHTTPFailure(.internalServerError, "Something went wrong", resultCode: "ESB000001")
        case .succeed, .decline, .ambiguousThenSucceed, .pendingForever, .succeedWithoutCallback, .succeedWithDoubleCallback,
             .succeedThenContradict, .answerInternalError:
            break
        }
        return AirtelMoneyHTTP.json(.ok, answer)
    }
}
