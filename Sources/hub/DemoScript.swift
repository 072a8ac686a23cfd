import ArgumentParser
import Foundation
import Hub

/// The demo's client side: plain HTTP calls to the wallet API, printed as they happen.
struct DemoScript {
    let baseURL: String
    let apiKey: String
    let transport = CurlTransport()

    /// Runs the script, then releases the HTTP client whether it succeeded or not.
    func run() async throws {
        do { try await script() } catch {
            await transport.shutdown()
            throw error
        }
        await transport.shutdown()
    }

    func script() async throws {
        let wallet = "demo-" + UUID().uuidString.prefix(8).lowercased()
        say("wallet \(wallet)")
        let topUp = try await post("/v1/top-ups", [
            "wallet_id": wallet, "amount": 5000, "currency": "RWF",
            "source": ["type": "mobile_money", "msisdn": "+250788123456"],
        ])
        let topUpState = try await follow(topUp, label: "top-up of 5000 RWF from +250•••••••456")
        let card = try await post("/v1/top-ups", [
            "wallet_id": wallet, "amount": 2000, "currency": "RWF", "source": ["type": "card", "payment_method": "pm_card_visa"],
        ])
        let cardState = try await follow(card, label: "card top-up of 2000 RWF (pm_card_visa)")
        let withdrawal = try await post("/v1/withdrawals", [
            "wallet_id": wallet, "amount": 1500, "currency": "RWF",
            "destination": ["type": "mobile_money", "msisdn": "+250789654321"],
        ])
        let withdrawalState = try await follow(withdrawal, label: "withdrawal of 1500 RWF to +250•••••••321")
        let refund = try await post("/v1/payments/\(card["id"] as? String ?? "")/refund", [:])
        say("refund of the card top-up: \(refund["id"] ?? "") \(refund["state"] ?? "") (refund \(refund["refund_state"] ?? "-"))")
        let balance = try await get("/v1/wallets/\(wallet)/balance")
        let line = (balance["balances"] as? [[String: Any]])?.first
        say("balance: available \(line?["available"] ?? 0) RWF, pending \(line?["pending"] ?? 0), posted \(line?["posted"] ?? 0)")
        say("ledger lines:")
        for entry in (try await get("/v1/wallets/\(wallet)/entries")["entries"] as? [[String: Any]]) ?? [] {
            say("  #\(entry["id"] ?? "") \(entry["kind"] ?? "") \(entry["direction"] ?? "") \(entry["amount"] ?? "") \(entry["currency"] ?? "")"
                  + " against \(entry["counter_account"] ?? "") for \(entry["payment_id"] ?? "-")")
        }
        guard topUpState == "succeeded", cardState == "succeeded", withdrawalState == "succeeded",
              refund["state"] as? String == "reversed", line?["available"] as? Int == 3500 else {
            say("demo did not end as expected")
            throw ExitCode(1)
        }
        say("demo OK: 5000 + 2000 in, 1500 out, 2000 refunded, 3500 available")
    }

    /// Polls the payment until it is final (at most 30 s), printing each state it passes through.
    func follow(_ payment: [String: Any], label: String) async throws -> String {
        guard let id = payment["id"] as? String else { throw DemoError("the hub answered without a payment id") }
        var state = payment["state"] as? String ?? "?"
        say("\(label): \(id) \(state) at \(payment["provider"] ?? "?")")
        let deadline = Date().addingTimeInterval(30)
        while state == "pending", Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let current = try await get("/v1/payments/\(id)")
            if let next = current["state"] as? String, next != state {
                state = next
                let failure = (current["failure"] as? [String: Any]).map { " (\($0["code"] ?? ""))" } ?? ""
                say("\(label): \(id) \(state)\(failure)")
            }
        }
        return state
    }

    func post(_ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        try await exchange(HTTPRequest(method: "POST", url: baseURL + path, headers: [
            ("Authorization", "Bearer \(apiKey)"), ("Content-Type", "application/json"), ("Idempotency-Key", UUID().uuidString),
        ], body: try JSONSerialization.data(withJSONObject: body)))
    }

    func get(_ path: String) async throws -> [String: Any] {
        try await exchange(HTTPRequest(method: "GET", url: baseURL + path, headers: [("Authorization", "Bearer \(apiKey)")]))
    }

    func exchange(_ request: HTTPRequest) async throws -> [String: Any] {
        let response = try await transport.send(request)
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw DemoError("HTTP \(response.status) with an unreadable body")
        }
        guard (200..<300).contains(response.status) else { throw DemoError("HTTP \(response.status): \(object["detail"] ?? "")") }
        return object
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
