import Foundation
import HubKit

/// The inputs of a simulator's scenario table that the provider conformance suite drives: which counterparties
/// succeed, which are declined with which provider code, which answer with an unknown outcome. A simulator plugin
/// offers them so that the same suite runs against every adapter.
public struct ConformanceScenarios: Sendable {
    /// A payment that fails with `providerCode`, kept on the failure.
    public struct Decline: Sendable {
        public var party: Counterparty
        public var providerCode: String

        public init(_ party: Counterparty, providerCode: String) {
            self.party = party
            self.providerCode = providerCode
        }
    }

    /// A request whose answer is unknown to the adapter (a 5xx, a timeout), and how the provider settles it later,
    /// or `nil` if it never does (it then stays pending until an operator reviews it).
    public struct Unknown: Sendable {
        public var party: Counterparty
        public var settlesAs: PaymentState?

        public init(_ party: Counterparty, settlesAs: PaymentState?) {
            self.party = party
            self.settlesAs = settlesAs
        }
    }

    /// Recipients to look up, for a provider that looks recipients up.
    public struct Lookups: Sendable {
        /// An account the provider says is active.
        public var active: Counterparty
        /// Accounts it says are not (not active, unknown), each answered `active: false`.
        public var inactive: [Counterparty]

        public init(active: Counterparty, inactive: [Counterparty]) {
            self.active = active
            self.inactive = inactive
        }
    }

    /// A counterparty whose top-ups succeed.
    public var collect: Counterparty
    /// A counterparty withdrawals succeed to, if the provider pays out.
    public var payout: Counterparty?
    /// One amount, in minor units, per currency the adapter declares: each must round-trip exactly.
    public var amounts: [Money]
    public var declines: [Decline]
    public var unknown: [Unknown]
    /// Requests a strict simulator might refuse but the real provider accepts (extra fields, header case, an empty
    /// JSON object where no body is expected); each must not be answered 4xx. `{base}` in a URL is the
    /// simulator's address; a header value `{credential:name}` is replaced by that credential.
    public var lenientRequests: [HTTPRequest]
    /// Simulator options for a quick run (`settle-ms`).
    public var options: [String: String]
    /// The recipients the lookup check asks about, or `nil` if the provider does not look up.
    public var lookups: Lookups?

    public init(collect: Counterparty, payout: Counterparty? = nil, amounts: [Money], declines: [Decline], unknown: [Unknown],
                lenientRequests: [HTTPRequest] = [], options: [String: String] = [:], lookups: Lookups? = nil) {
        self.lookups = lookups
        self.collect = collect
        self.payout = payout
        self.amounts = amounts
        self.declines = declines
        self.unknown = unknown
        self.lenientRequests = lenientRequests
        self.options = options
    }
}
