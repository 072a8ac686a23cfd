import Foundation
import Hub

/// A parsed API answer.
struct APIResponse {
    let status: Int
    let headers: [(name: String, value: String)]
    let json: [String: Any]

    subscript(key: String) -> Any? { json[key] }
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    var contentType: String? { header("Content-Type") }
}

extension LiveHub {
    func request(_ method: String, _ path: String, body: Data? = nil, key: String?? = .none,
                 idempotencyKey: String? = UUID().uuidString, contentType: String = "application/json") async throws -> APIResponse {
        var headers: [(name: String, value: String)] = contentType.isEmpty ? [] : [("Content-Type", contentType)]
        switch key {
        case .none: headers.append(("Authorization", "Bearer \(apiKey)"))
        case .some(.some(let other)): headers.append(("Authorization", "Bearer \(other)"))
        case .some(.none): break
        }
        if let idempotencyKey, method == "POST" { headers.append(("Idempotency-Key", idempotencyKey)) }
        let response = try await client.send(HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body))
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return APIResponse(status: response.status, headers: response.headers, json: json)
    }

    func post(_ path: String, _ object: [String: Any], idempotencyKey: String = UUID().uuidString) async throws -> APIResponse {
        try await request("POST", path, body: try JSONSerialization.data(withJSONObject: object), idempotencyKey: idempotencyKey)
    }

    func topUp(wallet: String, amount: Int, msisdn: String, currency: String = "RWF", key: String = UUID().uuidString) async throws -> APIResponse {
        try await post("/v1/top-ups", ["wallet_id": wallet, "amount": amount, "currency": currency,
                                       "source": ["type": "mobile_money", "msisdn": msisdn]], idempotencyKey: key)
    }

    func withdraw(wallet: String, amount: Int, msisdn: String) async throws -> APIResponse {
        try await post("/v1/withdrawals", ["wallet_id": wallet, "amount": amount, "currency": "RWF",
                                           "destination": ["type": "mobile_money", "msisdn": msisdn]])
    }

    /// Polls the payment until its state is not `pending` or `timeout` passes; returns the last answer.
    /// The payment once it has left `pending`, or as it stands after `timeout`: a bound on liveness, generous because
    /// a full parallel run on two cores can hold a simulator's callback for seconds; a settled payment returns at once.
    ///
    /// A payment still pending after 5 s has its status asked of the provider every 2 s, as the hub's poller would
    /// once `expectedCallbackSeconds` (30 s here) had passed: on a loaded machine a simulator's callback can be lost
    /// (its delivery timed out), and the hub's answer to that is the poll, not a longer wait.
    func settle(_ id: String, timeout: Duration = .seconds(20)) async throws -> APIResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        var asked = start
        var last = try await request("GET", "/v1/payments/\(id)")
        while last["state"] as? String == "pending", clock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            if clock.now - start > .seconds(5), clock.now - asked > .seconds(2), let paymentID = PaymentID(validating: id) {
                asked = clock.now
                _ = try? await hub.refresh(paymentID)
            }
            last = try await request("GET", "/v1/payments/\(id)")
        }
        return last
    }

    func balance(_ wallet: String) async throws -> (available: Int, pending: Int, posted: Int)? {
        let body = try await request("GET", "/v1/wallets/\(wallet)/balance")
        guard let line = (body["balances"] as? [[String: Any]])?.first else { return nil }
        return (line["available"] as! Int, line["pending"] as! Int, line["posted"] as! Int)
    }

    /// A wallet holding `amount` RWF from a succeeded top-up.
    func funded(_ amount: Int) async throws -> String {
        let wallet = "w-" + UUID().uuidString.prefix(8).lowercased()
        let topUp = try await topUp(wallet: wallet, amount: amount, msisdn: "+250788000111")
        _ = try await settle(topUp["id"] as! String)
        return wallet
    }
}
