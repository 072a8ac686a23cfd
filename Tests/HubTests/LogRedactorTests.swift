import Hub
import Testing

/// What `LogRedactor` removes from log text, and what it must leave as it is.
@Suite struct LogRedactorTests {
    static let redacted: [(String, String)] = [
        ("+250788123456", "+•••••••••456"),
        ("calling 250788123567 now", "calling •••••••••567 now"),
        ("msisdn=0788123456.", "msisdn=•••••••456."),
        ("4242424242424242", "••••4242"),
        ("card 4242 4242 4242 4242 declined", "card ••••4242 declined"),
        ("5555-5555-5555-4444", "••••4444"),
        ("378282246310005", "••••0005"),
        ("GB82 WEST 1234 5698 7654 32", "••••5432"),
        ("iban=DE89370400440532013000", "iban=••••3000"),
        ("account 12345678901234567890", "account ••••7890"),
        ("4242424242424241", "••••4241"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc-_", "Authorization: Bearer [redacted]"),
        ("basic dXNlcjpwYXNzd29yZA==", "basic [redacted]"),
        ("Bearer abcdefghijklmnopqrstuvwxyz0", "Bearer [redacted]"),
        ("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret [redacted]"),
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc and sk_live_abcd1234", "[redacted] and [redacted]"),
        ("key hub_Zm9vYmFyYmF6cXV4cXV1eA-_01", "key [redacted]"),
        ("{\"msisdn\":\"+250789654321\"}", "{\"msisdn\":\"+•••••••••321\"}"),
    ]

    @Test(arguments: redacted) func redactsSensitiveText(input: String, expected: String) {
        #expect(LogRedactor().redact(input) == expected)
    }

    static let untouched: [String] = [
        "5000",
        "amount 1500 RWF",
        "pay_3f2a9c81d04e4b7f9a1c2e3d4f5a6b7c",
        "pay_123456789012345678901234567890ab",
        "123e4567-e89b-12d3-a456-426614174000",
        "12345678-1234-1234-1234-123456789012",
        "2026-11-26T07:04:15.123Z",
        "2026-11-26 07:04:15",
        "http://127.0.0.1:8080/v1/payments",
        "payment succeeded",
        "a basic information leaflet",
        "Bearer token missing",
        "hub_error",
        "mtn-momo:notification",
        "0.123456789012",
        "ref-1234567890",
        "GB00 WEST 1234 5698 7654 32",
    ]

    @Test(arguments: untouched) func leavesOrdinaryTextAlone(input: String) {
        #expect(LogRedactor().redact(input) == input)
    }

    static let keys: [(String, Bool)] = [
        ("api_key", true), ("apiKey", true), ("X-Api-Key", true), ("subscriptionKey", true), ("idempotency_key", true),
        ("key", true), ("callback_token", true), ("accessToken", true), ("client_secret", true), ("password", true),
        ("Authorization", true), ("credentials", true), ("APIKEY", true),
        ("payment_id", false), ("provider", false), ("request_id", false), ("monkey", false), ("keyboard", false),
        ("source", false), ("reason", false), ("amount", false),
    ]

    @Test(arguments: keys) func knowsSensitiveKeys(key: String, sensitive: Bool) {
        #expect(LogRedactor().isSensitive(key: key) == sensitive)
        #expect(LogRedactor().redact(key: key, value: "plain") == (sensitive ? "[redacted]" : "plain"))
    }
}
