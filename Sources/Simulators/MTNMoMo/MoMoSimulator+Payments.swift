import Foundation
import HubKit
import Hummingbird

/// Request-to-pay and transfer: submission, status and account balance.
extension MoMoSimulator {
    func addPaymentRoutes(to router: Router<BasicRequestContext>, product: MoMoProduct) {
        let base = "/\(product.rawValue)/v1_0"
        router.post("\(base)/\(product.resource)") { request, _ in
            await MoMoHTTP.respond { try await self.submit(request, product: product) }
        }
        router.get("\(base)/\(product.resource)/:reference") { request, context in
            await MoMoHTTP.respond {
                _ = try await self.authorize(request, product: product)
                guard let reference = context.parameters.get("reference"),
                      let transaction = await self.book.transaction(reference, product: product)
                else { throw MoMoHTTPFailure.notFound }
                return MoMoHTTP.json(.ok, MoMoStatusBody(transaction))
            }
        }
        router.get("\(base)/account/balance") { request, _ in
            await MoMoHTTP.respond {
                _ = try await self.authorize(request, product: product)
                let balance = await self.book.balance(of: product, in: self.configuration.accountCurrency)
                return MoMoHTTP.json(
                    .ok, MoMoBalanceBody(availableBalance: balance.compactDecimalString, currency: balance.currency.code)
                )
            }
        }
    }

    /// Checks the subscription key, the bearer token (valid, unexpired, issued for `product`) and the target
    /// environment, and returns the token's API user.
    func authorize(_ request: Request, product: MoMoProduct) async throws(MoMoHTTPFailure) -> MoMoCredentialStore.APIUser {
        try checkSubscriptionKey(request)
        guard let authorization = MoMoHTTP.header("Authorization", of: request),
              authorization.lowercased().hasPrefix("bearer "),
              let user = await credentials.user(forToken: String(authorization.dropFirst(7)), product: product)
        else { throw .unauthorized("Missing, invalid or expired access token.") }
        guard let environment = MoMoHTTP.header("X-Target-Environment", of: request) else {
            throw .badRequest("X-Target-Environment is required.")
        }
        guard environment == configuration.targetEnvironment else {
            throw MoMoHTTPFailure(.internalServerError, .notAllowedTargetEnvironment)
        }
        return user
    }

    private func submit(_ request: Request, product: MoMoProduct) async throws -> Response {
        let user = try await authorize(request, product: product)
        guard let reference = MoMoHTTP.header("X-Reference-Id", of: request), MoMoHTTP.isUUIDv4(reference) else {
            throw MoMoHTTPFailure.badRequest("X-Reference-Id must be a UUID version 4.")
        }
        let callbackURL = MoMoHTTP.header("X-Callback-Url", of: request)
        if let callbackURL, !Self.callbackHostAllowed(callbackURL, for: user) {
            throw MoMoHTTPFailure(.internalServerError, .invalidCallbackURLHost)
        }
        let data = try await MoMoHTTP.body(of: request)
        guard let body = try? JSONDecoder().decode(MoMoPaymentRequest.self, from: data) else {
            throw MoMoHTTPFailure.badRequest("The body is not a valid \(product.resource) JSON object.")
        }
        let submission = try validate(body, reference: reference, product: product, callbackURL: callbackURL)
        switch submission.scenario {
        case .rejectAsDuplicate: throw MoMoHTTPFailure.duplicate
        case .answerInternalError: throw MoMoHTTPFailure(.internalServerError, .internalProcessingError)
        case .answerServiceUnavailable: throw MoMoHTTPFailure(.serviceUnavailable, .serviceUnavailable)
        case .succeed, .fail, .pendingForever, .succeedWithoutCallback, .succeedWithDoubleCallback, .answerSlowly,
             .acceptButAnswerInternalError, .succeedThenContradict, .hangPastTimeout, .resetMidResponse:
            break
        }
        guard case .recorded(let dueAt) = await book.record(submission) else { throw MoMoHTTPFailure.duplicate }
        if let callbackURL, let dueAt {
            let plan = MoMoCallbackDispatcher.plan(for: submission.scenario, finalAt: dueAt, spacing: configuration.callbackDelay)
            await callbacks.schedule(plan, reference: reference.lowercased(), product: product, url: callbackURL)
        }
        switch submission.scenario {
        case .answerSlowly:
            try await Task.sleep(for: configuration.slowDelay)
        case .hangPastTimeout:
            try await Task.sleep(for: configuration.hangDelay)
        case .resetMidResponse:
            return MoMoHTTP.cutShort(.accepted)
        case .acceptButAnswerInternalError:
            throw MoMoHTTPFailure(.internalServerError, .internalProcessingError)
        case .succeed, .fail, .pendingForever, .succeedWithoutCallback, .succeedWithDoubleCallback,
             .succeedThenContradict, .rejectAsDuplicate, .answerInternalError, .answerServiceUnavailable:
            break
        }
        return MoMoHTTP.empty(.accepted)
    }

    private func validate(
        _ body: MoMoPaymentRequest, reference: String, product: MoMoProduct, callbackURL: String?
    ) throws(MoMoHTTPFailure) -> MoMoTransactionBook.Submission {
        guard let code = body.currency else { throw .badRequest("currency is required.") }
        guard let currency = Currency(code: code), configuration.currencies.contains(currency) else {
            throw MoMoHTTPFailure(.internalServerError, .invalidCurrency)
        }
        guard let text = body.amount else { throw .badRequest("amount is required, as a string.") }
        guard let amount = try? Money(parsing: text, currency: currency), amount.minorUnits > 0 else {
            throw .badRequest("amount must be a positive decimal string with at most \(currency.exponent) decimals.")
        }
        let party = product == .collection ? body.payer : body.payee
        guard let party else { throw .badRequest("\(product.partyField) is required.") }
        guard party.partyIdType == "MSISDN" else { throw .badRequest("\(product.partyField).partyIdType must be MSISDN.") }
        guard let partyID = party.partyId, (5...15).contains(partyID.count), partyID.allSatisfy(\.isASCIIDigitCharacter) else {
            throw .badRequest("\(product.partyField).partyId must be an MSISDN: E.164 digits without '+'.")
        }
        for (name, note) in [("payerMessage", body.payerMessage), ("payeeNote", body.payeeNote)] {
            if let note, note.count > 160 { throw .badRequest("\(name) is longer than 160 characters.") }
        }
        return MoMoTransactionBook.Submission(
            reference: reference, product: product, externalID: body.externalId, partyIDType: "MSISDN",
            partyID: partyID, amount: amount, payerMessage: body.payerMessage, payeeNote: body.payeeNote,
            callbackURL: callbackURL, scenario: MoMoScenario(partyID: partyID)
        )
    }

    /// A callback URL must name the user's `providerCallbackHost`; a seeded user may also use a loopback host.
    static func callbackHostAllowed(_ url: String, for user: MoMoCredentialStore.APIUser) -> Bool {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = parsed.host?.lowercased()
        else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == user.providerCallbackHost.lowercased() { return true }
        guard user.seeded else { return false }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
