import Foundation

/// What a successful verification vouches for, beyond the sender knowing a secret.
public struct VerifiedWebhook: Hashable, Sendable {
    /// The scheme's message id (Standard Webhooks `webhook-id`), signed with the body; use it to deduplicate.
    /// Nil for schemes without one.
    public let id: String?
    /// The signed send time, whole seconds; nil for schemes that sign no timestamp.
    public let timestamp: Date?
    /// Index, in the list of secrets the verifier was built with, of the secret that matched: shows when an
    /// old secret stops being used during a rotation.
    public let secretIndex: Int
    /// False when the header only repeated a shared secret (Flutterwave `verif-hash`, legacy
    /// `flutterwave-signature`): the sender is known, but the body could have been altered in transit.
    public let bodySigned: Bool

    public init(id: String?, timestamp: Date?, secretIndex: Int, bodySigned: Bool) {
        self.id = id
        self.timestamp = timestamp
        self.secretIndex = secretIndex
        self.bodySigned = bodySigned
    }
}
