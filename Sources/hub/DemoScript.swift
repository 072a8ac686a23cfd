import ArgumentParser
import Foundation
import Hub
import ProviderPlugins
import Simulators

/// The demo's client side: plain HTTP calls to the wallet API, printed as they happen. Every simulator plugin
/// contributes its steps (a top-up, a withdrawal, a refund), each sent to its own provider: top-ups first, then
/// withdrawals, then refunds, and at the end each currency's balance must be what the steps add up to.
struct DemoScript {
    let baseURL: String
    let apiKey: String
    let transport: CurlTransport

    /// Runs the script with an HTTP client of its own, released whether it succeeded or not.
    static func run(baseURL: String, apiKey: String) async throws {
        try await withCurlTransport { try await DemoScript(baseURL: baseURL, apiKey: apiKey, transport: $0).script() }
    }

    func script() async throws {
        let wallet = "demo-" + UUID().uuidString.prefix(8).lowercased()
        say("wallet \(wallet)")
        let steps = providerPlugins.flatMap { pair in (pair.simulator?.demoSteps ?? []).map { (provider: pair.type, step: $0) } }
        var expected: [String: Int64] = [:]
        var refunds: [(id: String, step: DemoStep)] = []
        var ok = true
        for (provider, step) in steps.filter({ $0.step.kind == .topUp }) + steps.filter({ $0.step.kind == .withdrawal }) {
            let topUp = step.kind == .topUp
            var body: [String: Any] = [
                "wallet_id": wallet, "amount": step.amount, "currency": step.currency, "provider": provider,
                topUp ? "source" : "destination": step.party,
            ]
            // "You are sending … to J*** U**** — confirm?": a withdrawal looks its recipient up first, and then requires
            // the account to be active where the provider could say.
            if !topUp, step.party["type"] == "mobile_money", let msisdn = step.party["msisdn"] {
                let lookup = try await post("/v1/recipients/lookup", [
                    "type": "mobile_money", "msisdn": msisdn, "currency": step.currency, "amount": step.amount, "provider": provider,
                ], idempotent: false)
                let checked = lookup["lookup"] as? String == "checked"
                say("lookup of \(step.label) via \(provider): " + (checked
                    ? "\((lookup["active"] as? Bool) == true ? "active" : "NOT ACTIVE"), \(lookup["name"] as? String ?? "no name given")"
                    : "\(lookup["lookup"] ?? "?")"))
                if checked { body["require_active_recipient"] = true }
            }
            let payment = try await post(topUp ? "/v1/top-ups" : "/v1/withdrawals", body)
            let state = try await follow(payment, label: "\(step.kind.rawValue) of \(step.amount) \(step.currency) via \(provider) (\(step.label))")
            ok = ok && state == "succeeded"
            expected[step.currency, default: 0] += topUp ? step.amount : -step.amount
            if step.refund, let id = payment["id"] as? String { refunds.append((id, step)) }
        }
        for (id, step) in refunds {
            let refund = try await post("/v1/payments/\(id)/refund", [:])
            let state = try await follow(refund, label: "refund of \(id)", settled: {
                $0["state"] as? String == "reversed" || $0["refund_state"] as? String == "failed"
            })
            say("refund of \(id): \(state) (refund \(refund["refund_state"] ?? "-"))")
            ok = ok && state == "reversed"
            expected[step.currency, default: 0] -= step.amount
        }
        let balances = (try await get("/v1/wallets/\(wallet)/balance")["balances"] as? [[String: Any]]) ?? []
        for line in balances {
            say("balance: available \(line["available"] ?? 0) \(line["currency"] ?? ""), pending \(line["pending"] ?? 0), posted \(line["posted"] ?? 0)")
        }
        say("ledger lines:")
        for entry in (try await get("/v1/wallets/\(wallet)/entries?limit=100")["entries"] as? [[String: Any]]) ?? [] {
            say("  #\(entry["id"] ?? "") \(entry["kind"] ?? "") \(entry["direction"] ?? "") \(entry["amount"] ?? "") \(entry["currency"] ?? "")"
                  + " against \(entry["counter_account"] ?? "") for \(entry["payment_id"] ?? "-")")
        }
        for (currency, amount) in expected.sorted(by: { $0.key < $1.key }) {
            let available = balances.first { $0["currency"] as? String == currency }?["available"] as? Int
            ok = ok && available.map(Int64.init) == amount
        }
        guard ok else {
            say("demo did not end as expected")
            throw ExitCode(1)
        }
        say("demo OK: " + expected.sorted(by: { $0.key < $1.key }).map { "\($0.value) \($0.key) available" }.joined(separator: ", "))
    }

    /// Polls the payment until `settled` holds (by default: it left `pending`), at most 30 s, printing each state
    /// it passes through.
    func follow(_ payment: [String: Any], label: String,
                settled: ([String: Any]) -> Bool = { !["pending", "created"].contains($0["state"] as? String ?? "") }) async throws -> String {
        guard let id = payment["id"] as? String else { throw DemoError("the hub answered without a payment id") }
        var state = payment["state"] as? String ?? "?"
        say("\(label): \(id) \(state) at \(payment["provider"] ?? "?")")
        let deadline = Date().addingTimeInterval(30)
        var current = payment
        while !settled(current), Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            current = try await get("/v1/payments/\(id)")
            if let next = current["state"] as? String, next != state {
                state = next
                let failure = (current["failure"] as? [String: Any]).map { " (\($0["code"] ?? ""))" } ?? ""
                say("\(label): \(id) \(state)\(failure)")
            }
        }
        return state
    }

    func post(_ path: String, _ body: [String: Any], idempotent: Bool = true) async throws -> [String: Any] {
        var headers = [("Authorization", "Bearer \(apiKey)"), ("Content-Type", "application/json")]
        if idempotent { headers.append(("Idempotency-Key", UUID().uuidString)) }
        return try await exchange(HTTPRequest(method: "POST", url: baseURL + path, headers: headers,
                                              body: try JSONSerialization.data(withJSONObject: body)))
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
