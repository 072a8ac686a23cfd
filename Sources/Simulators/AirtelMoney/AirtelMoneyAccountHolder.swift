/// A wallet holder as `GET /standard/v1/users/{msisdn}` describes it.
///
/// | national MSISDN | holder |
/// |---|---|
/// | `709999999` | not registered: `DP02200000000` |
/// | `700000006` | registered but barred (`is_barred` true), the payee-not-permitted scenario's number |
/// | `709999998` | registered, no PIN set (`is_pin_set` false) |
/// | any other valid number | registered, grade `SUBS`, names from a small table chosen by the last two digits |
///
/// Names are not masked: the samples in Airtel's documentation show them in full (`"first_name":"Chimweso Faith
/// Mukoko"`), only the documentation's own MSISDNs are starred out.
public struct AirtelMoneyAccountHolder: Sendable, Hashable {
    public let firstName: String
    public let lastName: String
    public let grade: String
    public let isBarred: Bool
    public let isPINSet: Bool

    static let unregistered = "709999999"
    static let withoutPIN = "709999998"

    /// The holder of a national MSISDN, or `nil` for the unregistered number.
    public init?(msisdn: String) {
        guard msisdn != Self.unregistered else { return nil }
        let digits = msisdn.unicodeScalars.compactMap { ("0"..."9").contains($0) ? Int($0.value) - 48 : nil }
        let last = digits.last ?? 0
        let beforeLast = digits.dropLast().last ?? 0
        firstName = Self.firstNames[beforeLast]
        lastName = Self.lastNames[last]
        grade = "SUBS"
        isBarred = AirtelMoneyScenario(msisdn: msisdn) == .decline(.payeeNotPermitted)
        isPINSet = msisdn != Self.withoutPIN
    }

    static let firstNames = ["Grace", "Moses", "Sarah", "Joseph", "Esther", "Isaac", "Ruth", "Daniel", "Miriam", "Peter"]
    static let lastNames = ["Nakato", "Okello", "Namuli", "Mugisha", "Achieng", "Ssempala", "Atim", "Kato", "Nabirye", "Opio"]
}
