/// Where a simulator listens and the credentials it made up for the run, by the names its plugin and the
/// provider's plugin agree on (`collection.api_user`, `secret_key`, `webhook_secret`).
public struct SimulatorConnection: Sendable {
    public var baseURL: String
    public var credentials: [String: String]

    public init(baseURL: String, credentials: [String: String]) {
        self.baseURL = baseURL
        self.credentials = credentials
    }

    public subscript(_ name: String) -> String { credentials[name] ?? "" }
}
