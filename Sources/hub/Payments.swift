import ArgumentParser
import Foundation
import Hub

struct Payments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inspect payments.", subcommands: [Show.self, List.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one payment with its attempts.")
        @Argument(help: "The payment id (pay_…).") var id: String
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func run() async throws {
            guard let paymentID = PaymentID(validating: id) else { throw ArgumentParser.ValidationError("not a payment id: \(id.prefix(40))") }
            let store = try openStore(dataDir)
            guard let payment = try await store.payment(paymentID) else {
                say("no payment \(paymentID)")
                throw ExitCode(1)
            }
            say(describe(payment))
            if let routing = payment.routing {
                say("  routing: rule \(routing.rule ?? "-"), candidates \(routing.candidates.map(\.rawValue).joined(separator: ", "))"
                    + routing.skipped.map { "; skipped \($0.provider): \($0.reason)" }.joined())
            }
            for attempt in try await store.attempts(of: paymentID) {
                say("  attempt \(attempt.number): \(attempt.provider) ref \(attempt.reference) \(attempt.status.rawValue)"
                      + (attempt.providerTransactionID.map { " provider txn \($0)" } ?? ""))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a wallet's payments, newest first.")
        @Option(help: "The wallet id.") var wallet: String
        @Option(help: "How many (1-100).") var limit = 20
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func run() async throws {
            let store = try openStore(dataDir)
            let page = try await store.payments(wallet: try WalletID(wallet), limit: max(1, min(limit, 100)), cursor: nil)
            for payment in page.items { say(describe(payment)) }
        }
    }
}

func describe(_ payment: Payment) -> String {
    var line = "\(payment.id) \(payment.kind.rawValue) \(payment.state.rawValue) \(payment.amount) wallet \(payment.walletID) "
        + "via \(payment.provider) \(payment.counterparty)"
    if let failure = payment.failure { line += " failure \(failure.reason.rawValue) (\(failure.providerCode ?? "-"))" }
    if payment.needsReview { line += " NEEDS REVIEW" }
    return line
}
