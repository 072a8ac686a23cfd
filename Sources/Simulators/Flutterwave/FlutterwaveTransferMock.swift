import Foundation

/// Flutterwave's documented sandbox controls in a transfer reference: a reference ending in `_PMCK`
/// succeeds, one ending in `_PMCK_ST_F` fails, and either may end with `DU_<minutes>` to set how long the
/// transfer takes (`x_PMCKDU_1`, `x_PMCK_ST_FDU_1`).
struct FlutterwaveTransferMock: Sendable, Equatable {
    /// The forced outcome; `nil` when the reference carries no mock suffix.
    let scenario: FlutterwaveScenario?
    /// The `DU_` delay in minutes; `nil` when absent.
    let minutes: Int?

    init(reference: String) {
        var rest = Substring(reference)
        var minutes: Int?
        if let range = rest.range(of: "DU_", options: .backwards),
           let value = Int(rest[range.upperBound...]), value >= 0, value <= 24 * 60 {
            minutes = value
            rest = rest[..<range.lowerBound]
        }
        if rest.hasSuffix("_PMCK_ST_F") {
            scenario = .fail(.mockedFailure)
        } else if rest.hasSuffix("_PMCK") {
            scenario = .succeed
        } else {
            scenario = nil
            minutes = nil
        }
        self.minutes = minutes
    }
}
