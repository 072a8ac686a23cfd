import Foundation
import Hub
import Testing

/// `GET /metrics` after real flows through a live hub: every metric is there with values the flows explain,
/// the exposition format is valid (by `promtool check metrics` where installed), and no label carries data.
@Suite(.serialized) struct MetricsTests {
    typealias Name = HubMetrics.Name

    @Test func everyMetricReflectsTheFlows() async throws {
        let scrape = try await MetricsScrape.afterFlows()
        #expect(scrape.contentType?.hasPrefix("text/plain; version=0.0.4") == true)

        let created = Name.paymentsCreated
        #expect(scrape.sum(created, ["kind": "top_up", "provider": "mtn-momo"]) == 3)
        #expect(scrape.sum(created, ["kind": "top_up", "provider": "stripe"]) == 1)
        #expect(scrape.sum(created, ["kind": "withdrawal", "provider": "mtn-momo"]) == 1)
        #expect(scrape.sum(Name.paymentsFinished, ["state": "succeeded"]) >= 3)
        #expect(scrape.sum(Name.paymentsFinished, ["state": "succeeded", "kind": "top_up", "provider": "stripe"]) == 1)
        #expect(scrape.sum(Name.paymentsFinished, ["state": "failed", "provider": "mtn-momo"]) == 1)

        let duration = Name.providerRequestDuration
        #expect(scrape.sum(duration + "_count", ["provider": "mtn-momo", "operation": "collect"]) == 3)
        #expect(scrape.sum(duration + "_count", ["provider": "mtn-momo", "operation": "payout"]) == 1)
        #expect(scrape.sum(duration + "_count", ["provider": "mtn-momo", "operation": "status"]) >= 2)
        #expect(scrape.sum(duration + "_count", ["provider": "stripe", "operation": "collect"]) == 1)
        #expect(scrape.sum(duration + "_bucket", ["provider": "stripe", "operation": "collect", "le": "+Inf"]) == 1)
        #expect(scrape.sum(duration + "_sum") > 0)
        #expect(scrape.types[duration] == "histogram")
        #expect(scrape.sum(Name.providerErrors, ["provider": "mtn-momo", "class": "declined"]) >= 1)

        #expect(scrape.sum(Name.paymentsRejected, ["reason": "no_route"]) == 1)

        let webhooks = Name.webhookDeliveries
        #expect(scrape.sum(webhooks, ["provider": "stripe", "result": "verified"]) >= 2)
        #expect(scrape.sum(webhooks, ["provider": "stripe", "result": "rejected"]) == 1)
        #expect(scrape.sum(webhooks, ["provider": "mtn-momo", "result": "rejected"]) == 1)
        #expect(scrape.sum(webhooks, ["provider": "stripe", "result": "duplicate"]) >= 1)
        #expect(scrape.sum(webhooks, ["provider": "stripe", "result": "unmatched"]) == 1)
        #expect(scrape.sum(webhooks, ["provider": "mtn-momo", "result": "verified"]) >= 3)

        #expect(scrape.sum(Name.outboxBacklog) >= 8)
        #expect(scrape.samples.contains { $0.name == Name.outboxOldestAge && $0.value >= 0 })
        #expect(scrape.sum(Name.pendingPayments, ["age": "under_1m"]) == 1)
        let bands = Set(scrape.samples.filter { $0.name == Name.pendingPayments }.compactMap { $0.labels["age"] })
        #expect(bands == Set(StoreGauges.PendingAge.allCases.map(\.rawValue)))
        #expect(scrape.samples.filter { $0.name == Name.circuitState }.map(\.labels).sorted { $0["provider"]! < $1["provider"]! }
            == [["provider": "mtn-momo"], ["provider": "stripe"]])
        #expect(scrape.sum(Name.circuitState) == 0)

        #expect(scrape.sum(Name.ledgerPostings, ["kind": "credit_wallet"]) == 2)
        #expect(scrape.sum(Name.ledgerPostings, ["kind": "hold"]) == 1)
        #expect(scrape.sum(Name.ledgerPostings, ["kind": "post_hold"]) == 1)
        #expect(scrape.sum(Name.paymentAnomalies) == 1)
    }

    @Test func theExpositionIsValidAndCarriesNoCustomerData() async throws {
        let scrape = try await MetricsScrape.afterFlows()
        #expect(scrape.malformed.isEmpty, "\(scrape.malformed)")
        for sample in scrape.samples {
            let family = sample.name.replacing(/_(bucket|sum|count)$/, with: "")
            #expect(scrape.types[sample.name] != nil || scrape.types[family] == "histogram", "\(sample.name) has no TYPE")
            for (label, value) in sample.labels where label != "le" {
                #expect(value.wholeMatch(of: /[a-z0-9][a-z0-9_-]{0,31}/) != nil, "\(sample.name){\(label)=\"\(value)\"}")
                #expect(value.firstMatch(of: /[0-9]{3,}/) == nil, "\(sample.name){\(label)=\"\(value)\"} looks like an id or amount")
            }
        }
        #expect(!scrape.text.contains("250788"), "a phone number reached the scrape")
        if let problems = try Self.promtool(scrape.text) {
            #expect(problems.isEmpty, "promtool check metrics: \(problems)")
        }
    }

    /// `promtool check metrics` on `text`: the problems it reports, or `nil` when promtool is not installed.
    static func promtool(_ text: String) throws -> [String]? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/promtool" }
        guard let path = paths.first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let problems = report.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard process.terminationStatus == 0 else { return problems + ["exit status \(process.terminationStatus)"] }
        return problems
    }
}
