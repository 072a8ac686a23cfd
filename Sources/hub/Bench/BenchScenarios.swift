import COpenSSL
import Foundation
import GRDB
import Hub
import Simulators
import Webhooks

/// The scenarios of `hub bench`, each writing its figures into `BenchReport`.
struct BenchScenarios {
    let rig: BenchRig
    let plan: BenchPlan

    var load: LoadRun { LoadRun(client: rig.client, concurrency: plan.concurrency, warmUp: plan.warmUp, duration: plan.duration) }

    static func created(_ response: Hub.HTTPResponse) -> Bool { (200..<300).contains(response.status) }

    /// The simulator top-ups go to, or an error naming what is missing.
    var collect: BenchRig.Driven<SimulatorBench.Collect> {
        get throws {
            guard let collect = rig.collect else { throw BenchError("no simulator plugin offers a bench collect request (SimulatorBench.collect)") }
            return collect
        }
    }

    /// Resident memory of this process (hub, simulators and the load generator) once `count` top-ups created
    /// through the wallet API are pending, their provider never settling them.
    func pendingMemory(into report: inout BenchReport) async throws {
        let count = plan.pendingPayments
        let topUp = try rig.topUps(try collect.profile)
        let load = LoadRun(client: rig.client, concurrency: plan.concurrency, warmUp: .zero, duration: .seconds(3600))
        let result = await load.run(request: { $0 < count ? topUp($0) : nil }, accept: Self.created)
        guard result.failures == 0 else { throw BenchError("\(result.failures) of \(count) top-ups failed while filling the hub") }
        report.set("rss_pending_payments", count)
        report.set("rss_mb_10k_pending", Self.residentMegabytes())
    }

    func hello(into report: inout BenchReport) async {
        let url = rig.bareURL + "/hello"
        let result = await load.run(request: { _ in Hub.HTTPRequest(method: "GET", url: url) }, accept: { $0.status == 200 })
        report.record("hello", result, rate: "hello_rps")
    }

    /// The adapter's collect request through the bare relay to the simulator.
    func proxy(into report: inout BenchReport) async throws {
        let collect = try collect
        let direct = try await collect.profile.prepare(collect.simulator, rig.client)
        let base = rig.bareURL + "/proxy", callbackURL = collect.callbackURL, accepted = collect.profile.acceptedStatus
        let result = await load.run(request: { _ in direct.request(base, callbackURL) }, accept: { $0.status == accepted })
        report.record("proxy", result, rate: "proxy_rps")
    }

    /// The adapter's collect request straight at the simulator.
    func directSimulator(into report: inout BenchReport) async throws {
        let collect = try collect
        let direct = try await collect.profile.prepare(collect.simulator, rig.client)
        let base = collect.simulator.baseURL, callbackURL = collect.callbackURL, accepted = collect.profile.acceptedStatus
        let result = await load.run(request: { _ in direct.request(base, callbackURL) }, accept: { $0.status == accepted })
        report.record("direct_sim", result, rate: "direct_sim_rps", p50: "direct_sim_p50_ms", p99: "direct_sim_p99_ms")
    }

    func topUps(into report: inout BenchReport) async throws {
        let topUp = try rig.topUps(try collect.profile)
        let result = await load.run(request: { topUp($0) }, accept: Self.created)
        report.record("topup", result, rate: "topup_rps", p50: "topup_p50_ms", p99: "topup_p99_ms")
        if let hub = report.figures["topup_p50_ms"], let direct = report.figures["direct_sim_p50_ms"] {
            report.set("topup_overhead_p50_ms", hub - direct)
        }
        if let hub = report.figures["topup_p99_ms"], let direct = report.figures["direct_sim_p99_ms"] {
            report.set("topup_overhead_p99_ms", hub - direct)
        }
    }

