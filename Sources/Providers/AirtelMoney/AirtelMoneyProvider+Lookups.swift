import Foundation
import Hub

/// Recipient lookup through Airtel's KYC enquiry (PROVIDERS.md §8.2): `GET /standard/v1/users/{msisdn}` with the
/// national number answers `data{first_name,last_name,msisdn,grade,is_barred,is_pin_set,registration{status}}` and
/// `DP02200000001`; an unregistered number answers `DP02200000000` (an HTTP 4xx in practice). A barred subscriber
/// cannot receive money: not active.
extension AirtelMoneyProvider: RecipientLookupProvider {
    public func lookUp(_ query: RecipientQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck {
        let amount = try Money(minorUnits: 0, currency: query.currency, or: id)
        let national = try nationalNumber(of: query.counterparty, amount: amount, operation: "lookup")
        let response = try await authorizedSend("GET", "/standard/v1/users/\(national)", body: nil, operation: "lookup", context: context)
        let answer = try? JSONDecoder().decode(AirtelMoneyKYCAnswer.self, from: response.body)
        if answer?.status?.responseCode == "DP02200000000" { return RecipientCheck(active: false) }
        switch response.status {
        case 200:
            guard let user = answer?.data, answer?.status?.responseCode == "DP02200000001" else {
                throw ProviderError(.ambiguous, provider: id, reason: "lookup: unreadable answer")
            }
            let name = [user.firstName, user.lastName].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return RecipientCheck(active: user.isBarred != true, name: name.isEmpty ? nil : name.joined(separator: " "))
        case 404:
            return RecipientCheck(active: false)
        case 403:
            throw ProviderError(.notSent, provider: id, reason: "lookup: not authorised (HTTP 403)")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "lookup: HTTP \(response.status)")
        }
    }
}

extension Money {
    /// A zero amount for the currency checks of a lookup.
    fileprivate init(minorUnits: Int64, currency: Currency, or provider: ProviderID) throws(ProviderError) {
        do { try self.init(minorUnits: minorUnits, currency: currency) } catch {
            throw ProviderError(.notSent, provider: provider, reason: "lookup: \(error)")
        }
    }
}

struct AirtelMoneyKYCAnswer: Decodable {
    struct User: Decodable {
        var firstName: String?
        var lastName: String?
        var isBarred: Bool?

        enum CodingKeys: String, CodingKey {
            case firstName = "first_name"
            case lastName = "last_name"
            case isBarred = "is_barred"
        }
    }

    struct Status: Decodable {
        var responseCode: String?

        enum CodingKeys: String, CodingKey { case responseCode = "response_code" }
    }

    var data: User?
    var status: Status?
}
