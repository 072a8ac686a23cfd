import Foundation
import Hub
import Testing
@testable import Simulators

/// One transfer scenario, chosen by account number or reference, and what a client must observe.
struct FlutterwaveTransferExpectation: Sendable, CustomTestStringConvertible {
    let account: String
    let reference: String
    let postStatus: Int
    /// The final `status`; `nil` when nothing is recorded.
    let finalStatus: String?
    let completeMessage: String?
    let webhooks: Int

    var testDescription: String { "\(account) \(reference) → \(postStatus) \(finalStatus ?? "not recorded")" }

    static let all: [FlutterwaveTransferExpectation] = [
        .init(account: "256772123456", reference: "T-plain", postStatus: 200, finalStatus: "SUCCESSFUL",
              completeMessage: "Transaction was successful", webhooks: 1),
        .init(account: "256772123456", reference: "T-1_PMCK", postStatus: 200, finalStatus: "SUCCESSFUL",
              completeMessage: "Transaction was successful", webhooks: 1),
        .init(account: "256772123456", reference: "T-2_PMCK_ST_F", postStatus: 200, finalStatus: "FAILED",
              completeMessage: "DISBURSE FAILED: Mocked a Failed Transaction", webhooks: 1),
        .init(account: "256772123456", reference: "T-3_PMCK_ST_FDU_1", postStatus: 200, finalStatus: "FAILED",
              completeMessage: "DISBURSE FAILED: Mocked a Failed Transaction", webhooks: 1),
        .init(account: "256121212121", reference: "T-4", postStatus: 200, finalStatus: "FAILED",
              completeMessage: "DISBURSE FAILED: Mocked a Failed Transaction", webhooks: 1),
        .init(account: "256700000001", reference: "T-5", postStatus: 200, finalStatus: "FAILED",
              completeMessage: "DISBURSE FAILED: Insufficient Funds", webhooks: 1),
        .init(account: "256700000003", reference: "T-6", postStatus: 200, finalStatus: "PENDING", completeMessage: "", webhooks: 0),
        .init(account: "256700000005", reference: "T-7", postStatus: 503, finalStatus: "SUCCESSFUL",
              completeMessage: "Transaction was successful", webhooks: 1),
        .init(account: "256700000006", reference: "T-8", postStatus: 500, finalStatus: nil, completeMessage: nil, webhooks: 0),
        .init(account: "256700000007", reference: "T-9", postStatus: 200, finalStatus: "SUCCESSFUL",
              completeMessage: "Transaction was successful", webhooks: 0),
        .init(account: "256700000008", reference: "T-10", postStatus: 200, finalStatus: "SUCCESSFUL",
              completeMessage: "Transaction was successful", webhooks: 2),
    ]
}

