import Foundation
import Hub
import Testing
@testable import Providers

@Suite struct MTNMoMoProviderTests {
    static let collection = MTNMoMoConfiguration.Credentials(subscriptionKey: "sub-collection", apiUser: "user-c", apiKey: "key-c")
    static let disbursement = MTNMoMoConfiguration.Credentials(subscriptionKey: "sub-disbursement", apiUser: "user-d", apiKey: "key-d")
    let provider = MTNMoMoProvider(configuration: MTNMoMoConfiguration(
        baseURL: "http://momo.test/", targetEnvironment: "mtnrwanda", collection: collection, disbursement: disbursement))
    let reference = "3f9b2c1e-8d4a-4f6b-9c2d-1a2b3c4d5e6f"

    func collect(_ amount: Money, via transport: RecordingTransport) async throws(ProviderError) -> ProviderResult {
        try await provider.collect(CollectRequest(
            paymentID: .generate(), reference: reference, amount: amount, payer: .mobileMoney(try! MSISDN("+250788123456")),
            callbackURL: "http://hub.test/webhooks/mtn-momo/secret-token", description: "Miliano top-up"), context: transport.context())
    }

    /// Answers the token call, then `then` for everything else.
    func script(_ then: @escaping (HTTPRequest) throws(TransportError) -> HTTPResponse) -> RecordingTransport {
        RecordingTransport { request throws(TransportError) in
            if request.url.hasSuffix("/token/") { return try! Fixtures.response(200, "mtn-momo/token_ok.json") }
            return try then(request)
        }
    }

    @Test func requestToPayIsSentAsDocumented() async throws {
        let transport = script { _ in HTTPResponse(status: 202) }
        let result = try await collect(try Money.positive(minorUnits: 1500, currency: .RWF), via: transport)
        #expect(result == .pending(providerTransactionID: nil))
        let (token, pay) = (transport.requests[0], transport.requests[1])
        #expect(token.method == "POST")
        #expect(token.url == "http://momo.test/collection/token/")
        #expect(token.header("Authorization") == "Basic " + Data("user-c:key-c".utf8).base64EncodedString())
        #expect(token.header("Ocp-Apim-Subscription-Key") == "sub-collection")
        #expect(token.body == nil)
        #expect(pay.url == "http://momo.test/collection/v1_0/requesttopay")
        #expect(pay.header("Authorization") == "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.fixture")
        #expect(pay.header("X-Reference-Id") == reference)
        #expect(pay.header("X-Target-Environment") == "mtnrwanda")
        #expect(pay.header("Ocp-Apim-Subscription-Key") == "sub-collection")
        #expect(pay.header("X-Callback-Url") == "http://hub.test/webhooks/mtn-momo/secret-token")
        let body = try #require(pay.json)
        #expect(body["amount"] as? String == "1500")
        #expect(body["currency"] as? String == "RWF")
        #expect(body["externalId"] as? String == reference)
        #expect(body["payer"] as? [String: String] == ["partyIdType": "MSISDN", "partyId": "250788123456"])
        #expect(body["payee"] == nil)
    }

    @Test(arguments: [(Int64(1050), "EUR", "10.5"), (1000, "EUR", "10"), (1, "EUR", "0.01"), (7, "RWF", "7")])
    func amountsAreMajorUnitStrings(minor: Int64, code: String, text: String) async throws {
        let transport = script { _ in HTTPResponse(status: 202) }
        _ = try await collect(try Money.positive(minorUnits: minor, currency: Currency.parse(code)), via: transport)
        #expect(transport.requests.last?.json?["amount"] as? String == text)
    }

    @Test func transferUsesDisbursementsAndPayee() async throws {
        let transport = script { _ in HTTPResponse(status: 202) }
        _ = try await provider.payout(PayoutRequest(
            paymentID: .generate(), reference: reference, amount: try Money.positive(minorUnits: 1500, currency: .RWF),
            payee: .mobileMoney(try MSISDN("+250789654321")), callbackURL: nil, description: "Miliano withdrawal"),
            context: transport.context())
        #expect(transport.requests[0].url == "http://momo.test/disbursement/token/")
        #expect(transport.requests[0].header("Ocp-Apim-Subscription-Key") == "sub-disbursement")
        let pay = transport.requests[1]
        #expect(pay.url == "http://momo.test/disbursement/v1_0/transfer")
        #expect(pay.header("X-Callback-Url") == nil)
        #expect(pay.json?["payee"] as? [String: String] == ["partyIdType": "MSISDN", "partyId": "250789654321"])
        #expect(pay.json?["payer"] == nil)
    }

    @Test func tokenIsCachedAndRefreshedOnceOn401() async throws {
        let rejections = Counter()
        let transport = script { request in
            if rejections.next() < 1 { return HTTPResponse(status: 401) }
            return HTTPResponse(status: 202)
        }
        for _ in 0..<3 { _ = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: transport) }
        let tokens = transport.requests.filter { $0.url.hasSuffix("/token/") }
        #expect(tokens.count == 2)
        #expect(transport.requests.count == 6)