    /// Signed notifications of success, each with its own event id, for payments pending at the hub: each is
    /// verified, written to the inbox and applied (the payment succeeds and the wallet is credited) in one
    /// transaction before the hub answers. The pending payments are written to the store beforehand; the run ends
    /// early if it uses them all.
    func webhooks(into report: inout BenchReport) async throws {
        guard let driven = rig.notifications else { throw BenchError("no simulator plugin offers signed bench notifications (SimulatorBench.notifications)") }
        let count = plan.webhookPayments
        let now = Date()
        let amount = try Money(minorUnits: 100, currency: .RWF)
        let seeded = try await seedPendingPayments(count, of: amount, at: driven.providerID, profile: driven.profile, time: now)
        let url = driven.callbackURL
        let requests = try seeded.map(\.reference).enumerated().map { index, reference in
            let signed = try driven.profile.make(driven.simulator, reference, amount, index, Date())
            return Hub.HTTPRequest(method: "POST", url: url, headers: signed.headers, body: signed.body)
        }
        say("  seeded; sending webhooks")
        let result = await load.run(request: { $0 < requests.count ? requests[$0] : nil }, accept: { $0.status == 200 })
        report.record("webhook", result, rate: "webhook_rps")
        report.set("webhook_events_measured", result.requests)
        var succeeded = 0
        for (id, _) in seeded {
            if try await rig.store.payment(id)?.state == .succeeded { succeeded += 1 }
        }
        report.set("webhook_payments_succeeded", succeeded)
    }

    /// Top-ups of the profile's counterparty written straight to the store and moved to pending, as if the
    /// provider had accepted them and not yet answered.
    private func seedPendingPayments(_ count: Int, of amount: Money, at provider: ProviderID, profile: SimulatorBench.SignedNotifications,
                                     time: Date) async throws -> [(id: PaymentID, reference: String)] {
        let store = rig.store
        let references = (0..<count).map { _ in UUID().uuidString.lowercased() }
        let next = Ticket()
        let ids = try await withThrowingTaskGroup(of: [(Int, PaymentID)].self) { group in
            for _ in 0..<plan.concurrency {
                group.addTask {
                    var created: [(Int, PaymentID)] = []
                    while true {
                        let index = next.next()
                        guard index < count else { return created }
                        let draft = PaymentDraft(
                            id: .generate(), kind: .topUp, walletID: try WalletID("bench-notified-\(index % 256)"), amount: amount,
                            counterparty: profile.counterparty, idempotencyKey: "bench-\(references[index])",
                            requestHash: "bench", provider: provider, reference: references[index], metadata: [:],
                            createdAt: time, firstPollAt: time.addingTimeInterval(86_400))
                        guard case .created(let payment) = try await store.createPayment(draft) else { throw BenchError("seed payment exists") }
                        _ = try await store.apply(.providerResult(.pending(providerTransactionID: profile.providerTransactionID(references[index]))),
                                                  to: payment.id, source: "bench", at: time)
                        created.append((index, payment.id))
                    }
                }
            }
            var all: [PaymentID?] = Array(repeating: nil, count: count)
            for try await created in group { for (index, id) in created { all[index] = id } }
            return all.compactMap { $0 }
        }
        return Array(zip(ids, references)).map { (id: $0.0, reference: $0.1) }
    }

