import Foundation
import HubKit
import Hummingbird

/// The headers of a POST that creates a transaction, once checked.
struct MoMoSubmissionHeaders: Sendable {
    let user: MoMoCredentialStore.APIUser
    /// The `X-Reference-Id`, a UUID version 4.
    let reference: String
    let callbackURL: String?
}

/// What every transaction-creating POST shares: the checks of its headers, amount and notes, and the answer once
/// it is recorded.
extension MoMoSimulator {
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

    /// `authorize`, then `X-Reference-Id` (400 unless a UUID version 4) and `X-Callback-Url` (500
    /// `INVALID_CALLBACK_URL_HOST` unless its host is allowed for the user).
    func submissionHeaders(of request: Request, product: MoMoProduct) async throws(MoMoHTTPFailure) -> MoMoSubmissionHeaders {
        let user = try await authorize(request, product: product)
        guard let reference = MoMoHTTP.header("X-Reference-Id", of: request), MoMoHTTP.isUUIDv4(reference) else {
            throw .badRequest("X-Reference-Id must be a UUID version 4.")
        }
        let callbackURL = MoMoHTTP.header("X-Callback-Url", of: request)
        if let callbackURL, !Self.callbackHostAllowed(callbackURL, for: user) {
            throw MoMoHTTPFailure(.internalServerError, .invalidCallbackURLHost)
        }
        return MoMoSubmissionHeaders(user: user, reference: reference, callbackURL: callbackURL)
    }

    /// The body's `currency` (400 if missing, 500 `INVALID_CURRENCY` if not configured) and `amount` (400 unless a
    /// positive decimal string with no more decimals than the currency has).
    func validateAmount(_ text: String?, currency code: String?) throws(MoMoHTTPFailure) -> Money {
        guard let code else { throw .badRequest("currency is required.") }
        guard let currency = Currency(code: code), configuration.currencies.contains(currency) else {
            throw MoMoHTTPFailure(.internalServerError, .invalidCurrency)
        }
        guard let text else { throw .badRequest("amount is required, as a string.") }
        guard let amount = try? Money(parsing: text, currency: currency), amount.minorUnits > 0 else {
            throw .badRequest("amount must be a positive decimal string with at most \(currency.exponent) decimals.")
        }
        return amount
    }

    /// Notes of at most 160 characters.
    func validateNotes(payerMessage: String?, payeeNote: String?) throws(MoMoHTTPFailure) {
        for (name, note) in [("payerMessage", payerMessage), ("payeeNote", payeeNote)] {
            if let note, note.count > 160 { throw .badRequest("\(name) is longer than 160 characters.") }
        }
    }

    /// Schedules the callbacks of a recorded transaction, then answers its POST as its scenario says: 202 with an
    /// empty body, late, cut short, or a 500 although it was recorded.
    func answerRecorded(_ submission: MoMoTransactionBook.Submission, dueAt: ContinuousClock.Instant?) async throws -> Response {
        if let callbackURL = submission.callbackURL, let dueAt {
            let plan = MoMoCallbackDispatcher.plan(for: submission.scenario, finalAt: dueAt, spacing: configuration.callbackDelay)
            await callbacks.schedule(plan, reference: submission.reference.lowercased(), product: submission.kind.product, url: callbackURL)
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
