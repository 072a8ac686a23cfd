import Hummingbird

/// The bodies the simulator answers with, in the field order of Airtel's samples.
enum AirtelMoneyWire {
    /// The collection ack: the USSD push was sent, nothing is paid yet.
    /// `{"data":{"transaction":{"id","status":"SUCCESS"}},"status":{…,"response_code":"DP00800001006","success":true}}`
    static func pushSent(id: String) -> SimulatorJSON {
        .object([
            ("data", .object([("transaction", .object([("id", .string(id)), ("status", .string("SUCCESS"))]))])),
            ("status", AirtelMoneyStatus.ok(.collectionInProcess).json),
        ])
    }

    /// `data` of a collection or disbursement enquiry: `{"transaction":{"airtel_money_id","id","message","status"}}`.
    /// `airtel_money_id` is `null` until the transaction is final. A refunded collection also carries
    /// `refund:{"airtel_money_id","status":"TS"}` (a simulator addition: Airtel documents no refund enquiry).
    static func enquiry(_ transaction: AirtelMoneySimulatedTransaction) -> SimulatorJSON {
        var fields: [(String, SimulatorJSON)] = [
            ("airtel_money_id", transaction.status.isFinal ? .string(transaction.airtelMoneyID) : .null),
            ("id", .string(transaction.id)),
            ("message", .string(transaction.responseCode.message)),
            ("status", .string(transaction.status.rawValue)),
        ]
        if transaction.kind == .disbursement {
            fields.insert(("reference_id", .string(referenceID(of: transaction))), at: 2)
        }
        if let refund = transaction.refundAirtelMoneyID {
            fields.append(("refund", .object([("airtel_money_id", .string(refund)), ("status", .string("TS"))])))
        }
        return .object([("transaction", .object(fields))])
    }

    /// The HTTP 200 answer of an enquiry that found `transaction`.
    static func enquiryAnswer(_ transaction: AirtelMoneySimulatedTransaction) -> Response {
        AirtelMoneyHTTP.answer(data: enquiry(transaction), status: enquiryStatus(transaction))
    }

    /// The `status` of an enquiry: `success` is true while the transaction is in process or succeeded.
    static func enquiryStatus(_ transaction: AirtelMoneySimulatedTransaction) -> AirtelMoneyStatus {
        let success = transaction.status == .success || transaction.status == .inProgress
        return AirtelMoneyStatus(
            code: "200", message: success ? "SUCCESS" : transaction.responseCode.message,
            resultCode: success ? "ESB000010" : "ESB000011", responseCode: transaction.responseCode, success: success
        )
    }

    /// The disbursement answer: `{"data":{"transaction":{"reference_id","airtel_money_id","id","status"}},"status"}`.
    static func disbursement(_ transaction: AirtelMoneySimulatedTransaction) -> SimulatorJSON {
        let data: SimulatorJSON = .object([("transaction", .object([
            ("reference_id", .string(referenceID(of: transaction))),
            ("airtel_money_id", .string(transaction.airtelMoneyID)),
            ("id", .string(transaction.id)),
            ("status", .string(transaction.status.rawValue)),
        ]))])
        return .object([("data", data), ("status", enquiryStatus(transaction).json)])
    }

    /// The refund answer: `{"data":{"transaction":{"airtel_money_id","status":"SUCCESS"}},"status"}`.
    static func refunded(_ refund: AirtelMoneySimulatedTransaction) -> SimulatorJSON {
        .object([
            ("data", .object([("transaction", .object([
                ("airtel_money_id", .string(refund.airtelMoneyID)), ("status", .string("SUCCESS")),
            ]))])),
            ("status", AirtelMoneyStatus.ok(.collectionSuccess).json),
        ])
    }

    /// The callback's `transaction` object, `{"id","message","status_code","airtel_money_id"}`, and the status it
    /// reports: `TS` for a success, `TF` for any other final state (Airtel's callbacks carry only these two); a
    /// contradicting callback reports `TF` for a success.
    static func callbackTransaction(
        _ transaction: AirtelMoneySimulatedTransaction, contradicting: Bool
    ) -> (json: SimulatorJSON, reported: AirtelMoneyTransactionStatus) {
        let succeeded = transaction.status == .success && !contradicting
        let message = succeeded
            ? "Paid \(transaction.amount.currency.code) \(transaction.amount.decimalString), Trans ID \(transaction.airtelMoneyID)."
            : (contradicting ? AirtelMoneyResponseCode.collectionRefused : transaction.responseCode).message
        let reported: AirtelMoneyTransactionStatus = succeeded ? .success : .failed
        let json: SimulatorJSON = .object([
            ("id", .string(transaction.id)), ("message", .string(message)), ("status_code", .string(reported.rawValue)),
            ("airtel_money_id", .string(transaction.airtelMoneyID)),
        ])
        return (json, reported)
    }

    /// Airtel's own reference of a disbursement, digits derived from its `airtel_money_id`.
    static func referenceID(of transaction: AirtelMoneySimulatedTransaction) -> String {
        "18" + transaction.airtelMoneyID.filter(\.isNumber).suffix(9)
    }
}