        let alwaysRejected = script { _ in HTTPResponse(status: 401) }
        await #expect(throws: ProviderError.self) { _ = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: alwaysRejected) }
        do {
            _ = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: alwaysRejected)
        } catch let error as ProviderError {
            #expect(error.kind == .notSent)
        }
        #expect(alwaysRejected.requests.filter { !$0.url.hasSuffix("/token/") }.count == 4)
    }

    static let ambiguousAnswers: [String] = ["500", "502", "503", "timeout", "reset", "garbled-status"]

    @Test(arguments: ambiguousAnswers)
    func unknownOutcomesAreAmbiguousNeverFailed(answer: String) async throws {
        let transport = script { request throws(TransportError) in
            switch answer {
            case "timeout": throw TransportError(.ambiguous, "timed out after connecting")
            case "reset": throw TransportError(.ambiguous, "connection reset")
            case "garbled-status": return HTTPResponse(status: 409, body: Data("{}".utf8))
            default:
                if request.method == "GET" { return HTTPResponse(status: 200, body: Data("not json".utf8)) }
                return HTTPResponse(status: Int(answer)!, body: Data(#"{"code":"INTERNAL_PROCESSING_ERROR"}"#.utf8))
            }
        }
        do {
            let result = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: transport)
            Issue.record("expected an ambiguous error, got \(result)")
        } catch let error as ProviderError {
            #expect(error.kind == .ambiguous)
        }
    }

    @Test func refusedConnectionIsNotSent() async throws {
        let transport = RecordingTransport { _ throws(TransportError) in throw TransportError(.notSent, "connection refused") }
        do {
            _ = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: transport)
            Issue.record("expected an error")
        } catch let error as ProviderError {
            #expect(error.kind == .notSent)
        }
    }

    @Test func duplicateReferenceAsksForStatus() async throws {
        let transport = script { request in
            request.method == "POST"
                ? try! Fixtures.response(409, "mtn-momo/requesttopay_duplicate.json")
                : try! Fixtures.response(200, "mtn-momo/requesttopay-status_successful.json")
        }
        let result = try await collect(try Money.positive(minorUnits: 1500, currency: .RWF), via: transport)
        #expect(result == .succeeded(providerTransactionID: "363440463"))
        #expect(transport.requests.last?.url == "http://momo.test/collection/v1_0/requesttopay/\(reference)")
    }

    @Test func badRequestIsADefiniteFailure() async throws {
        let transport = script { _ in HTTPResponse(status: 400, body: Data(#"{"code":"INVALID_PARAMETER"}"#.utf8)) }
        let result = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: transport)
        #expect(result == .failed(PaymentFailure(reason: .invalidRequest, providerCode: "INVALID_PARAMETER",
                                                 message: "the provider refused the request as invalid")))
    }

    @Test(arguments: [
        ("requesttopay-status_successful.json", ProviderResult.succeeded(providerTransactionID: "363440463")),
        ("requesttopay-status_pending.json", .pending(providerTransactionID: nil)),
        ("requesttopay-status_failed-reason-object.json",
         .failed(PaymentFailure(reason: .insufficientFunds, providerCode: "NOT_ENOUGH_FUNDS", message: "not enough funds"))),
        ("requesttopay-status_failed-reason-string.json",
         .failed(PaymentFailure(reason: .providerError, providerCode: "INTERNAL_PROCESSING_ERROR",
                                message: "the provider failed to process the payment"))),
    ])
    func statusBodiesMap(fixture: String, expected: ProviderResult) async throws {
        let transport = script { _ in try! Fixtures.response(200, "mtn-momo/\(fixture)") }
        let result = try await provider.status(of: AttemptLookup(kind: .topUp, reference: reference, providerTransactionID: nil),
                                               context: transport.context())
        #expect(result == expected)
        #expect(transport.requests.last?.method == "GET")
    }

    @Test func unknownReferenceIsNotAFailure() async throws {
        let transport = script { _ in try! Fixtures.response(404, "mtn-momo/status_not-found.json") }
        await #expect(throws: ProviderError.self) {
            _ = try await provider.status(of: AttemptLookup(kind: .withdrawal, reference: reference, providerTransactionID: nil),
                                          context: transport.context())
        }
        #expect(transport.requests.last?.url == "http://momo.test/disbursement/v1_0/transfer/\(reference)")
    }

    func statusOfUnknown(_ kind: PaymentKind, createdAgo: TimeInterval, sentAgo: TimeInterval) async throws(ProviderError) -> ProviderResult {
        let transport = script { _ in try! Fixtures.response(404, "mtn-momo/status_not-found.json") }
        let now = Date()
        return try await provider.status(of: AttemptLookup(kind: kind, reference: reference, providerTransactionID: nil,
                                                           createdAt: now - createdAgo, sentAt: now - sentAgo),
                                         context: transport.context())
    }

    @Test(arguments: [PaymentKind.topUp, .withdrawal])
    func theNotFoundGraceRunsFromTheLastSend(kind: PaymentKind) async throws {
        // Written an hour ago, re-sent five seconds ago: "not found" means "not visible yet".
        do {
            let result = try await statusOfUnknown(kind, createdAgo: 3600, sentAgo: 5)
            Issue.record("a request sent 5 s ago must not be settled by a 404: \(result)")
        } catch {
            #expect(error.kind == .ambiguous)
            #expect(!error.needsReview)
        }
    }

    @Test func aCollectionUnknownPastTheGraceFails() async throws {
        let result = try await statusOfUnknown(.topUp, createdAgo: 3600, sentAgo: 3600)
        #expect(result == .failed(PaymentFailure(reason: .providerError, providerCode: "RESOURCE_NOT_FOUND",
                                                 message: "the provider has no record of the payment")))
    }

    @Test func aPayoutUnknownPastTheGraceGoesToReviewNeverToFailure() async throws {
        do {
            let result = try await statusOfUnknown(.withdrawal, createdAgo: 3600, sentAgo: 3600)
            Issue.record("a payout must never fail on a 404: \(result)")
        } catch {
            #expect(error.kind == .ambiguous)
            #expect(error.needsReview)
        }
    }

    func refund(via transport: RecordingTransport) async throws(ProviderError) -> ProviderResult {
        try await provider.refund(RefundRequest(paymentID: .generate(), reference: "9a7c3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60",
                                                originalReference: reference, originalProviderTransactionID: "363440463",
                                                amount: try! Money.positive(minorUnits: 1500, currency: .RWF)),
                                  context: transport.context())
    }

    @Test func aRefundIsSentThroughDisbursementsAsDocumented() async throws {
        let transport = script { _ in HTTPResponse(status: 202) }
        #expect(try await refund(via: transport) == .pending(providerTransactionID: nil))
        let (token, call) = (transport.requests[0], transport.requests[1])
        #expect(token.url == "http://momo.test/disbursement/token/")
        #expect(call.method == "POST")
        #expect(call.url == "http://momo.test/disbursement/v1_0/refund")
        #expect(call.header("X-Reference-Id") == "9a7c3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60")
        #expect(call.header("Ocp-Apim-Subscription-Key") == "sub-disbursement")
        let body = try #require(call.json)
        #expect(body["referenceIdToRefund"] as? String == reference)
        #expect(body["amount"] as? String == "1500")
        #expect(body["currency"] as? String == "RWF")
        #expect(body["externalId"] as? String == "9a7c3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60")
    }

    @Test func aDuplicateRefundReferenceAsksForTheRefundsStatus() async throws {
        let transport = script { request in
            request.method == "POST" ? HTTPResponse(status: 409) : try! Fixtures.response(200, "mtn-momo/requesttopay-status_successful.json")
        }
        #expect(try await refund(via: transport) == .succeeded(providerTransactionID: "363440463"))
        #expect(transport.requests.last?.url == "http://momo.test/disbursement/v1_0/refund/9a7c3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60")
    }

    @Test(arguments: [(500, ProviderError.Kind.ambiguous), (503, .ambiguous), (401, .notSent)])
    func refundAnswersAreClassified(status: Int, kind: ProviderError.Kind) async throws {
        let transport = script { _ in HTTPResponse(status: status) }
        await #expect { _ = try await refund(via: transport) } throws: { ($0 as? ProviderError)?.kind == kind }
    }

    @Test func anUnknownRefundReferenceIsNotAFailure() async throws {
        let transport = script { _ in try! Fixtures.response(404, "mtn-momo/status_not-found.json") }
        await #expect(throws: ProviderError.self) {
            _ = try await provider.refundStatus(of: RefundLookup(paymentID: .generate(), reference: "9a7c3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60",
                                                                 providerRefundID: nil, originalReference: reference,
                                                                 originalProviderTransactionID: nil), context: transport.context())
        }
    }

    @Test func errorDescriptionsCarryNoSecrets() async throws {
        let transport = RecordingTransport { _ throws(TransportError) in throw TransportError(.notSent, "connection refused") }
        do {
            _ = try await collect(try Money.positive(minorUnits: 10, currency: .RWF), via: transport)
        } catch let error as ProviderError {
            for secret in ["key-c", "user-c", "sub-collection", "250788123456"] { #expect(!error.description.contains(secret)) }
        }
    }
}

/// Counts calls across concurrent closures.
final class Counter: @unchecked Sendable {  // `value` guarded by `lock`
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
