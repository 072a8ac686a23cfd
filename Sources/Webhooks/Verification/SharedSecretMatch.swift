/// The "algorithm" of schemes whose signature header simply repeats a shared secret (Flutterwave
/// `verif-hash`): the message is ignored and the header bytes must equal the secret, in constant time.
/// It authenticates the sender only as far as the secret stays private; it does not protect the body.
public struct SharedSecretMatch: SignatureAlgorithm {
    private let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        ConstantTime.equals(signature, secret)
    }
}
