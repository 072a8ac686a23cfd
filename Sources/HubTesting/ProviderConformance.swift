import Foundation
import Hub
import Simulators

/// One call per adapter: drives the adapter against its own simulator over loopback HTTP, through a real hub,
/// and reports each check. Every adapter's tests run it; `hub new-provider` writes that test.
///
/// Checks: collect and payout end to end into the ledger; declines are definite failures keeping the provider's
/// code; unknown outcomes stay pending and end by polling; a refused connection is not sent and fails over; a
/// duplicate notification applies once; a tampered, stale or unsigned notification changes nothing; a payment
/// left unsent is resumed under its own reference; amounts round-trip exactly in every declared currency; the
/// simulator accepts what the provider accepts; no secret, token, full phone number or card number in a log line.
public enum ProviderConformance {
    /// `store`: the hub's store for the run, SQLite (as `hub serve`) unless an adapter's quick run asks for memory.
    public static func run<Plugin: ProviderPlugin>(plugin: Plugin, simulator: any SimulatorPlugin,
                                                   store: TestHub.StoreKind = .sqlite) async -> ConformanceReport {
        await run(plugin: AnyProviderPlugin(plugin), simulator: simulator, store: store)
    }

    public static func run(plugin: AnyProviderPlugin, simulator: any SimulatorPlugin, store: TestHub.StoreKind = .sqlite) async -> ConformanceReport {
        var report = ConformanceReport(provider: plugin.type)
        guard let scenarios = simulator.conformance else {
            report.rows.append(.init(check: "scenarios", result: .failed(
                "fill in `conformance` in the \(plugin.type) simulator plugin: a succeeding counterparty, one amount per declared currency, "
                + "the documented declines with their provider codes, the unknown-outcome scenarios")))
            return report
        }
        do {
            try await TestHub.run([TestHub.Member(plugin, simulator: simulator, options: scenarios.options)], store: store) { hub in
                let checks = ConformanceChecks(hub: hub, provider: ProviderID(plugin.type), scenarios: scenarios, reader: plugin.reportReader)
                await checks.runAll()
                return checks.rows
            }.forEach { report.rows.append($0) }
        } catch {
            report.rows.append(.init(check: "start", result: .failed("the hub or the simulator did not start: \(error)")))
        }
        report.rows.append(await refusedConnection(plugin: plugin, simulator: simulator, scenarios: scenarios, store: store))
        return report
    }

    /// The adapter pointed at a closed port: its call must be `notSent`, and the hub must fail over.
    static func refusedConnection(plugin: AnyProviderPlugin, simulator: any SimulatorPlugin, scenarios: ConformanceScenarios,
                                  store: TestHub.StoreKind) async -> ConformanceReport.Row {
        let check = "refused connection is not sent, fails over"
        do {
            guard let closed = LoopbackPort.reserve() else { return .init(check: check, result: .failed("no free port")) }
            let plugged = try simulator.makeSimulator(SimulatorSetup(transport: RecordingTransport { _ throws(TransportError) in
                throw TransportError(.notSent, "unused")
            }, pace: .fast, options: scenarios.options))
            let dead = try TestHub.configured(plugin).provider(connectedTo: plugged.connection(baseURL: "http://127.0.0.1:\(closed)"))
            let backup = ScriptedProvider(id: "conformance-backup", capabilities: dead.capabilities) { _ throws(ProviderError) in
                .pending(providerTransactionID: nil)
            }
            let amount = try amountFor(scenarios, capabilities: dead.capabilities)
            return try await TestHub.run([], extra: [dead, backup], store: store) { hub in
                let request = try PaymentRequest(kind: .topUp, walletID: WalletID("conformance"), amount: amount,
                                                 counterparty: scenarios.collect, idempotencyKey: UUID().uuidString)
                let payment = try await hub.hub.submit(request).payment
                let attempts = try await hub.store.attempts(of: payment.id).map(\.status)
                guard payment.provider == backup.id, attempts == [.notSent, .pending] else {
                    return .init(check: check, result: .failed("attempts \(attempts.map(\.rawValue)), ended at \(payment.provider)"))
                }
                return .init(check: check, result: .passed("attempt 1 not_sent, attempt 2 at the next provider"))
            }
        } catch {
            return .init(check: check, result: .failed("\(error)"))
        }
    }

    static func amountFor(_ scenarios: ConformanceScenarios, capabilities: ProviderCapabilities) throws -> Money {
        guard let amount = scenarios.amounts.first(where: { capabilities.currencies.contains($0.currency) }) else {
            throw TestHubError("no scenario amount in a currency the adapter declares")
        }
        return amount
    }
}
