import Foundation
import Hub
import XMLSecurity

/// A party of a credit transfer: a name and an account (IBAN checked by its digits, BIC optional).
public struct BankParty: Sendable, Equatable {
    public var name: String
    public var account: BankAccountNumber

    public init(name: String, account: BankAccountNumber) {
        self.name = name
        self.account = account
    }
}

/// One payout in a pain.001 file: `endToEndID` is the attempt's reference, which the bank's pain.002 and camt.054
/// carry back.
public struct Pain001Transfer: Sendable, Equatable {
    public var endToEndID: String
    public var amount: Money
    public var creditor: BankParty
    public var remittance: String?

    public init(endToEndID: String, amount: Money, creditor: BankParty, remittance: String? = nil) {
        self.endToEndID = endToEndID
        self.amount = amount
        self.creditor = creditor
        self.remittance = remittance
    }
}

/// A customer credit transfer initiation (pain.001.001.09): one payment information block of any number of
/// transfers from the debtor's account, in one currency, validated against the XSD before it is returned.
public struct Pain001Batch: Sendable {
    public var messageID: String
    public var createdAt: Date
    public var debtor: BankParty
    public var executionDate: Date
    public var transfers: [Pain001Transfer]

    public init(messageID: String, createdAt: Date, debtor: BankParty, executionDate: Date, transfers: [Pain001Transfer]) {
        self.messageID = messageID
        self.createdAt = createdAt
        self.debtor = debtor
        self.executionDate = executionDate
        self.transfers = transfers
    }

    /// ISO 20022's Max35Text identifiers: 1 to 35 characters of the SEPA set.
    static func isIdentifier(_ text: String) -> Bool {
        (1...35).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/-?:().,'+ ".contains($0)) }
    }

    public func document() throws(XMLSecurityError) -> XMLDocument {
        guard !transfers.isEmpty else { throw XMLSecurityError(.invalid, "a payment file needs at least one transfer") }
        guard Self.isIdentifier(messageID) else { throw XMLSecurityError(.invalid, "MsgId must be 1 to 35 characters of the ISO 20022 set") }
        let currency = transfers[0].amount.currency
        guard transfers.allSatisfy({ $0.amount.currency == currency }) else {
            throw XMLSecurityError(.invalid, "a payment file holds one currency")
        }
        guard transfers.allSatisfy({ Self.isIdentifier($0.endToEndID) }), Set(transfers.map(\.endToEndID)).count == transfers.count else {
            throw XMLSecurityError(.invalid, "each EndToEndId must be unique, 1 to 35 characters of the ISO 20022 set")
        }
        var total: Int64 = 0
        for transfer in transfers {
            let (sum, overflow) = total.addingReportingOverflow(transfer.amount.minorUnits)
            guard !overflow else { throw XMLSecurityError(.invalid, "the file's total overflows") }
            total = sum
        }
        let controlSum: String
        do { controlSum = try Money(minorUnits: total, currency: currency).decimalString } catch {
            throw XMLSecurityError(.invalid, "the file's total is not an amount")
        }
        let count = String(transfers.count)
        func account(_ party: BankParty) -> XMLTree { XMLTree("Id", [.leaf("IBAN", party.account.iban)]) }
        func agent(_ party: BankParty) -> XMLTree? {
            party.account.bic.map { XMLTree("FinInstnId", [.leaf("BICFI", $0)]) }
        }
        let transferTrees = transfers.map { transfer -> XMLTree in
            var children: [XMLTree] = [
                XMLTree("PmtId", [.leaf("EndToEndId", transfer.endToEndID)]),
                XMLTree("Amt", [.leaf("InstdAmt", transfer.amount.decimalString, attributes: [("Ccy", currency.code)])]),
            ]
            if let bank = agent(transfer.creditor) { children.append(XMLTree("CdtrAgt", [bank])) }
            children.append(XMLTree("Cdtr", [.leaf("Nm", String(transfer.creditor.name.prefix(140)))]))
            children.append(XMLTree("CdtrAcct", [account(transfer.creditor)]))
            if let remittance = transfer.remittance { children.append(XMLTree("RmtInf", [.leaf("Ustrd", String(remittance.prefix(140)))])) }
            return XMLTree("CdtTrfTxInf", children)
        }
        var paymentInformation: [XMLTree] = [
            .leaf("PmtInfId", messageID), .leaf("PmtMtd", "TRF"), .leaf("NbOfTxs", count), .leaf("CtrlSum", controlSum),
            XMLTree("ReqdExctnDt", [.leaf("Dt", ISO20022Dates.date(executionDate))]),
            XMLTree("Dbtr", [.leaf("Nm", String(debtor.name.prefix(140)))]),
            XMLTree("DbtrAcct", [account(debtor)]),
        ]
        paymentInformation.append(XMLTree("DbtrAgt", [agent(debtor) ?? XMLTree("FinInstnId", [XMLTree("Othr", [.leaf("Id", "NOTPROVIDED")])])]))
        paymentInformation += transferTrees
        let tree = XMLTree("Document", [XMLTree("CstmrCdtTrfInitn", [
            XMLTree("GrpHdr", [
                .leaf("MsgId", messageID), .leaf("CreDtTm", ISO20022Dates.dateTime(createdAt)), .leaf("NbOfTxs", count),
                .leaf("CtrlSum", controlSum), XMLTree("InitgPty", [.leaf("Nm", String(debtor.name.prefix(140)))]),
            ]),
            XMLTree("PmtInf", paymentInformation),
        ])])
        let document = try XMLDocument(tree, namespace: ISO20022Message.pain001.namespace)
        try ISO20022Schema(.pain001).validate(document)
        return document
    }
}

