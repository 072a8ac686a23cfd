import Foundation
import Hub

/// Bank-account lookup through Flutterwave's account resolution: `POST /v3/accounts/resolve` with
/// `{"account_number","account_bank"}` (both strings; `account_bank` is Flutterwave's bank code, `044`), answered
/// 200 `{"status":"success","message":"Account details fetched","data":{"account_number","account_name"}}`.
///
/// Sources: developer.flutterwave.com, "Bank account verification" (the request, the answer, and an invalid number
/// answered `{"status":"error","message":"Sorry, that account number is invalid, please check and try again",
/// "data":null}`; one revision says Nigerian banks only, a later one Nigeria and Ghana); "Errors" (validation
/// errors are 400, a missing or wrong key 401, server errors 5xx); the Flutterwave-owned Node-v3 SDK,
/// `services/misc/rave.resolve.account` (both fields required, the number numeric) and `services/misc/types.ts`
/// (the optional `type` and `country` are for M-Pesa numbers, so they are not sent). The v2 page shows a name
/// with a leading space (`" John Madakin"`): names are trimmed.
///
/// Where the documentation is silent, and what is chosen:
/// - The HTTP status of the invalid-number answer is not given; the errors page makes it a 400.
/// - No list of messages tells "no such account" from "the bank did not answer in time". Any 400 in the error
///   envelope is taken as an account that cannot be resolved (`active: false`: an unknown bank code counts too),
///   except one that blames the shape of a field this adapter sent (`… is required`, `… must be a string`), which
///   is the hub's fault and thrown as not sent. A passing bank outage reported as a 400 therefore reads as not active: the error leans
///   toward refusing a payout, never toward paying one.
/// - A 200 naming another account number than the one asked about is not trusted: ambiguous.
extension FlutterwaveProvider: BankAccountLookupProvider {
    public var bankAccountLookupCurrencies: Set<Currency> { configuration.accountResolutionCurrencies }

    public func lookUp(_ query: BankAccountQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck {
        guard bankAccountLookupCurrencies.contains(query.currency) else {
            throw ProviderError(.notSent, provider: id, reason: "resolve: no account resolution in \(query.currency.code)")
        }
        var body = FlutterwaveJSON()
        body.string("account_number", query.account.number)
        body.string("account_bank", query.account.bankCode)
        let response = try await send("POST", "/v3/accounts/resolve", body: body, operation: "resolve", context: context)
        let answer = try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveResolvedAccount>.self, from: response.body)
        switch response.status {
        case 200:
            guard let answer, answer.status.lowercased() == "success", let account = answer.data else {
                throw ProviderError(.ambiguous, provider: id, reason: "resolve: unreadable answer")
            }
            if let echoed = account.accountNumber, echoed != query.account.number {
                throw ProviderError(.ambiguous, provider: id, reason: "resolve: the answer names another account")
            }
            let name = account.accountName?.trimmingCharacters(in: .whitespacesAndNewlines)
            return RecipientCheck(active: true, name: name?.isEmpty == false ? name : nil)
        case 400:
            guard let answer, answer.status.lowercased() == "error" else {
                throw ProviderError(.ambiguous, provider: id, reason: "resolve: unreadable answer (HTTP 400)")
            }
            if Self.blamesTheRequest(answer.message) {
                throw ProviderError(.notSent, provider: id, reason: "resolve: refused as invalid")
            }
            return RecipientCheck(active: false)
        default:
            throw unanswered(response, operation: "resolve")
        }
    }

    /// Flutterwave's words for a request missing a field or sending one of the wrong type, as its validation
    /// errors read (`account_bank is required`, `account_number must be a string`).
    static func blamesTheRequest(_ message: String?) -> Bool {
        guard let message = message?.lowercased() else { return false }
        return message.hasSuffix(" is required") || message.hasSuffix(" must be a string")
    }
}

/// `data` of a resolved account.
struct FlutterwaveResolvedAccount: Decodable {
    var accountNumber: String?
    var accountName: String?

    enum CodingKeys: String, CodingKey {
        case accountNumber = "account_number"
        case accountName = "account_name"
    }
}
