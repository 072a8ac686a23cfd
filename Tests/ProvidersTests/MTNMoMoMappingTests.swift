import Foundation
import Hub
import Testing
@testable import Providers

@Suite struct MTNMoMoMappingTests {
    static let table: [(String, FailureReason)] = [
        ("PAYEE_NOT_FOUND", .accountNotFound), ("PAYER_NOT_FOUND", .accountNotFound), ("NOT_ALLOWED", .notAllowed),
        ("NOT_ALLOWED_TARGET_ENVIRONMENT", .notAllowed), ("INVALID_CALLBACK_URL_HOST", .invalidRequest),
        ("INVALID_CURRENCY", .invalidRequest), ("SERVICE_UNAVAILABLE", .providerError),
        ("INTERNAL_PROCESSING_ERROR", .providerError), ("NOT_ENOUGH_FUNDS", .insufficientFunds),
        ("PAYER_LIMIT_REACHED", .limitExceeded), ("PAYEE_NOT_ALLOWED_TO_RECEIVE", .notAllowed),
        ("PAYMENT_NOT_APPROVED", .notApproved), ("RESOURCE_NOT_FOUND", .providerError), ("APPROVAL_REJECTED", .declined),
        ("EXPIRED", .expired), ("TRANSACTION_CANCELED", .cancelled), ("RESOURCE_ALREADY_EXIST", .providerError),
        ("COULD_NOT_PERFORM_TRANSACTION", .notApproved), ("SOMETHING_NEW", .providerError),
    ]

    @Test(arguments: table)
    func everyReasonCodeMaps(code: String, reason: FailureReason) {
        let mapped = MoMoErrorReason(code: code)
        #expect(mapped.failureReason == reason)
        #expect(mapped.code == code)
        #expect(mapped.failure.providerCode == code)
    }

    @Test func reasonIsReadAsStringOrObject() throws {
        let object = try JSONDecoder().decode(MoMoTransactionStatus.self, from: Data(#"{"status":"FAILED","reason":{"code":"EXPIRED","message":"x"}}"#.utf8))
        let string = try JSONDecoder().decode(MoMoTransactionStatus.self, from: Data(#"{"status":"FAILED","reason":"EXPIRED"}"#.utf8))
        #expect(object.result() == string.result())
        #expect(object.result() == .failed(MoMoErrorReason.expired.failure))
        let unknownStatus = try JSONDecoder().decode(MoMoTransactionStatus.self, from: Data(#"{"status":"ONGOING"}"#.utf8))
        #expect(unknownStatus.result() == nil)
    }

    @Test func callbacksAreReadAsHints() throws {
        let handler = try #require(MTNMoMoProvider(configuration: .init(
            baseURL: "http://x", targetEnvironment: "sandbox",
            collection: .init(subscriptionKey: "s", apiUser: "u", apiKey: "k"),
            disbursement: .init(subscriptionKey: "s", apiUser: "u", apiKey: "k"))).notifications)
        #expect(handler.isSigned == false)
        let body = try Fixtures.data("mtn-momo/requesttopay-status_successful.json")
        let notification = try handler.parse(IncomingNotification(method: "PUT", headers: [], body: body, receivedAt: Date()))
        #expect(notification.reference == "6253728")
        #expect(notification.dedupeKey == "6253728:SUCCESSFUL")
        #expect(throws: NotificationError.self) {
            try handler.parse(IncomingNotification(method: "PUT", headers: [], body: Data("{}".utf8), receivedAt: Date()))
        }
    }
}