/// How a bank reports a transfer in pain.002 (`TxSts`, or the group's status for transactions it does not list),
/// read as an outcome: settled on the creditor's account (`ACSC`, `ACCC`) succeeds, rejected or cancelled
/// (`RJCT`, `CANC`) fails, every other code (accepted for processing, pending, received, blocked) is still pending.
public enum ISO20022Outcome: Sendable, Equatable {
    case succeeded
    case failed(reason: String?)
    case pending(status: String)

    public init(status: String, reason: String?) {
        switch status {
        case "ACSC", "ACCC": self = .succeeded
        case "RJCT", "CANC": self = .failed(reason: reason)
        default: self = .pending(status: status)
        }
    }
}

/// A customer payment status report (pain.002.001.11), as read after its signature and schema are checked.
public struct Pain002Report: Sendable, Equatable {
    public struct Transaction: Sendable, Equatable {
        public var endToEndID: String
        public var status: String
        public var reasonCode: String?
        public var outcome: ISO20022Outcome { ISO20022Outcome(status: status, reason: reasonCode) }
    }

    public var messageID: String
    public var originalMessageID: String
    public var groupStatus: String?
    public var transactions: [Transaction]

    public init(_ document: XMLDocument) throws(XMLSecurityError) {
        try ISO20022Schema(.pain002).validate(document)
        guard let root = Self.document(document)?.child("CstmrPmtStsRpt") else { throw XMLSecurityError(.invalid, "not a status report") }
        messageID = root.at("GrpHdr", "MsgId")?.text ?? ""
        originalMessageID = root.at("OrgnlGrpInfAndSts", "OrgnlMsgId")?.text ?? ""
        let group = root.at("OrgnlGrpInfAndSts", "GrpSts")?.text
        groupStatus = group
        transactions = root.children("OrgnlPmtInfAndSts").flatMap { block in
            block.children("TxInfAndSts").map { tx in
                Transaction(endToEndID: tx.child("OrgnlEndToEndId")?.text ?? "", status: tx.child("TxSts")?.text ?? group ?? "",
                            reasonCode: tx.at("StsRsnInf", "Rsn", "Cd")?.text)
            }
        }
    }

    /// The `Document` element: the root, or the child of an envelope root.
    static func document(_ document: XMLDocument) -> XMLElement? {
        guard let root = document.rootElement else { return nil }
        return root.name == "Document" ? root : root.child("Document")
    }
}

/// A bank-to-customer debit/credit notification (camt.054.001.08): the entries booked on an account.
public struct Camt054Notification: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var amount: Money
        public var isCredit: Bool
        public var status: String
        public var bankReference: String?
        public var endToEndID: String?
        public var remittance: String?
    }

    public var messageID: String
    public var accountIBAN: String?
    public var entries: [Entry]

    public init(_ document: XMLDocument) throws(XMLSecurityError) {
        try ISO20022Schema(.camt054).validate(document)
        guard let root = Pain002Report.document(document)?.child("BkToCstmrDbtCdtNtfctn") else {
            throw XMLSecurityError(.invalid, "not a debit/credit notification")
        }
        messageID = root.at("GrpHdr", "MsgId")?.text ?? ""
        let notifications = root.children("Ntfctn")
        accountIBAN = notifications.first?.at("Acct", "Id", "IBAN")?.text
        var entries: [Entry] = []
        for notification in notifications {
            for entry in notification.children("Ntry") {
                guard let amountElement = entry.child("Amt"), let code = amountElement.attribute("Ccy"), let currency = Currency(code: code) else {
                    throw XMLSecurityError(.invalid, "an entry's amount has no currency the hub knows")
                }
                let amount: Money
                do { amount = try Money(parsing: amountElement.text, currency: currency) } catch {
                    throw XMLSecurityError(.invalid, "an entry's amount is not an amount in \(code)")
                }
                let details = entry.at("NtryDtls", "TxDtls")
                entries.append(Entry(amount: amount, isCredit: entry.child("CdtDbtInd")?.text == "CRDT",
                                     status: entry.at("Sts", "Cd")?.text ?? "", bankReference: entry.child("AcctSvcrRef")?.text,
                                     endToEndID: details?.at("Refs", "EndToEndId")?.text, remittance: details?.at("RmtInf", "Ustrd")?.text))
            }
        }
        self.entries = entries
    }
}

/// ISO 20022's dates and date-times, in UTC.
enum ISO20022Dates {
    static func date(_ date: Date) -> String { String(dateTime(date).prefix(10)) }

    static func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
