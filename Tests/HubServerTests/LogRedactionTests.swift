import Foundation
import Hub
import Logging
import Testing

/// Every line the hub logs while real flows run, at `trace` level, is free of secrets, API keys, full phone
/// numbers and card numbers.
@Suite(.serialized) struct LogRedactionTests {
    final class CapturedLines: @unchecked Sendable {  // an array guarded by `lock`
        private let lock = NSLock()
        private var lines: [String] = []
        var all: [String] { lock.withLock { lines } }
        var sink: LogSink { LogSink { line in self.lock.withLock { self.lines.append(line) } } }
    }

    static let msisdns = ["250788123456", "250789654321", "250780001009"]
    static let card = "4242424242424242"

    @Test func noSecretOrCustomerNumberReachesTheLog() async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "hub") { label in RedactingLogHandler(label: label, sink: captured.sink, metadataProvider: nil) }
        logger.logLevel = .trace
        var secrets: [String] = []
        try await LiveHub.run(logger: logger) { live in
            secrets = [live.apiKey, live.callbackToken, live.simulatorUser.userID, live.simulatorUser.apiKey, "test-subscription",
                       Data("\(live.simulatorUser.userID):\(live.simulatorUser.apiKey)".utf8).base64EncodedString()]
            let topUp = try await live.post("/v1/top-ups", [
                "wallet_id": "scrub", "amount": 5000, "currency": "RWF",
                "source": ["type": "mobile_money", "msisdn": "+" + Self.msisdns[0]], "metadata": ["card": Self.card],
            ])
            #expect(try await live.settle(topUp["id"] as! String)["state"] as? String == "succeeded")
            let withdrawal = try await live.withdraw(wallet: "scrub", amount: 1500, msisdn: "+" + Self.msisdns[1])
            #expect(try await live.settle(withdrawal["id"] as! String)["state"] as? String == "succeeded")
            let declined = try await live.topUp(wallet: "scrub", amount: 100, msisdn: "+" + Self.msisdns[2])
            let declinedID = declined["id"] as! String
            #expect(try await live.settle(declinedID)["state"] as? String == "failed")

            let reference = try await live.hub.payment(PaymentID(validating: declinedID)!).providerReference
            let forged = try JSONSerialization.data(withJSONObject: [
                "financialTransactionId": "999", "externalId": reference, "amount": "100", "currency": "RWF", "status": "SUCCESSFUL",
                "payer": ["partyIdType": "MSISDN", "partyId": Self.msisdns[2]],
            ])
            let accepted = try await live.client.send(HTTPRequest(
                method: "PUT", url: "\(live.baseURL)/webhooks/mtn-momo/\(live.callbackToken)",
                headers: [("Content-Type", "application/json")], body: forged))
            #expect(accepted.status == 200)
            let refused = try await live.client.send(HTTPRequest(
                method: "PUT", url: "\(live.baseURL)/webhooks/mtn-momo/\(live.callbackToken)x", headers: [], body: forged))
            #expect(refused.status == 401)
            #expect(try await live.request("GET", "/v1/payments?wallet_id=scrub", key: .some(live.apiKey + "x")).status == 401)
            #expect(try await live.request("GET", "/v1/payments/\(declinedID)")["state"] as? String == "failed")
        }

        let lines = captured.all
        #expect(lines.count > 10)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        #expect(objects.count == lines.count)
        #expect(objects.filter { $0["payment_id"]?.hasPrefix("pay_") == true }.count >= 6)
        #expect(objects.contains { $0["level"] == "warning" && $0["provider"] == "mtn-momo" })
        #expect(secrets.count == 6 && secrets.allSatisfy { !$0.isEmpty })
        for needle in secrets + Self.msisdns + [Self.card] {
            let leaks = lines.filter { $0.contains(needle) }
            #expect(leaks.isEmpty, "\(needle.prefix(4))… appears in \(leaks.count) log lines, first: \(leaks.first ?? "")")
        }
    }
}
