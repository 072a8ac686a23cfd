import Hub
import Webhooks

/// The settings that need more than a reader's plain read: the market, the RSA key, the optional callback key.
extension AirtelMoneyPlugin {
    /// `country` (required unless simulated, then UG) and `currency` (the country's wallet currency, by default its
    /// first), or `nil` when they are absent or wrong (each problem reported at its key).
    static func readMarket(_ reader: any ProviderSettingsReader) -> (String, Currency)? {
        guard let country = reader.text("country") else {
            if !reader.simulated { reader.report("country", "required unless simulated: true (or set HUB_AIRTEL_COUNTRY)") }
            return nil
        }
        guard let market = AirtelMoneyMarket.named(country) else {
            let known = AirtelMoneyMarket.all.map(\.country).joined(separator: ", ")
            reader.report("country", "expected an Airtel Money country (\(known)), got \(country.prefix(8))")
            return nil
        }
        guard let text = reader.text("currency") else { return market.currencies.first.map { (country, $0) } }
        guard let currency = market.currencies.first(where: { $0.code == text }) else {
            let allowed = market.currencies.map(\.code).joined(separator: " or ")
            reader.report("currency", "\(text.prefix(8)) is not the wallet currency of \(country) (\(allowed))")
            return nil
        }
        return (country, currency)
    }

    /// `encryption_public_key`, parsed at start-up so that a bad key stops the hub instead of the first withdrawal.
    static func readEncryptionKey(_ reader: any ProviderSettingsReader) -> RSAPublicKey? {
        var key: RSAPublicKey?
        _ = reader.credential("encryption_public_key") { text in
            do {
                let parsed = try AirtelMoneyEncryption.publicKey(text)
                guard parsed.bits >= 1024 else { return "expected an RSA key of at least 1024 bits, got \(parsed.bits)" }
                key = parsed
                return nil
            } catch {
                return "expected Airtel's RSA public key, a PEM PUBLIC KEY block or its base64 DER: \(error)"
            }
        }
        return key
    }

    /// `callback_hash_key`, an optional secret. The settings reader has no optional secret (`credential` reports a
    /// missing one), so its presence is probed as a `{ env: NAME }` section first: absent, it is no problem; present,
    /// the secret is read; written inline, the probe reports it (a secret in the file is refused here, not warned).
    static func readCallbackHashKey(_ reader: any ProviderSettingsReader) -> String? {
        let variable = reader.section("callback_hash_key", keys: ["env"]) { $0.text("env") } ?? nil
        guard variable != nil else { return nil }
        return reader.credential("callback_hash_key") { $0.isEmpty ? "must not be empty" : nil }
    }
}
