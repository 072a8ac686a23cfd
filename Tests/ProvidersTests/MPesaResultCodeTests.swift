import Hub
import Testing
@testable import Providers

/// Every documented `ResultCode`, one test each: STK push (callback and query), B2C, and Transaction Status values.
@Suite struct MPesaResultCodeTests {
    static let stk: [(String, FailureReason?)] = [
        ("0", nil), ("1", .insufficientFunds), ("2", .limitExceeded), ("3", .limitExceeded), ("4", .limitExceeded),
        ("8", .limitExceeded), ("17", .declined), ("26", .providerError), ("1001", .declined), ("1019", .expired),
        ("1025", .providerError), ("1031", .notApproved), ("1032", .cancelled), ("1037", .notApproved), ("2001", .declined),
        ("2028", .notAllowed), ("8006", .notAllowed), ("9999", .providerError), ("SFC_IC0003", .invalidRequest),
    ]

    @Test func theSTKTableCoversEveryCodeOnce() {
        #expect(Set(Self.stk.map(\.0)) == Set(MPesaSTKResultCode.allCases.map(\.rawValue)))
    }

    @Test(arguments: stk)
    func stkResultCode(code: String, reason: FailureReason?) throws {
        let result = try #require(MPesaSTKResultCode.result(code, checkoutRequestID: "ws_CO_1"))
        guard let reason else {
            #expect(result == .succeeded(providerTransactionID: "ws_CO_1"))
            return
        }
        guard case .failed(let failure) = result else { Issue.record("\(code) must fail, got \(result)"); return }
        #expect(failure.reason == reason)
        #expect(failure.providerCode == code, "Daraja's ResultCode is kept")
        #expect(!failure.message.isEmpty)
    }

    @Test(arguments: ["1036", "500.001.1001", "", "00", "-1"])
    func anUnknownSTKCodeIsNoResult(code: String) {
        #expect(MPesaSTKResultCode.result(code, checkoutRequestID: "ws_CO_1") == nil, "the caller leaves the payment pending")
    }

    static let b2c: [(String, FailureReason?)] = [
        ("0", nil), ("1", .providerError), ("2", .limitExceeded), ("3", .limitExceeded), ("4", .limitExceeded), ("8", .limitExceeded),
        ("11", .providerError), ("21", .notAllowed), ("2001", .providerError), ("2006", .providerError), ("2028", .notAllowed),
        ("2040", .accountNotFound), ("8006", .providerError), ("SFC_IC0003", .accountNotFound),
    ]

    @Test func theB2CTableCoversEveryCodeOnce() {
        #expect(Set(Self.b2c.map(\.0) + ["15"]) == Set(MPesaB2CResultCode.allCases.map(\.rawValue)))
    }

    @Test(arguments: b2c)
    func b2cResultCode(code: String, reason: FailureReason?) throws {
        let result = try #require(MPesaB2CResultCode(rawValue: code)).result(conversationID: "AG_1")
        guard let reason else {
            #expect(result == .succeeded(providerTransactionID: "AG_1"))
            return
        }
        guard case .failed(let failure) = result else { Issue.record("\(code) must fail, got \(result)"); return }
        #expect(failure.reason == reason)
        #expect(failure.providerCode == code)
    }

    @Test func aDuplicateOriginatorConversationIDIsNeverAFailure() {
        #expect(MPesaB2CResultCode.duplicate.result(conversationID: "AG_1") == .pending(providerTransactionID: "AG_1"))
    }

    @Test(arguments: [("Completed", true), ("completed", true), ("Pending", false), ("Failed", false), ("Cancelled", false), ("", false)])
    func transactionStatusValues(value: String, known: Bool) {
        let status = MPesaTransactionStatus(matching: value)
        #expect((status != nil) == known, "only the documented value is mapped; anything else leaves the payout pending")
        #expect(status?.result(conversationID: "AG_1") == (known ? .succeeded(providerTransactionID: "AG_1") : nil))
    }
}
