import Hub
import Yams

/// `limits.max_amount`: the largest amount one payment may carry, per currency, as a decimal string in the
/// currency's major units (`RWF: "5000000"`, `KES: "150000.00"`), parsed exactly. Currencies left out keep
/// `PaymentLimits.defaultMaximum` minor units, and no limit may exceed it.
///
/// `limits.webhooks`: `per_provider_per_minute` and `concurrent_bodies_per_provider` (`WebhookIntakeLimits`).
extension ConfigurationReader {
    mutating func limits(_ node: Node?, into configuration: inout HubConfiguration) {
        let path = ConfigurationPath.root.key("limits")
        let section = mapping(node, at: path, keys: ["max_amount", "webhooks"])
        configuration.limits = maxAmounts(section, at: path)
        configuration.webhookIntake = webhookIntake(child(section, "webhooks", at: path), at: path.key("webhooks"))
    }

    mutating func webhookIntake(_ node: Node?, at path: ConfigurationPath) -> WebhookIntakeLimits {
        let section = mapping(node, at: path, keys: ["per_provider_per_minute", "concurrent_bodies_per_provider"])
        var limits = WebhookIntakeLimits()
        let ratePath = path.key("per_provider_per_minute")
        if let rate = integer(child(section, "per_provider_per_minute", at: path), at: ratePath, in: 1...1_000_000) {
            limits.perProviderPerMinute = rate
        }
        let concurrentPath = path.key("concurrent_bodies_per_provider")
        if let bodies = integer(child(section, "concurrent_bodies_per_provider", at: path), at: concurrentPath, in: 1...10_000) {
            limits.concurrentBodiesPerProvider = bodies
        }
        return limits
    }

    private mutating func maxAmounts(_ section: Node.Mapping?, at path: ConfigurationPath) -> PaymentLimits {
        var limits = PaymentLimits()
        let maxPath = path.key("max_amount")
        guard let amounts = child(section, "max_amount", at: path) else { return limits }
        guard let entries = amounts.mapping else {
            report(maxPath, "expected a mapping of ISO 4217 codes to amounts", amounts)
            return limits
        }
        for (key, value) in entries {
            guard let code = key.string else {
                report(maxPath, "keys must be plain text", key)
                continue
            }
            let entryPath = maxPath.key(code)
            guard let currency = Currency(code: code) else {
                report(entryPath, "not an ISO 4217 code the hub knows", key)
                continue
            }
            guard let text = text(value, at: entryPath) else { continue }
            let minor: Int64
            do { minor = try Money.positive(minorUnits: try Money(parsing: text, currency: currency).minorUnits, currency: currency).minorUnits } catch {
                report(entryPath, "\(text): must be a positive amount in \(code) major units (\(error))", value)
                continue
            }
            guard minor <= PaymentLimits.defaultMaximum else {
                report(entryPath, "\(text) is above the hub's ceiling of \(PaymentLimits.defaultMaximum) minor units", value)
                continue
            }
            limits.maximum[currency] = minor
        }
        return limits
    }
}
