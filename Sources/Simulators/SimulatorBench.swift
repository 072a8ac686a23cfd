import Foundation
import HubKit

/// What `hub bench` needs from a provider's simulator, so that the bench names no provider: options that keep the
/// simulator quiet for the run, the collect request its adapter sends (to measure the simulator alone and through a
/// bare relay, the ceilings the hub's top-ups are compared with), and, for a provider whose notifications are
/// signed, how to make one.
public struct SimulatorBench: Sendable {
    /// Options under which nothing settles and no notification is sent during a run (an hour's delay), so that no
    /// callback competes with a measurement.
    public var quietOptions: [String: String]
    /// Top-ups through the hub and straight at the simulator, or `nil` if the simulator offers none.
    public var collect: Collect?
    /// Signed notifications of success for payments pending at the hub, or `nil` if the provider signs none.
    public var notifications: SignedNotifications?

    public init(quietOptions: [String: String], collect: Collect? = nil, notifications: SignedNotifications? = nil) {
        self.quietOptions = quietOptions
        self.collect = collect
        self.notifications = notifications
    }

    /// A top-up the simulator accepts and leaves pending, and the request the adapter sends for it.
    public struct Collect: Sendable {
        /// The wallet API's `source` object, and the amount in minor units of `currency`.
        public var source: [String: String]
        public var amount: Int64
        public var currency: String
        /// The answer's status when the simulator accepts the request (`202`).
        public var acceptedStatus: Int
        /// Opens a session with the simulator (a token, say) and returns the maker of the adapter's collect request
        /// for `source` and `amount`, each call with fresh ids. The maker's `path` goes after the base URL it is
        /// given: the simulator's, or the bare relay's, which forwards the path unchanged.
        public var prepare: @Sendable (_ simulator: SimulatorConnection, _ transport: any HTTPTransport) async throws -> DirectCollect

        public init(source: [String: String], amount: Int64, currency: String, acceptedStatus: Int,
                    prepare: @escaping @Sendable (SimulatorConnection, any HTTPTransport) async throws -> DirectCollect) {
            self.source = source
            self.amount = amount
            self.currency = currency
            self.acceptedStatus = acceptedStatus
            self.prepare = prepare
        }
    }

    /// The adapter's collect request, made fresh for each call.
    public struct DirectCollect: Sendable {
        /// The request's path on the simulator (`/collection/v1_0/requesttopay`).
        public var path: String
        /// The request, aimed at `baseURL + path`; its callback URL, if it carries one, is `callbackURL`.
        public var request: @Sendable (_ baseURL: String, _ callbackURL: String) -> HTTPRequest

        public init(path: String, request: @escaping @Sendable (_ baseURL: String, _ callbackURL: String) -> HTTPRequest) {
            self.path = path
            self.request = request
        }
    }

    /// Signed notifications that payments succeeded, for payments the bench writes to the store as pending.
    public struct SignedNotifications: Sendable {
        /// The counterparty of the pending payments.
        public var counterparty: Counterparty
        /// The provider's transaction id the adapter would have recorded for the attempt `reference`.
        public var providerTransactionID: @Sendable (_ reference: String) -> String
        /// The notification's headers and body: event number `index` (unique ids), saying that the attempt
        /// `reference` of `amount` succeeded, signed with the simulator's credentials at `now`.
        public var make: @Sendable (_ simulator: SimulatorConnection, _ reference: String, _ amount: Money, _ index: Int, _ now: Date)
            throws -> (headers: [(name: String, value: String)], body: Data)

        public init(counterparty: Counterparty, providerTransactionID: @escaping @Sendable (String) -> String,
                    make: @escaping @Sendable (SimulatorConnection, String, Money, Int, Date) throws -> (headers: [(name: String, value: String)], body: Data)) {
            self.counterparty = counterparty
            self.providerTransactionID = providerTransactionID
            self.make = make
        }
    }
}
