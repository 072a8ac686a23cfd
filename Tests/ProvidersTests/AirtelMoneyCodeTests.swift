import Foundation
import Hub
import Testing
@testable import Providers

/// Every documented `DP008…` and `DP009…` code, with what the hub makes of it, written out here rather than read back
/// from the adapter's table.
@Suite struct AirtelMoneyCodeTests {
    typealias Support = AirtelMoneyTestSupport

    struct Row: Sendable, CustomTestStringConvertible {
        let code: String
        let outcome: AirtelMoneyOutcome
        let reason: FailureReason?
        var testDescription: String { code }

        init(_ code: String, _ outcome: AirtelMoneyOutcome, _ reason: FailureReason?) {
            self.code = code
            self.outcome = outcome
            self.reason = reason
        }
    }

    static let collection: [Row] = [
        Row("DP00800001000", .unknown, nil),
        Row("DP00800001001", .succeeded, nil),
        Row("DP00800001002", .failed, .notApproved),
        Row("DP00800001003", .failed, .limitExceeded),
        Row("DP00800001004", .failed, .limitExceeded),
        Row("DP00800001005", .failed, .notApproved),
        Row("DP00800001006", .inProgress, nil),
        Row("DP00800001007", .failed, .insufficientFunds),
        Row("DP00800001008", .failed, .declined),
        Row("DP00800001009", .failed, .declined),
        Row("DP00800001010", .failed, .notAllowed),
        Row("DP00800001024", .unknown, .expired),
        Row("DP00800001025", .notFound, nil),
        Row("DP00800001026", .notProcessed, .providerError),
        Row("DP00800001029", .failed, .expired),
    ]

    static let disbursement: [Row] = [
        Row("DP00900001000", .unknown, nil),
        Row("DP00900001001", .succeeded, nil),
        Row("DP00900001003", .failed, .limitExceeded),
        Row("DP00900001004", .failed, .limitExceeded),
        Row("DP00900001005", .failed, .declined),
        Row("DP00900001006", .inProgress, nil),
        Row("DP00900001007", .failed, .insufficientFunds),
        Row("DP00900001009", .failed, .notAllowed),
        Row("DP00900001010", .failed, .notAllowed),
        Row("DP00900001011", .similarExists, .notAllowed),
        Row("DP00900001012", .failed, .accountNotFound),
        Row("DP00900001013", .failed, .declined),
        Row("DP00900001014", .unknown, .expired),
        Row("DP00900001015", .notFound, nil),
        Row("DP00900001016", .notProcessed, .providerError),
        Row("DP00900001017", .duplicate, nil),
        Row("DP00900001018", .notProcessed, .providerError),
        Row("DP00900001019", .failed, .notAllowed),
    ]

    @Test func everyCodeOfTheAdapterIsInTheseTables() {
        #expect(Set(AirtelMoneyCollectionCode.allCases.map(\.rawValue)) == Set(Self.collection.map(\.code)))
        #expect(Set(AirtelMoneyDisbursementCode.allCases.map(\.rawValue)) == Set(Self.disbursement.map(\.code)))
    }

    @Test(arguments: collection)
    func collectionCodes(_ row: Row) throws {
        let code = try #require(AirtelMoneyCollectionCode(rawValue: row.code))
        #expect(code.outcome == row.outcome)
        #expect(code.failureReason == row.reason)
        #expect(code.failure?.providerCode == row.reason.map { _ in row.code })
        #expect(!code.message.isEmpty)
    }

    @Test(arguments: disbursement)
    func disbursementCodes(_ row: Row) throws {
        let code = try #require(AirtelMoneyDisbursementCode(rawValue: row.code))
        #expect(code.outcome == row.outcome)
        #expect(code.failureReason == row.reason)
        #expect(code.failure?.providerCode == row.reason.map { _ in row.code })
    }

    static func transport(_ answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) -> RecordingTransport {
        RecordingTransport { request in
            request.url.hasSuffix("/auth/oauth2/token") ? try! Fixtures.response(200, "airtel-money/token_ok.json") : answer(request)
        }
    }

    static func answer(_ code: String, status: Int = 200, transaction: String? = nil) -> HTTPResponse {
        let data = transaction.map { #""data":{"transaction":{"id":"x","status":"\#($0)"}},"# } ?? ""
        return HTTPResponse(status: status, body: Data(#"{\#(data)"status":{"code":"\#(status)","response_code":"\#(code)","success":false}}"#.utf8))
    }

    /// The collection POST answered with each code: an ack of any kind is pending, a decline fails with its code, a
    /// signature refusal is not sent, a duplicate is asked about, a not-found or ambiguous answer is never a failure.
    @Test(arguments: collection)
    func eachCollectionCodeOnTheRequest(_ row: Row) async throws {
        let transport = Self.transport { request in
            request.method == "POST" ? Self.answer(row.code) : try! Fixtures.response(200, "airtel-money/enquiry_in-progress.json")
        }
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        do {
            let result = try await provider.collect(Support.collectRequest(), context: transport.context())
            switch row.outcome {
            case .succeeded, .inProgress, .unknown, .duplicate, .similarExists: #expect(result == .pending(providerTransactionID: nil))
            case .failed: #expect(result == .failed(PaymentFailure(reason: try #require(row.reason), providerCode: row.code,
                                                                    message: try #require(AirtelMoneyCollectionCode(rawValue: row.code)).message)))
            case .notFound, .notProcessed: Issue.record("\(row.code) must throw, got \(result)")
            }
        } catch let error as ProviderError {
            #expect(row.outcome == .notProcessed ? error.kind == .notSent : row.outcome == .notFound && error.kind == .ambiguous, "\(error)")
        }
    }

    /// The disbursement POST answered with each code.
    @Test(arguments: disbursement)
    func eachDisbursementCodeOnTheRequest(_ row: Row) async throws {
        let transport = Self.transport { request in
            request.method == "POST" ? Self.answer(row.code) : try! Fixtures.response(200, "airtel-money/disbursement-enquiry_successful.json")
        }
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        do {
            let result = try await provider.payout(Support.payoutRequest(), context: transport.context())
            switch row.outcome {
            case .succeeded: #expect(result == .succeeded(providerTransactionID: nil))
            case .inProgress, .unknown: #expect(result == .pending(providerTransactionID: nil))
            case .duplicate: #expect(result == .succeeded(providerTransactionID: "product-partner-**41"), "the first request's enquiry answers")
            case .failed, .similarExists:
                #expect(result == .failed(PaymentFailure(reason: try #require(row.reason), providerCode: row.code,
                                                         message: try #require(AirtelMoneyDisbursementCode(rawValue: row.code)).message)))
            case .notFound, .notProcessed: Issue.record("\(row.code) must throw, got \(result)")
            }
        } catch let error as ProviderError {
            #expect(row.outcome == .notProcessed ? error.kind == .notSent : row.outcome == .notFound && error.kind == .ambiguous, "\(error)")
        }
    }

    /// A failed transaction keeps the code beside it when the code explains a failure, else its status.
    @Test(arguments: collection)
    func eachCollectionCodeBesideAFailedEnquiry(_ row: Row) async throws {
        let transport = Self.transport { _ in Self.answer(row.code, transaction: "TF") }
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        let result = try await provider.status(of: AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil),
                                               context: transport.context())
        guard case .failed(let failure) = result else {
            Issue.record("TF is a failure whatever the code: \(result)")
            return
        }
        #expect(failure.providerCode == (row.reason == nil ? "TF" : row.code))
        #expect(failure.reason == row.reason ?? .declined)
    }
}
