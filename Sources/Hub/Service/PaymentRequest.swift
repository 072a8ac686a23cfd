import Webhooks

/// A request from the wallet backend to move money, validated at construction.
public struct PaymentRequest: Sendable {
    public var kind: PaymentKind
    public var walletID: WalletID
    /// Strictly positive, in minor units.
    public var amount: Money
    /// The payer of a top-up or the payee of a withdrawal.
    public var counterparty: Counterparty
    /// A provider the wallet asks for; the router still checks that it can take the payment.
    public var provider: ProviderID?
    public var metadata: [String: String]
    /// The wallet backend's key: a repeat with the same parameters returns the original payment.
    public var idempotencyKey: String
    /// For a withdrawal: look the recipient up with the provider first and refuse unless the account is active.
    public var requireActiveRecipient = false

    public init(kind: PaymentKind, walletID: WalletID, amount: Money, counterparty: Counterparty,
                provider: ProviderID? = nil, metadata: [String: String] = [:], idempotencyKey: String) throws(ValidationError) {
        guard amount.minorUnits > 0 else { throw ValidationError(field: "amount", "must be greater than zero") }
        guard (1...255).contains(idempotencyKey.utf8.count) else {
            throw ValidationError(field: "Idempotency-Key", "must be 1 to 255 characters")
        }
        guard metadata.count <= 20, metadata.allSatisfy({ $0.key.utf8.count <= 40 && $0.value.utf8.count <= 500 }) else {
            throw ValidationError(field: "metadata", "at most 20 keys of up to 40 characters, values up to 500")
        }
        self.kind = kind
        self.walletID = walletID
        self.amount = amount
        self.counterparty = counterparty
        self.provider = provider
        self.metadata = metadata
        self.idempotencyKey = idempotencyKey
    }

    /// A digest of every parameter but the key, to tell a true repeat from a reused key.
    var fingerprint: String {
        let fields = [kind.rawValue, walletID.rawValue, String(amount.minorUnits), amount.currency.code,
                      counterparty.storageValue, provider?.rawValue ?? ""]
            + metadata.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            // Only when set, so that the digests of payments made before the option existed stay the same.
            + (requireActiveRecipient ? ["require_active_recipient"] : [])
        return Hex.encode(SHA256.hash(Array(fields.map { "\($0.utf8.count):\($0)" }.joined().utf8)))
    }
}
