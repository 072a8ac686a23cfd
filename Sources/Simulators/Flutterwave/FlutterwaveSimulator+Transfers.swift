import Foundation
import HubKit
import Hummingbird

/// `POST /v3/transfers` (a withdrawal to a bank account or a mobile-money wallet), `GET /v3/transfers/{id}`
/// and `GET /v3/transfers[?page=&status=&reference=]`.
extension FlutterwaveSimulator {
    /// A transfer as validated, before it is recorded.
    struct TransferRequest: Sendable {
        let reference: String
        let accountBank: String
        let accountNumber: String
        let destination: FlutterwaveTransferDestination
        let beneficiaryName: String?
        let amount: Money
        let narration: String?
        let callbackURL: String?
        let meta: String?
    }

    static let transfersPerPage = 10

    func addTransferRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v3/transfers") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                try await self.createTransfer(Self.validateTransfer(try await FlutterwaveHTTP.object(of: request)))
            }
        }
        router.get("/v3/transfers/:id") { request, context in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                guard let id = context.parameters.get("id").flatMap({ Int64($0) }), let transfer = await self.book.transfer(id: id) else {
                    throw .invalid("No transfer was found for this id")
                }
                return .success("Transfer fetched", data: FlutterwaveWire.transfer(transfer))
            }
        }
        router.get("/v3/transfers") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                await self.listTransfers(request.uri.queryParameters)
            }
        }
    }

    /// Checks `currency`, `amount`, `account_bank`, `account_number` (and what the destination requires),
    /// then the optional `reference`, `narration`, `callback_url`, `debit_currency` and `meta`.
    static func validateTransfer(_ body: SimulatorJSON) throws(FlutterwaveAPIError) -> TransferRequest {
        let currency = try FlutterwaveValidation.currency(in: body)
        let amount = try FlutterwaveValidation.amount(in: body, currency: currency)
        let accountBank = try FlutterwaveValidation.required("account_bank", in: body)
        let accountNumber = try FlutterwaveValidation.required("account_number", in: body)
        let destination = try FlutterwaveTransferDestination.of(
            accountBank: accountBank, accountNumber: accountNumber, currency: currency.code
        )
        if FlutterwaveTransferDestination.isBlacklisted(accountBank: accountBank, accountNumber: accountNumber) {
            throw .invalid("Payout was made to a blacklisted account number")
        }
        var reference = try FlutterwaveValidation.optional("reference", in: body)
        if let given = reference { reference = try FlutterwaveValidation.reference("reference", given) }
        let narration = try FlutterwaveValidation.optional("narration", in: body)
        if let narration, narration.count > 100 { throw .invalid("narration must be at most 100 characters long") }
        let callbackURL = try FlutterwaveValidation.optional("callback_url", in: body)
        if let callbackURL, URL(string: callbackURL)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true {
            throw .invalid("callback_url must be an http or https URL")
        }
        if let debit = try FlutterwaveValidation.optional("debit_currency", in: body), debit.uppercased() != currency.code {
            throw .invalid("debit_currency other than currency (a cross-currency transfer) is not simulated")
        }
        if destination == .mobileMoney, currency.code == "KES", !Self.hasKenyanSender(body["meta"]) {
            throw .invalid("meta with sender, sender_country and mobile_number is required for KES mobile money transfers")
        }
        return TransferRequest(
            reference: reference ?? "SIM-TRF-" + FlutterwaveIdentifier.hexDigits(16), accountBank: accountBank,
            accountNumber: accountNumber, destination: destination,
            beneficiaryName: try FlutterwaveValidation.optional("beneficiary_name", in: body), amount: amount,
            narration: narration, callbackURL: callbackURL, meta: FlutterwaveValidation.meta(in: body)
        )
    }

    /// `meta` as Kenyan mobile-money payouts need it: `[{"sender","sender_country","mobile_number"}]`
    /// (a single object is accepted too).
    private static func hasKenyanSender(_ meta: SimulatorJSON?) -> Bool {
        let entries: [SimulatorJSON]
        switch meta {
        case .array(let items)?: entries = items
        case .object?: entries = [meta!]
        default: return false
        }
        return entries.contains { entry in
            ["sender", "sender_country", "mobile_number"].allSatisfy { entry[$0]?.text?.isEmpty == false }
        }
    }

    /// Records the transfer (unless the scenario fails the request first) and answers `NEW`; it completes
    /// after `transferSettleDelay` (or `DU_<minutes>` mock minutes) and is announced by `transfer.completed`.
    func createTransfer(_ request: TransferRequest) async throws(FlutterwaveAPIError) -> FlutterwaveReply {
        let mock = FlutterwaveTransferMock(reference: request.reference)
        var scenario = FlutterwaveScenario(number: request.accountNumber)
        if scenario == .succeed, let forced = mock.scenario { scenario = forced }
        if scenario == .serverError { throw .serverError() }
        var outcome: (status: FlutterwaveTransferStatus, message: String) = (.successful, "Transaction was successful")
        if case .fail(let decline) = scenario { outcome = (.failed, "DISBURSE FAILED: \(decline.rawValue)") }
        if request.destination == .mobileMoney, request.beneficiaryName == nil { outcome = (.failed, "beneficiary_name is required") }
        let delay = mock.minutes.map { configuration.transferMockMinute * $0 } ?? configuration.transferSettleDelay
        let settlesAt: ContinuousClock.Instant? = scenario == .pendingForever ? nil : .now + delay
        let finalScenario = scenario
        let recorded = await book.recordTransfer({ id in
            FlutterwaveSimulatedTransfer(
                id: id, reference: request.reference, accountBank: request.accountBank, accountNumber: request.accountNumber,
                isMobileMoney: request.destination == .mobileMoney, beneficiaryName: request.beneficiaryName,
                amount: request.amount, fee: FlutterwaveMoney.zero(in: request.amount.currency), narration: request.narration,
                callbackURL: request.callbackURL, meta: request.meta, scenario: finalScenario, createdAt: Date(), status: .new,
                completeMessage: "", completedAt: nil, webhooks: []
            )
        }, outcome: outcome, settlesAt: settlesAt)
        guard let transfer = recorded else { throw .invalid("A transfer with this reference already exists") }
        if let settlesAt, scenario != .succeedWithoutWebhook {
            let id = transfer.id
            await webhooks.schedule(at: settlesAt, callbackURL: transfer.callbackURL) { book in
                await book.transfer(id: id).flatMap(FlutterwaveEvent.transferCompleted)
            }
        }
        try await delayAnswer(for: scenario)
        return .success("Transfer Queued Successfully", data: FlutterwaveWire.transfer(transfer))
    }

    /// Newest first, `transfersPerPage` a page, filtered by `status` (any case) and `reference`.
    func listTransfers(_ query: Parameters) async -> FlutterwaveReply {
        var transfers = Array(await book.transfers(since: nil).reversed())
        if let status = query.get("status"), !status.isEmpty {
            transfers = transfers.filter { $0.status.rawValue.caseInsensitiveCompare(String(status)) == .orderedSame }
        }
        if let reference = query.get("reference"), !reference.isEmpty {
            transfers = transfers.filter { $0.reference == String(reference) }
        }
        let pages = max(1, (transfers.count + Self.transfersPerPage - 1) / Self.transfersPerPage)
        let page = min(max(1, query.get("page").flatMap { Int($0) } ?? 1), pages)
        let slice = transfers.dropFirst((page - 1) * Self.transfersPerPage).prefix(Self.transfersPerPage)
        let pageInfo = SimulatorJSON.object([
            ("page_info", .object([
                ("total", .integer(Int64(transfers.count))),
                ("current_page", .integer(Int64(page))),
                ("total_pages", .integer(Int64(pages))),
            ])),
        ])
        return FlutterwaveReply(status: .ok, body: .object([
            ("status", .string("success")),
            ("message", .string("Transfers fetched")),
            ("meta", pageInfo),
            ("data", .array(slice.map(FlutterwaveWire.transfer))),
        ]))
    }
}
