import Foundation

/// Files and environments shared by the configuration suites.
enum ConfigurationFixtures {
    static let exampleFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("hub.example.yaml")

    static func example() throws -> String {
        try String(contentsOf: exampleFile, encoding: .utf8)
    }

    /// The Standard Webhooks test vector's secret (a 24-byte key).
    static let eventsSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// Every variable `hub.example.yaml` references.
    static let exampleEnvironment: [String: String] = [
        "WALLET_API_KEY": "hub_wallet_key_0123456789",
        "OPS_API_KEY": "hub_ops_key_0123456789",
        "HUB_EVENTS_SIGNING_SECRET": eventsSecret,
        "MOMO_COLLECTION_SUBSCRIPTION_KEY": "collection-subscription",
        "MOMO_COLLECTION_API_USER": "c0ffee00-0000-4000-8000-000000000001",
        "MOMO_COLLECTION_API_KEY": "collection-api-key",
        "MOMO_DISBURSEMENT_SUBSCRIPTION_KEY": "disbursement-subscription",
        "MOMO_DISBURSEMENT_API_USER": "c0ffee00-0000-4000-8000-000000000002",
        "MOMO_DISBURSEMENT_API_KEY": "disbursement-api-key",
        "STRIPE_SECRET_KEY": "sk_test_0123456789",
        "STRIPE_WEBHOOK_SECRET": "whsec_stripe0123456789",
        "FLW_SECRET_KEY": "FLWSECK_TEST-0123456789abcdef-X",
        "FLW_SECRET_HASH": "flw-secret-hash-0123",
        "AIRTEL_CLIENT_ID": "airtel-client-0123",
        "AIRTEL_CLIENT_SECRET": "airtel-secret-0123456789",
        "AIRTEL_PIN": "1234",
        "AIRTEL_ENCRYPTION_PUBLIC_KEY": """
            -----BEGIN PUBLIC KEY-----
            MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCmm2XZ9GjwDh48wOnAhIcyXAj0
            sDFWvBkCPrh1BkBD6Wli+lkdGGceugZLMHAXp8zdSylqzKGkpyOnbQRyQW2YHxTd
            ujCW64KHgJIiwjYPbpiJdYxot2Erz798azemjdu+M+GPKcLLE1Cnp752se2JyjKA
            6xJ+eNgcIgVsw5l9OwIDAQAB
            -----END PUBLIC KEY-----
            """,
        "AIRTEL_CALLBACK_HASH_KEY": "airtel-hash-key-0123",
        "MPESA_CONSUMER_KEY": "mpesa-consumer-key-0123",
        "MPESA_CONSUMER_SECRET": "mpesa-consumer-secret-0123",
        "MPESA_PASSKEY": "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
        "MPESA_SECURITY_CREDENTIAL": "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWg==",
    ]

    /// A small valid file that broken variants start from.
    static let minimal = """
        providers:
          mtn:
            type: mtn-momo
            base_url: https://sandbox.momodeveloper.mtn.com
            collection: { subscription_key: { env: K1 }, api_user: { env: U1 }, api_key: { env: A1 } }
            disbursement: { subscription_key: { env: K2 }, api_user: { env: U2 }, api_key: { env: A2 } }
          card:
            type: stripe
            secret_key: { env: STRIPE_KEY }
            webhook_secrets: [{ env: STRIPE_WHSEC }]
        routing:
          - name: mtn-rw
            currency: RWF
            msisdn_prefixes: ["+25078"]
            providers: [mtn]
        """

    static let minimalEnvironment: [String: String] = [
        "K1": "k1", "U1": "u1", "A1": "a1", "K2": "k2", "U2": "u2", "A2": "a2",
        "STRIPE_KEY": "sk_test_abc", "STRIPE_WHSEC": "whsec_abc",
    ]
}
