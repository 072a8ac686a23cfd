import Hummingbird
@testable import HubTesting
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// A test hub's server that cannot listen (its port was taken by another process between reserving and binding,
/// as happens when several test runs share a machine) must fail the start, never leave the run waiting forever.
@Suite struct TestHubStartupTests {
    @Test func aServerThatCannotBindFailsTheStartInsteadOfHanging() async throws {
        var quiet = Logger(label: "startup-test")
        quiet.logLevel = .critical
        let outcome: String = try await withThrowingTaskGroup(of: Void.self) { group in
            let (taken, holder) = try await TestHub.serve(router: Router(), logger: quiet, in: &group)
            let (ports, ready) = AsyncStream.makeStream(of: Int.self)
            let clash = Application(router: Router(), configuration: .init(address: .hostname("127.0.0.1", port: taken)),
                                    onServerRunning: { channel in if let port = channel.localAddress?.port { ready.yield(port) } },
                                    logger: quiet)
            let clashing = ServiceGroup(services: [clash], logger: quiet)
            let started = Task { () -> String in
                try await withThrowingTaskGroup(of: Void.self) { starting in
                    do {
                        let port = try await TestHub.start(clashing, ports: ports, ready: ready, what: "the clashing server", in: &starting)
                        return "listened on \(port)"
                    } catch let error as TestHubStartFailure {
                        starting.cancelAll()
                        return "refused: \(error)"
                    }
                }
            }
            let gaveUp = Mutex(false)
            let watchdog = Task {
                try await Task.sleep(for: .seconds(10))
                gaveUp.withLock { $0 = true }
                started.cancel()
            }
            let result = try await started.value
            watchdog.cancel()
            await holder.triggerGracefulShutdown()
            await clashing.triggerGracefulShutdown()
            group.cancelAll()
            return gaveUp.withLock { $0 } ? "still waiting after 10 s" : result
        }
        #expect(outcome.hasPrefix("refused"), "\(outcome)")
    }
}
