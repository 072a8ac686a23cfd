import Hub
import Webhooks
import Yams

/// The top-level sections: `server`, `store`, `api_keys`, `events`, `poller`, `limits`, `lookups`, `providers`, `routing`.
extension ConfigurationReader {
    static let sections = ["server", "store", "api_keys", "events", "poller", "limits", "lookups", "providers", "routing"]

    /// The whole configuration; meaningful only when no problem was reported.
    mutating func configuration(_ document: Node?, plugins: [AnyProviderPlugin]) -> HubConfiguration {
        let root = ConfigurationPath.root
        let top = document.flatMap { mapping($0, at: root, keys: Self.sections) }
        var configuration = HubConfiguration()
        if let server = server(child(top, "server", at: root)) { configuration.server = server }
        if let store = store(child(top, "store", at: root)) { configuration.store = store }
        configuration.apiKeys = apiKeys(child(top, "api_keys", at: root))
        configuration.events = events(child(top, "events", at: root))
        let pollerPath = root.key("poller")
        let poller = mapping(child(top, "poller", at: root), at: pollerPath, keys: ["review_after_seconds", "send_lease_seconds"])
        if let seconds = seconds(child(poller, "review_after_seconds", at: pollerPath), at: pollerPath.key("review_after_seconds")) {
            configuration.pollerReviewAfterSeconds = seconds
        }
        let leasePath = pollerPath.key("send_lease_seconds")
        if let seconds = integer(child(poller, "send_lease_seconds", at: pollerPath), at: leasePath, in: 5...3600) {
            configuration.sendLeaseSeconds = seconds
        }
        limits(child(top, "limits", at: root), into: &configuration)
        lookups(child(top, "lookups", at: root), into: &configuration)
        let providersNode = child(top, "providers", at: root)
        configuration.providers = providers(providersNode, plugins: plugins)
        let declaredKeys: [Node] = providersNode?.mapping.map { Array($0.keys) } ?? []
        let declared = Set(declaredKeys.compactMap { key in key.string.map { ProviderID($0) } })
        configuration.routing = routing(child(top, "routing", at: root), providers: declared)
        return configuration
    }

    mutating func server(_ node: Node?) -> HubConfiguration.Server? {
        let path = ConfigurationPath.root.key("server")
        let section = mapping(node, at: path, keys: ["host", "port", "public_url", "data_dir"])
        var server = HubConfiguration.Server()
        if let host = text(child(section, "host", at: path), at: path.key("host")) {
            if host.isEmpty { report(path.key("host"), "must not be empty") } else { server.host = host }
        }
        if let port = integer(child(section, "port", at: path), at: path.key("port"), in: 0...65535) { server.port = port }
        server.publicURL = url(child(section, "public_url", at: path), at: path.key("public_url"))
        if let folder = text(child(section, "data_dir", at: path), at: path.key("data_dir")) {
            if folder.isEmpty { report(path.key("data_dir"), "must not be empty") } else { server.dataDirectory = folder }
        }
        return server
    }

    /// `store`: `url`, where payments and the ledger are kept (`StoreLocation`), and `password`, a secret for a
    /// database URL that leaves its password out.
    mutating func store(_ node: Node?) -> StoreLocation? {
        let path = ConfigurationPath.root.key("store")
        let section = mapping(node, at: path, keys: ["url", "password"])
        let passwordNode = child(section, "password", at: path)
        let password = passwordNode.flatMap { secret($0, at: path.key("password")) }
        guard let url = text(child(section, "url", at: path), at: path.key("url")) else { return nil }
        switch StoreLocation.parse(url, password: password) {
        case .success(let location): return location
        case .failure(let problem):
            report(path.key("url"), problem.message)
            return nil
        }
    }

    /// `lookups`: how long a recipient lookup's answer is reused, whether names are answered in full, and how many
    /// lookups an API key may make per minute.
    mutating func lookups(_ node: Node?, into configuration: inout HubConfiguration) {
        let path = ConfigurationPath.root.key("lookups")
        let section = mapping(node, at: path, keys: ["cache_seconds", "reveal_names", "per_key_per_minute"])
        if let seconds = integer(child(section, "cache_seconds", at: path), at: path.key("cache_seconds"), in: 0...3600) {
            configuration.lookups.cacheSeconds = seconds
        }
        if let reveal = boolean(child(section, "reveal_names", at: path), at: path.key("reveal_names")) {
            configuration.lookups.revealNames = reveal
        }
        if let rate = integer(child(section, "per_key_per_minute", at: path), at: path.key("per_key_per_minute"), in: 1...100_000) {
            configuration.lookupsPerKeyPerMinute = rate
        }
    }

    mutating func events(_ node: Node?) -> HubConfiguration.Events? {
        let path = ConfigurationPath.root.key("events")
        let section = mapping(node, at: path, keys: ["url", "secret"])
        let urlNode = child(section, "url", at: path)
        let secretNode = child(section, "secret", at: path)
        guard urlNode != nil || secretNode != nil else { return nil }
        let url = urlNode == nil ? required(nil, at: path.key("url")) : self.url(urlNode, at: path.key("url"))
        let secret = requiredSecret(section, "secret", at: path, validate: Self.eventsSecretProblem)
        guard let url, let secret, !secret.isEmpty, let signer = try? StandardWebhookSigner(secret: secret) else { return nil }
        return HubConfiguration.Events(url: url, signer: signer)
    }

    /// Events are signed as Standard Webhooks: a base64 key of 24 to 64 bytes after an optional `whsec_` prefix.
    static func eventsSecretProblem(_ secret: String) -> String? {
        do {
            _ = try StandardWebhookSigner(secret: secret)
            return nil
        } catch {
            return "not a valid Standard Webhooks secret: \(error)"
        }
    }
}
