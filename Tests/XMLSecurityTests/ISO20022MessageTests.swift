import Foundation
import Hub
import Providers
import Testing
import XMLSecurity

/// The bank messages the adapter writes and reads: a pain.001 batch that validates and carries exactly its
/// transfers, and the sample pain.002 and camt.054 read field by field.
@Suite struct ISO20022MessageTests {
    static let debtor = BankParty(name: "Miliano Ltd", account: try! BankAccountNumber(iban: "DE89370400440532013000", bic: "COBADEFFXXX"))

    @Test func aPayoutBatchValidatesAndSaysWhatWasAsked() throws {
        let eur = try #require(Currency(code: "EUR"))
        let transfers = [
            Pain001Transfer(endToEndID: "att-0001", amount: try Money(minorUnits: 10_050, currency: eur),
                            creditor: BankParty(name: "Jane <Doe> & Co", account: try BankAccountNumber(iban: "FR1420041010050500013M02606")),
                            remittance: "pay_1"),
            Pain001Transfer(endToEndID: "att-0002", amount: try Money(minorUnits: 7, currency: eur),
                            creditor: BankParty(name: "John Roe", account: try BankAccountNumber(iban: "DE89370400440532013000", bic: "COBADEFFXXX"))),
        ]
        let batch = Pain001Batch(messageID: "MIL-20261204-0001", createdAt: Date(timeIntervalSince1970: 1_796_342_400), debtor: Self.debtor,
                                 executionDate: Date(timeIntervalSince1970: 1_796_342_400), transfers: transfers)
        let document = try batch.document()
        let text = String(decoding: document.serialized(), as: UTF8.self)
        #expect(text.contains("<CtrlSum>100.57</CtrlSum>"))
        #expect(text.contains("<NbOfTxs>2</NbOfTxs>"))
        #expect(text.contains("<InstdAmt Ccy=\"EUR\">0.07</InstdAmt>"))
        #expect(text.contains("Jane &lt;Doe&gt; &amp; Co"))
        #expect(text.contains("<ReqdExctnDt><Dt>2026-12-04</Dt></ReqdExctnDt>"))
        // Re-read as a bank would: the schema holds, and each transfer is there once.
        let reread = try HardenedXML.parse(document.serialized())
        try ISO20022Schema(.pain001).validate(reread)
        let ids = reread.rootElement?.at("CstmrCdtTrfInitn", "PmtInf")?.children("CdtTrfTxInf").compactMap { $0.at("PmtId", "EndToEndId")?.text }
        #expect(ids == ["att-0001", "att-0002"])
    }

    @Test func aBatchTheStandardWouldRefuseIsNotWritten() throws {
        let eur = try #require(Currency(code: "EUR"))
        let rwf = try #require(Currency(code: "RWF"))
        let creditor = BankParty(name: "Jane", account: try BankAccountNumber(iban: "FR1420041010050500013M02606"))
        func batch(_ transfers: [Pain001Transfer], id: String = "MIL-1") -> Pain001Batch {
            Pain001Batch(messageID: id, createdAt: Date(), debtor: Self.debtor, executionDate: Date(), transfers: transfers)
        }
        let one = Pain001Transfer(endToEndID: "a", amount: try Money(minorUnits: 100, currency: eur), creditor: creditor)
        #expect(throws: XMLSecurityError.self) { try batch([]).document() }
        #expect(throws: XMLSecurityError.self) { try batch([one, Pain001Transfer(endToEndID: "b", amount: try Money(minorUnits: 1, currency: rwf), creditor: creditor)]).document() }
        #expect(throws: XMLSecurityError.self) { try batch([one, one]).document() }
        #expect(throws: XMLSecurityError.self) { try batch([one], id: String(repeating: "x", count: 36)).document() }
        #expect(throws: XMLSecurityError.self) { try batch([Pain001Transfer(endToEndID: "a\u{202E}b", amount: one.amount, creditor: creditor)]).document() }
    }

    @Test func theStatusReportSampleReadsAsOneSettledAndOneRejected() throws {
        let report = try Pain002Report(try HardenedXML.parse(try Files.data("pain002_min.xml")))
        #expect(report.originalMessageID == "MSG-20240501-0001")
        #expect(report.groupStatus == "PART")
        #expect(report.transactions.map(\.endToEndID) == ["E2E-0001", "E2E-0002"])
        #expect(report.transactions.map(\.outcome) == [.succeeded, .failed(reason: "AC01")])
        #expect(ISO20022Outcome(status: "ACSP", reason: nil) == .pending(status: "ACSP"))
        #expect(ISO20022Outcome(status: "PDNG", reason: nil) == .pending(status: "PDNG"))
        #expect(throws: XMLSecurityError.self) { try Pain002Report(try HardenedXML.parse(try Files.data("camt054_min.xml"))) }
    }

    @Test func theSignedNotificationReadsAsItsOneDebit() throws {
        let document = try HardenedXML.parse(try Files.data("signed-camt054.xml"))
        try XMLSignature.verify(document, trusted: [try Files.bankCertificate])
        let notification = try Camt054Notification(document)
        #expect(notification.accountIBAN == "DE89370400440532013000")
        let entry = try #require(notification.entries.first)
        #expect(notification.entries.count == 1)
        #expect(entry.amount == (try Money(minorUnits: 10_000, currency: try #require(Currency(code: "EUR")))))
        #expect(!entry.isCredit && entry.status == "BOOK" && entry.endToEndID == "E2E-0001" && entry.remittance == "Invoice 42")
        #expect(entry.bankReference == "BANKREF-778899")
    }
}
