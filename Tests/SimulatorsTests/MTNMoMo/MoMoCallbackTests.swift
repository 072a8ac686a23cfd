import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("MTN MoMo simulator: callbacks and the shape of reason")
struct MoMoCallbackTests {
    @Test("the final result is sent to X-Callback-Url with the configured method", arguments: [MoMoCallbackMethod.put, .post])
    func callbackDelivered(_ method: MoMoCallbackMethod) async throws {
        let harness = MoMoTestHarness { $0.callbackMethod = method }
        try await harness.withClient { client in
            let token = try await client.token(.disbursement)
            var payment = MoMoPaymentCall(product: .disbursement, token: token)
            payment.callbackURL = "http://localhost:8080/webhooks/mtn-momo?attempt=1"
            #expect(try await client.pay(payment).status == .accepted)

            let callback = try #require(await harness.recorder.waitFor(1).first)
            #expect(callback.method == method.rawValue)
            #expect(callback.url == "http://localhost:8080/webhooks/mtn-momo?attempt=1")
            #expect(callback.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
            #expect(!callback.headers.contains { $0.name.lowercased().contains("signature") })
            let body = try #require(callback.body)
            let status = try await client.status(.disbursement, token: token, reference: payment.reference)
            #expect(String(decoding: body, as: UTF8.self) == status.bodyText)
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            #expect(json["status"] as? String == "SUCCESSFUL")
            #expect((json["payee"] as? [String: String])?["partyId"] == "250788123456")

            let recorded = try #require(await harness.simulator.transaction(reference: payment.reference, product: .disbursement))
            #expect(recorded.callbacks.map(\.responseStatus) == [200])
            #expect(recorded.callbacks.map(\.method) == [method.rawValue])
        }
    }

    @Test("no X-Callback-Url, no callback")
    func noCallbackURL() async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            var payment = MoMoPaymentCall(token: try await client.token(.collection))
            payment.callbackURL = nil
            #expect(try await client.pay(payment).status == .accepted)
            let final = try await client.finalStatus(.collection, token: payment.token, reference: payment.reference)
            #expect(final.json?["status"] as? String == "SUCCESSFUL")
            try await Task.sleep(for: .milliseconds(50))
            #expect(await harness.recorder.requests.isEmpty)
        }
    }

    @Test("shutdown cancels callbacks not yet sent")
    func shutdownCancels() async throws {
        // A delay far longer than the test, so the callback cannot go out before shutdown even on a loaded machine.
        let harness = MoMoTestHarness { $0.callbackDelay = .seconds(5) }
        try await harness.withClient { client in
            let token = try await client.token(.collection)
            #expect(try await client.pay(MoMoPaymentCall(token: token)).status == .accepted)
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await harness.recorder.requests.isEmpty)
    }

    @Test("reason is an object or a plain string as configured", arguments: [MoMoReasonStyle.object, .string])
    func reasonStyle(_ style: MoMoReasonStyle) async throws {
        let harness = MoMoTestHarness { $0.reasonStyle = style }
        try await harness.withClient { client in
            let payment = MoMoPaymentCall(token: try await client.token(.collection), partyID: "250780001002")
            #expect(try await client.pay(payment).status == .accepted)
            let final = try await client.finalStatus(.collection, token: payment.token, reference: payment.reference)
            let reason = final.json?["reason"]
            switch style {
            case .object:
                let object = try #require(reason as? [String: String])
                #expect(object["code"] == "PAYER_NOT_FOUND")
                #expect(object["message"]?.isEmpty == false)
            case .string, .alternating:
                #expect(reason as? String == "PAYER_NOT_FOUND")
            }
            let callback = try #require(await harness.recorder.waitFor(1).first?.body)
            #expect(String(decoding: callback, as: UTF8.self) == final.bodyText)
        }
    }

    @Test("the alternating style gives an object, then a string")
    func alternatingReason() async throws {
        let harness = MoMoTestHarness { $0.reasonStyle = .alternating }
        try await harness.withClient { client in
            let token = try await client.token(.collection)
            var shapes: [String] = []
            for _ in 0..<2 {
                let payment = MoMoPaymentCall(token: token, partyID: "250780001012")
                #expect(try await client.pay(payment).status == .accepted)
                let reason = try await client.finalStatus(.collection, token: token, reference: payment.reference).json?["reason"]
                shapes.append(reason is String ? "string" : reason is [String: Any] ? "object" : "absent")
            }
            #expect(shapes == ["object", "string"])
        }
    }
}
