import Foundation

/// A clock a test moves by hand; starts at `Fixture.clock`.
final class TestClock: @unchecked Sendable {  // `current` guarded by `lock`
    private let lock = NSLock()
    private var current = Fixture.clock

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
