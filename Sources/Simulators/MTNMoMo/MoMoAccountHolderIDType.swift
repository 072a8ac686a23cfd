import Foundation

/// The `{accountHolderIdType}` of `…/accountholder/{accountHolderIdType}/{accountHolderId}/…`.
///
/// MoMo documents the values in lower case ("should explicitly be in small letters"), yet a long-used client
/// sends `MSISDN` and MoMo's gateway matches paths without regard to case, so any case is accepted.
enum MoMoAccountHolderIDType: String, Sendable, CaseIterable {
    case msisdn
    case email
    case partyCode = "party_code"

    init?(pathSegment: String) {
        self.init(rawValue: pathSegment.lowercased())
    }

    /// The directory key of a well-formed id (see `MoMoAccountHolder`), or `nil` when MoMo would answer 400:
    /// an MSISDN of 5 to 15 digits without `+`, an e-mail address, a party code as a UUID.
    func directoryKey(of id: String) -> String? {
        switch self {
        case .msisdn:
            return Self.isMSISDN(id) ? id : nil
        case .email:
            let parts = id.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
                  id.count <= 254, !id.contains(where: { $0.isWhitespace })
            else { return nil }
            return String(parts[0])
        case .partyCode:
            return UUID(uuidString: id) == nil ? nil : String(id.suffix(12)).lowercased()
        }
    }

    /// E.164 digits without `+`, 5 to 15 of them (a local number such as `0248888736` included, as MoMo's own
    /// examples send).
    static func isMSISDN(_ text: String) -> Bool {
        (5...15).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
