/// An account holder as the simulator's directory knows it, for `…/accountholder/…/active` and
/// `…/basicuserinfo`.
///
/// The directory is a table keyed like the payment scenarios, by MSISDN digits:
///
/// | key | holder |
/// |---|---|
/// | `250780003001` | registered but not active: `{"result":false}`, basic info with `"status":"INACTIVE"` |
/// | `250780003002` | not registered: `{"result":false}`, basic info 404 `RESOURCE_NOT_FOUND` |
/// | any other | registered and active, with names and a birth date derived from its digits |
///
/// The key of an `msisdn` is the number, of an `email` the part before `@`, of a `party_code` its last group of
/// 12 hexadecimal digits (so `…-250780003001` is the inactive holder).
public struct MoMoAccountHolder: Sendable, Hashable {
    public let givenName: String
    public let familyName: String
    /// `YYYY-MM-DD`.
    public let birthdate: String
    /// `rw_RW`, with the underscore MoMo's sandbox answers with.
    public let locale: String
    /// `MALE` or `FEMALE`, as MoMo's sandbox spells it.
    public let gender: String
    public let isActive: Bool

    /// The holder behind a directory key, or `nil` for the unregistered one.
    public init?(key: String) {
        guard key != Self.unregisteredKey else { return nil }
        // One digit per character: a digit's own value, any other character's scalar value modulo 10; padded on the
        // left so that every key yields the six digits the names and the birth date are read from.
        let digits = Array(repeating: 0, count: 6) + key.unicodeScalars.map { scalar in
            ("0"..."9").contains(scalar) ? Int(scalar.value) - 48 : Int(scalar.value % 10)
        }
        func number(_ fromEnd: Int) -> Int { digits[digits.count - fromEnd] * 10 + digits[digits.count - fromEnd + 1] }
        let given = Self.givenNames[digits[digits.count - 2]]
        givenName = given.name
        gender = given.gender
        familyName = Self.familyNames[digits[digits.count - 1]]
        let year = 1960 + number(2) % 45
        let month = 1 + number(4) % 12
        let day = 1 + number(6) % 28
        birthdate = "\(year)-" + (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
        locale = "rw_RW"
        isActive = key != Self.inactiveKey
    }

    /// The MSISDN of the registered holder whose account is not active.
    public static let inactiveKey = "250780003001"
    /// The MSISDN no holder is registered under.
    public static let unregisteredKey = "250780003002"

    /// Chosen by the key's second-to-last digit.
    static let givenNames: [(name: String, gender: String)] = [
        ("Jean Claude", "MALE"), ("Aline", "FEMALE"), ("Eric", "MALE"), ("Diane", "FEMALE"), ("Olivier", "MALE"),
        ("Claudine", "FEMALE"), ("Emmanuel", "MALE"), ("Grace", "FEMALE"), ("Patrick", "MALE"), ("Josiane", "FEMALE"),
    ]

    /// Chosen by the key's last digit.
    static let familyNames = [
        "Uwimana", "Mugisha", "Niyonzima", "Habimana", "Mukamana", "Nshimiyimana", "Uwase", "Ndayisaba", "Iradukunda",
        "Hakizimana",
    ]
}
