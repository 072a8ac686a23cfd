import Foundation
import Hub
import Hummingbird
import Testing
import Webhooks
@testable import Simulators

@Suite("Airtel Money simulator: disbursements, the encrypted PIN and the float")
struct AirtelMoneyDisbursementTests {
    @Test("v1 and v2 with the PIN under either padding: TS at once with DP00900001001, reference_id and airtel_money_id",
          arguments: ["v1", "v2"], [RSAPadding.pkcs1, .oaep])
    func succeeds(_ version: String, _ padding: RSAPadding) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var disbursement = AirtelMoneyDisbursementCall(version: version)
            disbursement.pinJSON = "\"\(try AirtelMoneySigner.encryptPIN(padding: padding))\""
            let answer = try await client.disburse(disbursement)
            #expect(answer.status == .ok)
            #expect(answer.responseCode == "DP00900001001")
            #expect(answer.success == true)
            #expect(answer.transactionStatus == "TS")
            #expect(answer.transaction?["id"] as? String == disbursement.id)
            #expect((answer.transaction?["airtel_money_id"] as? String)?.hasPrefix("CI") == true)
            #expect(answer.transaction?["reference_id"] is String)
            let enquiry = version == "v1" ? "/standard/v1/disbursements/\(disbursement.id)"
                : "/standard/v2/disbursements/\(disbursement.id)?transactionType=B2C"
            let status = try await client.get(enquiry)
            #expect(status.transactionStatus == "TS")
            #expect(status.responseCode == "DP00900001001")
        }
    }

    /// A disbursement that must be refused before anything is recorded.
    static let refusals: [(String, @Sendable (inout AirtelMoneyDisbursementCall) -> Void, String?, String?)] = [
        ("a wrong PIN (PKCS #1)", { $0.pinJSON = "\"\((try? AirtelMoneySigner.encryptPIN("9999")) ?? "")\"" }, "ROUTER115",
         "DP00900001013"),
        ("a wrong PIN (OAEP)", { $0.pinJSON = "\"\((try? AirtelMoneySigner.encryptPIN("9999", padding: .oaep)) ?? "")\"" }, "ROUTER115",
         "DP00900001013"),
        ("the PIN in clear", { $0.pinJSON = "\"\(AirtelMoneyTestHarness.pin)\"" }, "ROUTER116", "DP00900001013"),
        ("a PIN for another key", { call in
            let other = RSAPrivateKey.generate(bits: 1024).publicKey
            call.pinJSON = "\"\((try? AirtelMoneySigner.encryptPIN(publicKey: other)) ?? "")\""
        }, "ROUTER116", "DP00900001013"),
        ("no PIN", { $0.pinJSON = nil }, "ROUTER003", "DP00900001013"),
        ("a payee with the country code", { $0.msisdn = "256752604392" }, "ESB000033", nil),
        ("a fraction of a shilling", { $0.amountJSON = "10.5" }, "ESB000008", "DP00900001004"),
        ("a v2 reference with a dash", { $0.version = "v2"; $0.reference = "ref-1234" }, "ESB000008", nil),
        ("a v2 reference of 3 characters", { $0.version = "v2"; $0.reference = "abc" }, "ESB000008", nil),
        ("a v2 body without a type", { $0.version = "v2"; $0.type = nil }, "ESB000008", nil),
        ("a type other than B2C or B2B", { $0.type = "P2P" }, "ESB000008", nil),
    ]

    @Test(arguments: refusals.indices)
    func refused(_ index: Int) async throws {
        let (name, alter, resultCode, responseCode) = Self.refusals[index]
        try await AirtelMoneyTestHarness().withClient { client in
            var disbursement = AirtelMoneyDisbursementCall()
            alter(&disbursement)
            let answer = try await client.disburse(disbursement)
            #expect(answer.status == .badRequest, "\(name)")
            #expect(answer.resultCode == resultCode, "\(name)")
            #expect(answer.responseCode == responseCode, "\(name)")
            #expect(!answer.bodyText.contains(AirtelMoneyTestHarness.pin), "\(name)")
            #expect(await AirtelMoneyTestHarness.recordedCount(client) == 0, "\(name)")
        }
    }

    @Test("v1 needs no type; a B2B v2 disbursement is found with transactionType=B2B only")
    func types() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var v1 = AirtelMoneyDisbursementCall()
            v1.type = nil
            #expect(try await client.disburse(v1).responseCode == "DP00900001001")
            var b2b = AirtelMoneyDisbursementCall(version: "v2")
            b2b.type = "B2B"
            #expect(try await client.disburse(b2b).responseCode == "DP00900001001")
            #expect(try await client.get("/standard/v2/disbursements/\(b2b.id)?transactionType=B2B").transactionStatus == "TS")
            let wrongType = try await client.get("/standard/v2/disbursements/\(b2b.id)?transactionType=B2C")
            #expect(wrongType.status == .notFound)
            #expect(wrongType.responseCode == "DP00900001015")
        }
    }

    @Test("an amount above what is left of the float fails TF with DP00900001007 and takes nothing")
    func float() async throws {
        let harness = AirtelMoneyTestHarness { $0.disbursementFloat = [try! Money(minorUnits: 5000, currency: .UGX)] }
        try await harness.withClient { client in
            var first = AirtelMoneyDisbursementCall()
            first.amountJSON = "3000"
            #expect(try await client.disburse(first).responseCode == "DP00900001001")
            var second = AirtelMoneyDisbursementCall()
            second.amountJSON = "2001"
            let refused = try await client.disburse(second)
            #expect(refused.status == .ok)
            #expect(refused.transactionStatus == "TF")
            #expect(refused.responseCode == "DP00900001007")
            #expect(refused.success == false)
            #expect(try await client.get("/standard/v1/disbursements/\(second.id)").responseCode == "DP00900001007")
            #expect(await harness.simulator.remainingFloat(in: .UGX).minorUnits == 2000)
            var third = AirtelMoneyDisbursementCall()
            third.amountJSON = "2000"
            #expect(try await client.disburse(third).responseCode == "DP00900001001")
            #expect(await harness.simulator.remainingFloat(in: .UGX).minorUnits == 0)
        }
    }

    @Test("a transaction.id used before is DP00900001017 and changes nothing")
    func duplicate() async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let first = AirtelMoneyDisbursementCall()
            #expect(try await client.disburse(first).status == .ok)
            let again = try await client.disburse(first)
            #expect(again.status == .badRequest)
            #expect(again.responseCode == "DP00900001017")
            #expect(again.resultCode == "ESB000041")
            #expect(await harness.simulator.remainingFloat(in: .UGX).minorUnits == 10_000_000 - 1000)
        }
    }

    @Test("v2 signing is optional for disbursements, but a signature that does not match is 403 DP00900001016")
    func signing() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var signed = AirtelMoneyDisbursementCall(version: "v2")
            signed.signed = true
            #expect(try await client.disburse(signed).responseCode == "DP00900001001")
            var tampered = AirtelMoneyDisbursementCall(version: "v2")
            let other = try AirtelMoneySigner.sign(Array("{}".utf8))
            tampered.overrides = ["x-key": other.xKey, "x-signature": other.xSignature]
            let refused = try await client.disburse(tampered)
            #expect(refused.status == .forbidden)
            #expect(refused.responseCode == "DP00900001016")
            var halfSigned = AirtelMoneyDisbursementCall(version: "v2")
            halfSigned.overrides = ["x-key": other.xKey]
            #expect(try await client.disburse(halfSigned).responseCode == "DP00900001016")
        }
    }

    @Test("unknown ids are 404 DP00900001015 on both enquiry paths")
    func unknown() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            for path in ["/standard/v1/disbursements/nope", "/standard/v2/disbursements/nope?transactionType=B2C"] {
                let answer = try await client.get(path)
                #expect(answer.status == .notFound)
                #expect(answer.responseCode == "DP00900001015")
            }
        }
    }
}
