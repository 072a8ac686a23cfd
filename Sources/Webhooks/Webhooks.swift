/// Signing and verification of webhook signatures, with no I/O. See `WebhookScheme`.
public enum Webhooks {}
