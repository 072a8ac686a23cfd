import Foundation
import Hub
import Synchronization

/// Latencies and throughput of one closed-loop run: `concurrency` clients, each sending its next request as
/// soon as the previous answer arrives (zero think time).
struct LoadResult: Sendable {
    var requests: Int
    var failures: Int
    var seconds: Double
    /// Every measured exchange's latency in milliseconds, sorted.
    var latencies: [Double]

    var perSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    /// Exact nearest-rank percentile over all samples (`q` in 0...1).
    func percentile(_ q: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let rank = Int((q * Double(latencies.count)).rounded(.up))
        return latencies[min(max(rank, 1), latencies.count) - 1]
    }
}

/// Drives a server through a libcurl multi handle (one dedicated thread, many exchanges in flight).
///
/// The run has a warm-up, whose exchanges are not measured, then a measured window of fixed length. An
/// exchange is measured when it starts inside the window; the window's throughput counts those exchanges
/// over the time from the window's start to the last one's answer. `request(i)` builds the i-th request
/// (0-based, warm-up included) or returns nil when there is nothing left to send, which ends the run early.
struct LoadRun: Sendable {
    let client: CurlTransport
    var concurrency: Int
    var warmUp: Duration
    var duration: Duration

    func run(request: @escaping @Sendable (Int) -> Hub.HTTPRequest?,
             accept: @escaping @Sendable (Hub.HTTPResponse) -> Bool) async -> LoadResult {
        let counter = Ticket()
        let clock = ContinuousClock()
        let start = clock.now
        let measureFrom = start + warmUp
        let stopAt = measureFrom + duration
        let client = self.client
        let perWorker = await withTaskGroup(of: Worker.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var worker = Worker(lastAnswer: measureFrom)
                    while true {
                        let began = clock.now
                        guard began < stopAt else { break }
                        let index = counter.next()
                        guard let next = request(index) else { break }
                        let accepted: Bool
                        do { accepted = accept(try await client.send(next)) } catch { accepted = false }
                        let ended = clock.now
                        guard began >= measureFrom else { continue }
                        worker.latencies.append(Self.milliseconds(ended - began))
                        worker.lastAnswer = max(worker.lastAnswer, ended)
                        if !accepted { worker.failures += 1 }
                    }
                    return worker
                }
            }
            var all: [Worker] = []
            for await worker in group { all.append(worker) }
            return all
        }
        let latencies = perWorker.flatMap(\.latencies).sorted()
        let lastAnswer = perWorker.map(\.lastAnswer).max() ?? measureFrom
        return LoadResult(requests: latencies.count, failures: perWorker.reduce(0) { $0 + $1.failures },
                          seconds: lastAnswer > measureFrom ? Self.seconds(lastAnswer - measureFrom) : 0, latencies: latencies)
    }

    private struct Worker: Sendable {
        var latencies: [Double] = []
        var failures = 0
        var lastAnswer: ContinuousClock.Instant
    }

    static func milliseconds(_ duration: Duration) -> Double { seconds(duration) * 1000 }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Hands out 0, 1, 2, … to concurrent tasks.
final class Ticket: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}
