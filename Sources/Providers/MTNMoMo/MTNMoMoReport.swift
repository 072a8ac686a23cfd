import Foundation
import Hub

/// MoMo transaction reports, as the reporting export lists them (the simulator serves the same list at
/// `/sim/v1/transactions`): one JSON object per transaction with its `reference` (X-Reference-Id), `product`,
/// `status`, `currency` and `minorUnits`.
public enum MTNMoMoReport {
    struct Line: Decodable {
        var reference: String
        var product: String
        var status: String
        var currency: String
        var minorUnits: Int64
    }

    /// The report's transactions as provider records. A line the hub cannot read makes the whole report
    /// unreadable rather than silently smaller.
    public static func records(from data: Data) throws(ValidationError) -> [ProviderRecord] {
        let lines: [Line]
        do { lines = try JSONDecoder().decode([Line].self, from: data) } catch {
            throw ValidationError(field: "report", "not a MoMo transaction report")
        }
        var records: [ProviderRecord] = []
        for line in lines {
            guard let currency = Currency(code: line.currency), let amount = try? Money(minorUnits: line.minorUnits, currency: currency),
                  let status = MoMoStatus(rawValue: line.status)
            else { throw ValidationError(field: "report", "unreadable line for reference \(line.reference.prefix(40))") }
            let recordStatus: ProviderRecord.Status = switch status {
            case .pending: .pending
            case .successful: .succeeded
            case .failed: .failed
            }
            records.append(ProviderRecord(reference: line.reference, kind: line.product == "disbursement" ? .withdrawal : .topUp,
                                          status: recordStatus, amount: amount))
        }
        return records
    }
}
