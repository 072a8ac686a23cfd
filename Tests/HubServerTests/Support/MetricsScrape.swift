import Foundation
import Hub
import Simulators
import Testing
import Webhooks

/// A `/metrics` scrape, parsed: one sample per line, with its metric name, labels and value.
struct MetricsScrape {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    let text: String
    let contentType: String?
    let samples: [Sample]
    /// `# TYPE` declarations: metric family name → counter, gauge, histogram…
    let types: [String: String]
    /// Lines that are neither a comment nor a well-formed sample.
    let malformed: [String]

    init(text: String, contentType: String?) {
        self.text = text
        self.contentType = contentType
        var samples: [Sample] = []
        var types: [String: String] = [:]
        var malformed: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) } else { malformed.append(line) }
            } else if !line.hasPrefix("#") {
                if let sample = Self.parse(line) { samples.append(sample) } else { malformed.append(line) }
            }
        }
        self.samples = samples
        self.types = types
        self.malformed = malformed
    }

    /// `name{a="x",b="y"} value`, or `name value`.
    static func parse(_ line: String) -> Sample? {
        guard let match = line.wholeMatch(of: /([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/), let value = Double(match.3) else {
            return nil
        }
        var labels: [String: String] = [:]
        if let list = match.2 {
            for pair in list.matches(of: /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/) { labels[String(pair.1)] = String(pair.2) }
            guard labels.count == list.matches(of: /="/).count else { return nil }
        }
        return Sample(name: String(match.1), labels: labels, value: value)
    }

    /// The metric names exported, with histogram series under their family name too.
    var names: Set<String> { Set(samples.map(\.name)) }

    /// The sum of the samples of `name` whose labels include every pair of `matching`.
    func sum(_ name: String, _ matching: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value } }.reduce(0) { $0 + $1.value }
    }

    /// Runs the flows the metrics must reflect through a live hub, samples the gauges and scrapes `/metrics`:
    /// MoMo top-ups that succeed, fail and stay pending; a withdrawal; a card top-up settled by its webhook;
    /// a forged, a contradicting, a repeated and an unmatched Stripe webhook; a callback on a wrong path.
    static func afterFlows() async throws -> MetricsScrape {
        var scrape: MetricsScrape?
        try await LiveHub.run { live in
            let succeeded = try await live.topUp(wallet: "metrics", amount: 5000, msisdn: "+250788123456")
            #expect(try await live.settle(succeeded["id"] as! String)["state"] as? String == "succeeded")
            let declined = try await live.topUp(wallet: "metrics", amount: 700, msisdn: "+250780001009")
            #expect(try await live.settle(declined["id"] as! String)["state"] as? String == "failed")
            _ = try await live.topUp(wallet: "metrics", amount: 300, msisdn: "+250780002001")
            let withdrawal = try await live.withdraw(wallet: "metrics", amount: 1500, msisdn: "+250789654321")
            #expect(try await live.settle(withdrawal["id"] as! String)["state"] as? String == "succeeded")
            let card = try await live.post("/v1/top-ups", ["wallet_id": "metrics", "amount": 2500, "currency": "RWF",
                                                          "source": ["type": "card", "payment_method": "pm_card_processing"]])
            let cardID = try #require(PaymentID(validating: card["id"] as! String))
            #expect(try await live.settle(cardID.rawValue)["state"] as? String == "succeeded")
            try await sendStripeWebhooks(live, contradicting: cardID)
            let wrongPath = try await live.client.send(HTTPRequest(
                method: "POST", url: "\(live.baseURL)/webhooks/mtn-momo/not-the-token", headers: [], body: Data("{}".utf8)))
            #expect(wrongPath.status == 401)
            let noRoute = try await live.topUp(wallet: "metrics", amount: 100, msisdn: "+250788123456", currency: "USD")
            #expect(noRoute.status == 422)

            await MetricsSampler(hub: live.hub).sampleOnce()
            let response = try await live.client.send(HTTPRequest(method: "GET", url: "\(live.baseURL)/metrics", headers: []))
            #expect(response.status == 200)
            scrape = MetricsScrape(text: String(decoding: response.body, as: UTF8.self),
                                   contentType: response.headers.first { $0.name.lowercased() == "content-type" }?.value)
        }
        return try #require(scrape)
    }

    /// A forged webhook (401), a genuine `payment_failed` for the succeeded card payment (an anomaly), its
    /// repeat (a duplicate), and a genuine event for no known payment (unmatched).
    static func sendStripeWebhooks(_ live: LiveHub, contradicting id: PaymentID) async throws {
        let payment = try await live.hub.payment(id)
        let intent = try #require(try await live.store.attempts(of: id).first?.providerTransactionID)
        let failed = Array("""
            {"id":"evt_metrics_failed","object":"event","type":"payment_intent.payment_failed","created":\(Int(Date().timeIntervalSince1970)),\
            "data":{"object":{"id":"\(intent)","object":"payment_intent","amount":2500,"currency":"rwf","status":"requires_payment_method",\
            "metadata":{"reference":"\(payment.providerReference)"}}}}
            """.utf8)
        let stray = Array(#"{"id":"evt_metrics_stray","object":"event","type":"payment_intent.succeeded","created":1,"data":{"object":{"id":"pi_nobody","object":"payment_intent","amount":1,"currency":"rwf","status":"succeeded","metadata":{}}}}"#.utf8)
        let genuine = try StripeWebhookSigner(secret: live.stripeWebhookSecret)
        let forger = try StripeWebhookSigner(secret: "whsec_not_the_one")
        let deliveries: [(any WebhookSigner, [UInt8], String, Int)] = [
            (forger, failed, "evt_metrics_failed", 401), (genuine, failed, "evt_metrics_failed", 200),
            (genuine, failed, "evt_metrics_failed", 200), (genuine, stray, "evt_metrics_stray", 200),
        ]
        for (signer, body, eventID, status) in deliveries {
            let headers = signer.sign(body: body, id: eventID, timestamp: Date()).fields
            let answer = try await live.client.send(HTTPRequest(
                method: "POST", url: "\(live.baseURL)/webhooks/stripe/\(live.callbackToken)",
                headers: [("Content-Type", "application/json")] + headers, body: Data(body)))
            #expect(answer.status == status, "\(eventID)")
        }
        #expect(try await live.hub.payment(id).state == .succeeded)
    }
}
