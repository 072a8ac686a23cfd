import Hummingbird

/// Disbursements: `POST /standard/v1/disbursements/`, `POST /standard/v2/disbursements/` and their enquiries
/// `GET /standard/v1/disbursements/{id}` and `GET /standard/v2/disbursements/{id}?transactionType=B2C`.
extension AirtelMoneySimulator {
    func addDisbursementRoutes(to router: Router<BasicRequestContext>) {
        for version in ["v1", "v2"] {
            router.post("/standard/\(version)/disbursements") { request, _ in
                await AirtelMoneyHTTP.respond { try await self.disburse(request, version: version) }
            }
            router.get("/standard/\(version)/disbursements/:id") { request, context in
                await AirtelMoneyHTTP.respond {
                    _ = try await self.authorize(request)
                    let type = request.uri.queryParameters.get("transactionType")?.uppercased()
                    if let type, !Self.disbursementTypes.contains(type) {
                        throw AirtelMoneyHTTPFailure.fieldValidation("transactionType must be B2C or B2B.")
                    }
                    guard let id = context.parameters.get("id"), let transaction = await self.book.transaction(id, kind: .disbursement),
                          type == nil || type == transaction.disbursementType
                    else {
                        throw AirtelMoneyHTTPFailure(
                            .notFound, "No Transaction Found With Provided Transaction Id.", resultCode: "ESB000045",
                            responseCode: .disbursementNotFound
                        )
                    }
                    return AirtelMoneyWire.enquiryAnswer(transaction)
                }
            }
        }
    }

    static let disbursementTypes: Set<String> = ["B2C", "B2B"]

    /// Checks in order: token and market, the signature (v2, when its headers are sent), the body, the payee's
    /// MSISDN, the amount, the id and type, the PIN, a taken id; then records the disbursement and answers at once.
    private func disburse(_ request: Request, version: String) async throws -> Response {
        let market = try await authorize(request)
        let body = try await AirtelMoneyHTTP.body(of: request)
        let signed = AirtelMoneyHTTP.header("x-key", of: request) != nil || AirtelMoneyHTTP.header("x-signature", of: request) != nil
        if version == "v2", signed { try verifySignature(of: request, body: body, mismatch: .disbursementSignatureMismatch) }
        let object = try AirtelMoneyHTTP.object(body)
        let reference = try disbursementReference(object["reference"], version: version)
        let payee = object["payee"]
        try checkAgrees(payee, with: market, path: "payee")
        let msisdn = try validateMSISDN(payee?["msisdn"], field: "payee.msisdn", in: market)
        let transaction = object["transaction"]
        let amount = try validateAmount(transaction?["amount"], in: market, invalidAmount: .disbursementInvalidAmount)
        let id = try requireText(transaction?["id"], field: "transaction.id")
        let type = try disbursementType(transaction?["type"], version: version)
        try checkPIN(object["pin"])
        let scenario = AirtelMoneyScenario(msisdn: msisdn)
        guard scenario.records else { throw AirtelMoneyHTTPFailure(.internalServerError, "Something went wrong", resultCode: "ESB000001") }
        let submission = AirtelMoneyTransactionBook.Submission(
            id: id, kind: .disbursement, msisdn: msisdn, country: market.country.code, amount: amount, reference: reference,
            apiVersion: version, disbursementType: type, scenario: scenario
        )
        guard case .recorded(let recorded, _) = await book.record(submission) else {
            throw AirtelMoneyHTTPFailure(
                .badRequest, AirtelMoneyResponseCode.disbursementDuplicateID.message, resultCode: "ESB000041",
                responseCode: .disbursementDuplicateID
            )
        }
        return try await answerRecorded(AirtelMoneyWire.disbursement(recorded), scenario: scenario)
    }

    /// v2 takes 4 to 64 letters and digits, v1 any non-empty text.
    private func disbursementReference(_ value: SimulatorJSON?, version: String) throws(AirtelMoneyHTTPFailure) -> String {
        let reference = try requireText(value, field: "reference")
        guard version == "v1" || (4...64).contains(reference.count) && reference.unicodeScalars.allSatisfy(\.isASCIIAlphanumeric) else {
            throw .fieldValidation("reference must be 4 to 64 letters and digits.")
        }
        return reference
    }

    /// v2 requires `transaction.type` `B2C` or `B2B`; v1 may leave it out (then `B2C`).
    private func disbursementType(_ value: SimulatorJSON?, version: String) throws(AirtelMoneyHTTPFailure) -> String {
        guard let type = value?.text else {
            if version == "v1" { return "B2C" }
            throw .fieldValidation("transaction.type is mandatory: B2C or B2B.")
        }
        guard Self.disbursementTypes.contains(type) else { throw .fieldValidation("transaction.type must be B2C or B2B.") }
        return type
    }

    /// The `pin`, base64(RSA(PIN)) with the served public key: missing, undecryptable and wrong PINs are refused.
    private func checkPIN(_ value: SimulatorJSON?) throws(AirtelMoneyHTTPFailure) {
        guard let encrypted = value?.text, !encrypted.isEmpty else {
            throw AirtelMoneyHTTPFailure(.badRequest, "Missing header/body params: pin", resultCode: "ROUTER003",
                                         responseCode: .disbursementRefused)
        }
        switch signing.checkPIN(encrypted, against: configuration.pin) {
        case .correct: return
        case .incorrect:
            throw AirtelMoneyHTTPFailure(.badRequest, "Incorrect Pin", resultCode: "ROUTER115", responseCode: .disbursementRefused)
        case .undecryptable:
            throw AirtelMoneyHTTPFailure(
                .badRequest, "Incorrect Encrypted Pin", resultCode: "ROUTER116", responseCode: .disbursementRefused
            )
        }
    }
}

extension Unicode.Scalar {
    /// `A`–`Z`, `a`–`z`, `0`–`9`.
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
