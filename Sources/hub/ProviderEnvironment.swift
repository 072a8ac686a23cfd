import Foundation
import Hub
import Providers
import Webhooks

/// An external MTN MoMo from `HUB_MOMO_*` environment variables, or `nil` to use the embedded simulator.
struct MoMoEnvironment {
    let configuration: MTNMoMoConfiguration

    init?(_ environment: [String: String]) throws {
        guard let baseURL = environment["HUB_MOMO_BASE_URL"] else { return nil }
        func require(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError("HUB_MOMO_BASE_URL is set, so \(name) must be set too")
            }
            return value
        }
        func credentials(_ product: String) throws -> MTNMoMoConfiguration.Credentials {
            .init(subscriptionKey: try require("HUB_MOMO_\(product)_SUBSCRIPTION_KEY"),
                  apiUser: try require("HUB_MOMO_\(product)_API_USER"), apiKey: try require("HUB_MOMO_\(product)_API_KEY"))
        }
        configuration = MTNMoMoConfiguration(
            baseURL: baseURL, targetEnvironment: environment["HUB_MOMO_TARGET_ENVIRONMENT"] ?? "sandbox",
            collection: try credentials("COLLECTION"), disbursement: try credentials("DISBURSEMENT"),
            expectedCallbackSeconds: try seconds(environment, "HUB_MOMO_EXPECTED_CALLBACK_SECONDS", default: 30),
            notFoundGraceSeconds: try seconds(environment, "HUB_MOMO_NOT_FOUND_GRACE_SECONDS", default: 600))
    }
}

/// An external Stripe from `HUB_STRIPE_SECRET_KEY` (and `HUB_STRIPE_WEBHOOK_SECRETS`, comma-separated for
/// rotation; `HUB_STRIPE_BASE_URL` optional), or `nil` to use the embedded simulator.
struct StripeEnvironment {
    let configuration: StripeConfiguration

    init?(_ environment: [String: String]) throws {
        guard let secretKey = environment["HUB_STRIPE_SECRET_KEY"], !secretKey.isEmpty else { return nil }
        let secrets = (environment["HUB_STRIPE_WEBHOOK_SECRETS"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard !secrets.isEmpty else {
            throw ConfigurationError("HUB_STRIPE_SECRET_KEY is set, so HUB_STRIPE_WEBHOOK_SECRETS must name at least one whsec_ secret")
        }
        configuration = StripeConfiguration(baseURL: environment["HUB_STRIPE_BASE_URL"] ?? "https://api.stripe.com",
                                            secretKey: secretKey, webhookSecrets: secrets)
    }
}

/// Where events for the wallet backend go: `HUB_EVENTS_URL` and its `whsec_…` secret `HUB_EVENTS_SECRET`.
struct EventsEnvironment {
    let url: String
    let signer: StandardWebhookSigner

    init?(_ environment: [String: String]) throws {
        guard let url = environment["HUB_EVENTS_URL"], !url.isEmpty else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigurationError("HUB_EVENTS_URL must be an http:// or https:// URL")
        }
        guard let secret = environment["HUB_EVENTS_SECRET"] else {
            throw ConfigurationError("HUB_EVENTS_URL is set, so HUB_EVENTS_SECRET (a whsec_… secret) must be set too")
        }
        do { signer = try StandardWebhookSigner(secret: secret) } catch {
            throw ConfigurationError("HUB_EVENTS_SECRET is not a valid whsec_ secret: \(error)")
        }
        self.url = url
    }
}

/// A whole number of seconds from the environment, 0 to 30 days, or `fallback` when unset.
func seconds(_ environment: [String: String], _ name: String, default fallback: Int) throws -> Int {
    guard let text = environment[name] else { return fallback }
    guard let value = Int(text), (0...2_592_000).contains(value) else {
        throw ConfigurationError("\(name) must be a whole number of seconds, 0-2592000")
    }
    return value
}

/// A configuration problem that stops start-up, naming the setting at fault.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
