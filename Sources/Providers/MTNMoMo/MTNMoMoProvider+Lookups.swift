import Foundation
import Hub

/// Recipient lookup through Disbursements, the product a withdrawal uses: `GET
/// /disbursement/v1_0/accountholder/msisdn/{number}/active` answers 200 `{"result": true|false}` (false, never 404,
/// for a number MoMo does not know), then, for an active holder, `GET
/// /disbursement/v1_0/accountholder/msisdn/{number}/basicuserinfo` gives `given_name` and `family_name`
/// (PROVIDERS.md §1, from MTN's Open API reference; the number is E.164 digits without `+`, as MoMo's party ids are).
extension MTNMoMoProvider: RecipientLookupProvider {
    public func lookUp(_ query: RecipientQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck {
        guard let msisdn = query.counterparty.msisdn else { throw ProviderError(.notSent, provider: id, reason: "MoMo looks up mobile numbers only") }
        let holder = "/disbursement/v1_0/accountholder/msisdn/\(msisdn.digits)"
        let active = try await authorizedSend(product: .disbursement, method: "GET", path: holder + "/active", headers: [], body: nil, context: context)
        switch active.status {
        case 200:
            guard let body = try? JSONDecoder().decode(MoMoAccountHolderActive.self, from: active.body) else {
                throw ProviderError(.ambiguous, provider: id, reason: "lookup: unreadable answer")
            }
            guard body.result else { return RecipientCheck(active: false) }
        case 401, 403:
            throw ProviderError(.notSent, provider: id, reason: "lookup: not authorised (HTTP \(active.status))")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "lookup: HTTP \(active.status)")
        }
        // The name is a courtesy: an active holder without readable basic info is still active.
        let info = try? await authorizedSend(product: .disbursement, method: "GET", path: holder + "/basicuserinfo", headers: [], body: nil,
                                             context: context)
        guard let info, info.status == 200, let person = try? JSONDecoder().decode(MoMoBasicUserInfo.self, from: info.body) else {
            return RecipientCheck(active: true)
        }
        let name = [person.givenName, person.familyName].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return RecipientCheck(active: true, name: name.isEmpty ? nil : name.joined(separator: " "))
    }
}

struct MoMoAccountHolderActive: Decodable {
    var result: Bool
}

struct MoMoBasicUserInfo: Decodable {
    var givenName: String?
    var familyName: String?

    enum CodingKeys: String, CodingKey {
        case givenName = "given_name"
        case familyName = "family_name"
    }
}
