import Foundation
import HubKit
import Hummingbird

/// Request-to-pay, transfer and deposit: submission, status and account balance.
extension MoMoSimulator {
    func addPaymentRoutes(to router: Router<BasicRequestContext>, product: MoMoProduct) {
        let kinds: [MoMoTransactionKind] = product == .collection ? [.requestToPay] : [.transfer, .deposit]
        for kind in kinds {
            for version in kind.versions {
                router.post("/\(product.rawValue)/\(version)/\(kind.rawValue)") { request, _ in
                    await MoMoHTTP.respond { try await self.submit(request, kind: kind) }
                }
            }
            addStatusRoute(to: router, kind: kind)
        }
        router.get("/\(product.rawValue)/v1_0/account/balance") { request, _ in
            await MoMoHTTP.respond {
                _ = try await self.authorize(request, product: product)
                let balance = await self.book.balance(of: product, in: self.configuration.accountCurrency)
                return MoMoHTTP.json(
                    .ok, MoMoBalanceBody(availableBalance: balance.compactDecimalString, currency: balance.currency.code)
                )
            }
        }
    }

    /// `GET /{product}/v1_0/{kind}/{reference}`: a transaction of that kind only (a transfer's reference is 404
    /// at `…/deposit/`).
    func addStatusRoute(to router: Router<BasicRequestContext>, kind: MoMoTransactionKind) {
        router.get("/\(kind.product.rawValue)/v1_0/\(kind.rawValue)/:reference") { request, context in
            await MoMoHTTP.respond {
                _ = try await self.authorize(request, product: kind.product)
                guard let reference = context.parameters.get("reference"),
                      let transaction = await self.book.transaction(reference, kind: kind)
                else { throw MoMoHTTPFailure.notFound }
                return MoMoHTTP.json(.ok, MoMoStatusBody(transaction))
            }
        }
    }

    private func submit(_ request: Request, kind: MoMoTransactionKind) async throws -> Response {
        let headers = try await submissionHeaders(of: request, product: kind.product)
        let data = try await MoMoHTTP.body(of: request)
        guard let body = try? JSONDecoder().decode(MoMoPaymentRequest.self, from: data) else {
            throw MoMoHTTPFailure.badRequest("The body is not a valid \(kind.rawValue) JSON object.")
        }
        let submission = try validate(body, headers: headers, kind: kind)
        switch submission.scenario {
        case .rejectAsDuplicate: throw MoMoHTTPFailure.duplicate
        case .answerInternalError: throw MoMoHTTPFailure(.internalServerError, .internalProcessingError)
        case .answerServiceUnavailable: throw MoMoHTTPFailure(.serviceUnavailable, .serviceUnavailable)
        case .succeed, .fail, .pendingForever, .succeedWithoutCallback, .succeedWithDoubleCallback, .answerSlowly,
             .acceptButAnswerInternalError, .succeedThenContradict, .hangPastTimeout, .resetMidResponse:
            break
        }
        guard case .recorded(let dueAt) = await book.record(submission) else { throw MoMoHTTPFailure.duplicate }
        return try await answerRecorded(submission, dueAt: dueAt)
    }

    private func validate(
        _ body: MoMoPaymentRequest, headers: MoMoSubmissionHeaders, kind: MoMoTransactionKind
    ) throws(MoMoHTTPFailure) -> MoMoTransactionBook.Submission {
        let amount = try validateAmount(body.amount, currency: body.currency)
        let field = kind.product.partyField
        let party = kind.product == .collection ? body.payer : body.payee
        guard let party else { throw .badRequest("\(field) is required.") }
        guard party.partyIdType == "MSISDN" else { throw .badRequest("\(field).partyIdType must be MSISDN.") }
        guard let partyID = party.partyId, MoMoAccountHolderIDType.isMSISDN(partyID) else {
            throw .badRequest("\(field).partyId must be an MSISDN: E.164 digits without '+'.")
        }
        try validateNotes(payerMessage: body.payerMessage, payeeNote: body.payeeNote)
        return MoMoTransactionBook.Submission(
            reference: headers.reference, kind: kind, externalID: body.externalId, partyIDType: "MSISDN",
            partyID: partyID, amount: amount, payerMessage: body.payerMessage, payeeNote: body.payeeNote,
            callbackURL: headers.callbackURL, scenario: MoMoScenario(partyID: partyID)
        )
    }
}
