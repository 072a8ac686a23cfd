import Foundation
import HubKit
import Hummingbird

/// A local stand-in for Mpesa's API. Write it from the provider's public documentation, not from the adapter,
/// so that it catches the adapter's mistakes: as strict as the provider where it is strict, as lenient where
/// it is lenient. Fill in one route per documented endpoint, a scenario table keyed by test inputs, and the
/// notifications it sends; document them in docs/simulators/mpesa.md.
public final class MpesaSimulator: LoopbackSimulator {
    public let secretKey: String

    public init(secretKey: String) {
        self.secretKey = secretKey
    }

    public func router() -> Router<BasicRequestContext> {
        Router(context: BasicRequestContext.self)
    }

    public var serverName: String { "mpesa-simulator" }

    public func shutdown() async {}
}