    /// `StandardWebhookVerifier` (the scheme the hub signs its own events with) on 1 KiB bodies, against a bare
    /// loop on a reused libcrypto HMAC context over the same signed message (`"{id}.{timestamp}." + body`). Both on one thread, interleaved in rounds of 256 calls so that a change in
    /// the machine's load during the run weighs on both alike.
    func signatures(into report: inout BenchReport) throws {
        let key = [UInt8](repeating: 0x6b, count: 32)
        let secret = "whsec_" + Base64.encode(key)
        let body = Array(String(repeating: "x", count: 1024).utf8)
        let now = Date()
        let id = "msg_bench"
        let headers = try StandardWebhookSigner(secret: secret).sign(body: body, id: id, timestamp: now)
        let verifier = try StandardWebhookVerifier(secrets: [secret])
        guard (try? verifier.verify(body: body, headers: headers, now: now)) != nil else { throw BenchError("the bench signature does not verify") }
        let message = Array("\(id).\(Int(now.timeIntervalSince1970)).".utf8) + body
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw BenchError("libcrypto has no HMAC") }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { throw BenchError("EVP_MAC_CTX_new failed") }
        defer { EVP_MAC_CTX_free(context) }
        guard key.withUnsafeBufferPointer({ hub_EVP_MAC_init_hmac(context, $0.baseAddress, $0.count, "SHA256") }) == 1 else {
            throw BenchError("EVP_MAC_init failed")
        }
        var output = [UInt8](repeating: 0, count: 32)
        var failed = false
        let clock = ContinuousClock()
        var verifyTime = Duration.zero, rawTime = Duration.zero, rounds = 0
        message.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                while verifyTime + rawTime < plan.cpuDuration * 2 {
                    let start = clock.now
                    for _ in 0..<256 { if (try? verifier.verify(body: body, headers: headers, now: now)) == nil { failed = true } }
                    let middle = clock.now
                    for _ in 0..<256 {
                        var written = 0
                        if EVP_MAC_init(context, nil, 0, nil) != 1 || EVP_MAC_update(context, input.baseAddress, input.count) != 1
                            || EVP_MAC_final(context, out.baseAddress, &written, 32) != 1 { failed = true }
                    }
                    let end = clock.now
                    verifyTime += middle - start
                    rawTime += end - middle
                    rounds += 1
                }
            }
        }
        if failed { throw BenchError("a verification or HMAC computation failed") }
        let verified = Double(rounds * 256) / LoadRun.seconds(verifyTime)
        let raw = Double(rounds * 256) / LoadRun.seconds(rawTime)
        report.set("verify_per_s", verified)
        report.set("openssl_hmac_per_s", raw)
        report.set("verify_vs_openssl", raw > 0 ? verified / raw : 0)
    }

    /// Ledger postings through `SQLiteStore.post`, `batch` per transaction, against plain inserts of rows of
    /// the same shape into an index-free table of a separate database with the same durability settings.
    func ledger(into report: inout BenchReport) async throws {
        let batch = plan.batch
        let amount = try Money(minorUnits: 100, currency: .RWF)
        let wallets = try (0..<64).map { try WalletID("bench-ledger-\($0)").accountName }
        let postings = (0..<batch).map { LedgerPosting(debitAccount: "bench:treasury", creditAccount: wallets[$0 % wallets.count], amount: amount) }
        try await rig.store.post(postings)
        let posted = try await Self.timed(plan.cpuDuration) { _ = try await rig.store.post(postings) }
        report.set("ledger_postings_per_s", posted * Double(batch))

        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let raw = try DatabasePool(path: rig.folder + "/raw.sqlite", configuration: configuration)
        try await raw.write { db in
            try db.execute(sql: """
                CREATE TABLE rows (id INTEGER PRIMARY KEY, payment_id TEXT, kind TEXT NOT NULL, debit_account_id INTEGER NOT NULL,
                    credit_account_id INTEGER NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL, pending_id INTEGER,
                    flagged INTEGER NOT NULL, created_at INTEGER NOT NULL)
                """)
        }
        let created = Int64(Date().timeIntervalSince1970 * 1000)
        let inserts = try await Self.timed(plan.cpuDuration) {
            try await raw.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO rows (payment_id, kind, debit_account_id, credit_account_id, amount, currency, pending_id, flagged, created_at)
                    VALUES (NULL, 'posted', ?, ?, 100, 'RWF', NULL, 0, ?)
                    """)
                for index in 0..<batch {
                    try statement.execute(arguments: [1, 2 + index % 64, created])
                }
            }
        }
        report.set("sqlite_raw_inserts_per_s", inserts * Double(batch))
        try raw.close()
    }

    /// Calls `body` repeatedly for `duration` and returns calls per second.
    static func timed(_ duration: Duration, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var calls = 0
        var elapsed = Duration.zero
        while elapsed < duration {
            try await body()
            calls += 1
            elapsed = clock.now - start
        }
        return Double(calls) / LoadRun.seconds(elapsed)
    }

    /// Median time of `balances(wallet:)` on a wallet with 1 000 ledger entries and on one with many more.
    func balanceReads(into report: inout BenchReport) async throws {
        let amount = try Money(minorUnits: 1, currency: .RWF)
        for (key, entries) in [("balance_read_us_1k", 1_000), ("balance_read_us_1m", plan.largeAccountEntries)] {
            let wallet = try WalletID("bench-balance-\(entries)")
            var remaining = entries
            while remaining > 0 {
                let size = min(remaining, 10_000)
                try await rig.store.post(Array(repeating: LedgerPosting(debitAccount: "bench:treasury", creditAccount: wallet.accountName, amount: amount),
                                               count: size))
                remaining -= size
            }
            let clock = ContinuousClock()
            var samples: [Double] = []
            for _ in 0..<plan.balanceReads {
                let start = clock.now
                let balances = try await rig.store.balances(wallet: wallet)
                samples.append(LoadRun.milliseconds(clock.now - start) * 1000)
                guard balances.first?.posted == Int64(entries) else { throw BenchError("\(wallet) does not hold \(entries) RWF") }
            }
            samples.sort()
            report.set(key, samples[samples.count / 2])
        }
        report.set("balance_read_entries_large", plan.largeAccountEntries)
    }

    /// `VmRSS` of /proc/self/status, in MiB.
    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
