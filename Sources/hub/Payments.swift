import ArgumentParser
import Foundation
import Hub
import Logging

struct Payments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inspect payments.", subcommands: [Show.self, List.self, Review.self, Resolve.self])

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

extension Payments {
    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the payments flagged for review, the longest waiting first, with their causes.")
        @Option(help: "How many (1-500).") var limit = 50
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func run() async throws {
            let store = try openStore(dataDir)
            let anomalies = try await store.anomalies(limit: 10_000)
            for payment in try await store.paymentsNeedingReview(limit: max(1, min(limit, 500))) {
                say(describe(payment))
                for anomaly in anomalies.filter({ $0.paymentID == payment.id }).reversed() {
                    say("  \(Timestamp.iso8601(anomaly.createdAt)) \(anomaly.source): \(anomaly.detail)")
                }
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle a payment flagged for review as succeeded or failed.",
            discussion: """
                The outcome goes through the payment state machine and books what it implies: a pending withdrawal \
                resolved as failed releases its hold; a failed top-up the provider did pay credits the wallet; a \
                failed withdrawal the provider did pay debits it. Who (as cli:<operator>) and why are recorded with the \
                payment and in the audit trail (`hub audit list`). Only a payment flagged for review (`hub payments review`) \
                can be resolved.
                """)
        @Argument(help: "The payment id (pay_…).") var id: String
        @Option(name: .customLong("as"), help: "succeeded or failed.") var outcome: String
        @Option(help: "Why: the evidence (a statement line, the provider's answer). Required.") var reason: String
        @Option(name: .customLong("operator"), help: "Who resolves it (default: $USER).") var who = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Flag(help: "Settle the payment's refund in flight instead: succeeded posts its hold and reverses the payment, failed releases it.")
        var refund = false
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func validate() throws {
            guard PaymentID(validating: id) != nil else { throw ArgumentParser.ValidationError("not a payment id: \(id.prefix(40))") }
            guard Resolution(rawValue: outcome) != nil else { throw ArgumentParser.ValidationError("--as must be succeeded or failed") }
            if let problem = HubService.resolutionReasonProblem(reason) { throw ArgumentParser.ValidationError("--reason: \(problem)") }
        }

        func run() async throws {
            let store = try openStore(dataDir)
            let hub = offlineHub(store, label: "hub.resolve")
            do {
                let paymentID = PaymentID(validating: id)!, resolution = Resolution(rawValue: outcome)!
                let actor = cliActor(who)
                let payment = refund ? try await hub.resolveRefund(paymentID, as: resolution, reason: reason, operator: actor)
                    : try await hub.resolve(paymentID, as: resolution, reason: reason, operator: actor)
                say(describe(payment))
            } catch {
                say("not resolved: \(error)")
                throw ExitCode(1)
            }
        }
    }
}

/// How the audit trail names an operator working through the CLI: `cli:<user>`.
func cliActor(_ user: String) -> String {
    "cli:" + user.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A `HubService` over `store` for the CLI's operator commands: no providers, no transport.
func offlineHub(_ store: any Store, label: String) -> HubService {
    HubService(store: store, registry: ProviderRegistry([]), transport: OfflineTransport(), logger: Logger(label: label))
}

/// The CLI's commands that go through `HubService` never call a provider.
struct OfflineTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        throw TransportError(.notSent, "this command does not call providers")
    }
}

func describe(_ payment: Payment) -> String {
    var line = "\(payment.id) \(payment.kind.rawValue) \(payment.state.rawValue) \(payment.amount) wallet \(payment.walletID) "
        + "via \(payment.provider) \(payment.counterparty)"
    if let failure = payment.failure { line += " failure \(failure.reason.rawValue) (\(failure.providerCode ?? "-"))" }
    if payment.needsReview { line += " NEEDS REVIEW" }
    return line
}