@Suite("Flutterwave simulator: transfers")
struct FlutterwaveTransferTests {
    @Test("transfer scenarios by account number and reference suffix", arguments: FlutterwaveTransferExpectation.all)
    func scenario(_ expected: FlutterwaveTransferExpectation) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.transfer(account: expected.account, reference: expected.reference)
            #expect(answer.status.code == expected.postStatus)
            let recorded = await harness.simulator.transfers().first
            #expect(recorded?.reference == (expected.finalStatus == nil ? nil : expected.reference))
            if let id = recorded?.id {
                let final = try await client.finalTransfer(id: Int(id), timeout: .milliseconds(300))
                #expect(final.data?["status"] as? String == expected.finalStatus)
                #expect(final.data?["complete_message"] as? String == expected.completeMessage)
            }
            _ = await harness.receiver.waitFor(expected.webhooks)
            try await Task.sleep(for: .milliseconds(60))
            let events = await harness.receiver.requests
            #expect(events.count == expected.webhooks)
            for event in events {
                let body = try JSONSerialization.jsonObject(with: try #require(event.body)) as? [String: Any]
                #expect(body?["event"] as? String == "transfer.completed")
                #expect(body?["event.type"] as? String == "Transfer")
                #expect((body?["data"] as? [String: Any])?["reference"] as? String == expected.reference)
            }
        }
    }

    @Test("the documented bank transfer is queued NEW, reads PENDING, succeeds after DU_1, and calls its callback_url")
    func documentedBankTransfer() async throws {
        let harness = FlutterwaveTestHarness { $0.transferMockMinute = .seconds(5) }
        try await harness.withClient { client in
            let ngn = try #require(Currency(code: "NGN"))
            let before = await harness.simulator.balance(in: ngn).available
            let answer = try await client.call(.post, "/v3/transfers", body: try FlutterwaveFixtures.text("transfer-bank_request.json"))
            let documented = try FlutterwaveFixtures.json("transfer_queued.json")
            #expect(answer.status == .ok)
            #expect(answer.message == "Transfer Queued Successfully")
            #expect(Set(try #require(answer.json).keys) == Set(documented.keys))
            let data = try #require(answer.data)
            #expect(Set(data.keys).isSuperset(of: (documented["data"] as? [String: Any] ?? [:]).keys))
            #expect(data["status"] as? String == "NEW")
            #expect(data["complete_message"] as? String == "")
            #expect(data["bank_name"] as? String == "ACCESS BANK NIGERIA")
            #expect(answer.number("amount") == "5500")
            #expect(await harness.simulator.balance(in: ngn).available == before - 550_000)

            let id = try #require(data["id"] as? Int)
            #expect(try await client.call(.get, "/v3/transfers/\(id)").data?["status"] as? String == "PENDING")
            let final = try await client.finalTransfer(id: id)
            #expect(final.message == "Transfer fetched")
            #expect(final.data?["status"] as? String == "SUCCESSFUL")
            #expect(await harness.simulator.balance(in: ngn).paidOut == 550_000)

            let requests = await harness.receiver.waitFor(2)
            #expect(Set(requests.map(\.url)) == [FlutterwaveTestHarness.webhookURL, "https://www.flutterwave.com/ng/"])
            let event = try JSONSerialization.jsonObject(with: try #require(requests.first?.body)) as? [String: Any]
            let eventData = try #require(event?["data"] as? [String: Any])
            let documentedEvent = try FlutterwaveFixtures.json("webhook_transfer-completed.json")
            #expect(Set(try #require(event).keys) == Set(documentedEvent.keys))
            #expect(Set(eventData.keys) == Set((documentedEvent["data"] as? [String: Any] ?? [:]).keys))
        }
    }

    @Test("DU_<minutes> sets how long the transfer takes, in transferMockMinute units")
    func durationSuffix() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let started = ContinuousClock.now
            let id = try #require(try await client.transfer(reference: "slow_PMCKDU_4").data?["id"] as? Int)
            let final = try await client.finalTransfer(id: id)
            #expect(final.data?["status"] as? String == "SUCCESSFUL")
            #expect(ContinuousClock.now - started >= .milliseconds(80))
            #expect(FlutterwaveTransferMock(reference: "x_PMCK_ST_FDU_12").scenario == .fail(.mockedFailure))
            #expect(FlutterwaveTransferMock(reference: "x_PMCK_ST_FDU_12").minutes == 12)
            #expect(FlutterwaveTransferMock(reference: "plainDU_3").scenario == nil)
            #expect(FlutterwaveTransferMock(reference: "plainDU_3").minutes == nil)
        }
    }

    @Test("the documented Uganda mobile-money payout succeeds and takes exactly its amount from the UGX balance")
    func mobileMoneyPayout() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let ugx = try #require(Currency(code: "UGX"))
            let before = await harness.simulator.balance(in: ugx)
            let request = try FlutterwaveFixtures.text("transfer-mobile-money-uganda_request.json")
            let answer = try await client.call(.post, "/v3/transfers", body: request)
            let id = try #require(answer.data?["id"] as? Int)
            #expect(answer.data?["bank_code"] as? String == "MTN")
            #expect(answer.data?["full_name"] as? String == "Catherine Ampaire")
            #expect(try await client.finalTransfer(id: id).data?["status"] as? String == "SUCCESSFUL")
            let after = await harness.simulator.balance(in: ugx)
            #expect(after.available == before.available - 350)
            #expect(after.paidOut == 350)
            #expect(after.held == 0)
        }
    }

    @Test("a mobile-money payout without beneficiary_name is queued, then fails as documented and its money is released")
    func missingBeneficiary() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let ugx = try #require(Currency(code: "UGX"))
            let before = await harness.simulator.balance(in: ugx).available
            let answer = try await client.transfer(beneficiary: nil)
            #expect(answer.status == .ok)
            let final = try await client.finalTransfer(id: try #require(answer.data?["id"] as? Int))
            #expect(final.data?["status"] as? String == "FAILED")
            #expect(final.data?["complete_message"] as? String == "beneficiary_name is required")
            #expect(await harness.simulator.balance(in: ugx).available == before)
        }
    }

    @Test("a transfer the balance cannot cover fails with Insufficient wallet balance")
    func insufficientBalance() async throws {
        let harness = FlutterwaveTestHarness { $0.openingBalances = [try! Money(minorUnits: 1_000, currency: .UGX)] }
        try await harness.withClient { client in
            let answer = try await client.transfer(amount: "5000")
            #expect(answer.data?["status"] as? String == "NEW")
            let final = try await client.finalTransfer(id: try #require(answer.data?["id"] as? Int))
            #expect(final.data?["status"] as? String == "FAILED")
            #expect(final.data?["complete_message"] as? String == "DISBURSE FAILED: Insufficient wallet balance")
            #expect(await harness.simulator.balance(in: .UGX).available == 1_000)
        }
    }

    @Test("a reused reference is refused with 400 and moves no money twice")
    func duplicateReference() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            #expect(try await client.transfer(amount: "700", reference: "ONCE-1").status == .ok)
            let again = try await client.transfer(amount: "700", reference: "ONCE-1")
            #expect(again.status == .badRequest)
            #expect(again.message == "A transfer with this reference already exists")
            let transfers = await harness.simulator.transfers()
            #expect(transfers.count == 1)
            #expect(await harness.simulator.balance(in: .UGX).held + harness.simulator.balance(in: .UGX).paidOut == 700)
        }
    }

    @Test("a transfer without reference gets one; KES mobile money with sender meta is accepted")
    func generatedReferenceAndKenyanMeta() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let body = #"{"account_bank":"MPS","account_number":"254712345678","amount":150.25,"currency":"KES","#
                + #""beneficiary_name":"Wanjiru","meta":[{"sender":"Miliano","sender_country":"RW","mobile_number":"250788123456"}]}"#
            let answer = try await client.call(.post, "/v3/transfers", body: body)
            #expect(answer.status == .ok)
            #expect((answer.data?["reference"] as? String)?.hasPrefix("SIM-TRF-") == true)
            #expect(answer.number("amount") == "150.25")
            #expect(await harness.simulator.transfers().first?.amount.minorUnits == 15_025)
        }
    }

    @Test("listing filters by reference and status and pages by ten, newest first")
    func listing() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            for index in 1...12 {
                let reference = index == 5 ? "LIST-5_PMCK_ST_F" : "LIST-\(index)"
                #expect(try await client.transfer(amount: "10", reference: reference).status == .ok)
            }
            let byReference = try await client.call(.get, "/v3/transfers?reference=LIST-7")
            #expect(byReference.message == "Transfers fetched")
            let items = try #require(byReference.json?["data"] as? [[String: Any]])
            #expect(items.map { $0["reference"] as? String } == ["LIST-7"])

            let second = try await client.call(.get, "/v3/transfers?page=2")
            let pageInfo = (second.json?["meta"] as? [String: Any])?["page_info"] as? [String: Any]
            #expect(pageInfo?["total"] as? Int == 12)
            #expect(pageInfo?["current_page"] as? Int == 2)
            #expect(pageInfo?["total_pages"] as? Int == 2)
            #expect((second.json?["data"] as? [[String: Any]])?.map { $0["reference"] as? String } == ["LIST-2", "LIST-1"])

            try await Task.sleep(for: .milliseconds(80))
            let failed = try await client.call(.get, "/v3/transfers?status=failed")
            #expect((failed.json?["data"] as? [[String: Any]])?.map { $0["reference"] as? String } == ["LIST-5_PMCK_ST_F"])
            let documented = try FlutterwaveFixtures.json("transfer-list_failed.json")
            #expect(Set(try #require(failed.json).keys) == Set(documented.keys))
        }
    }
}
