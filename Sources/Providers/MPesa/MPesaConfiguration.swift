import Hub

/// How to reach one MPesa account. Credentials come from configuration, never from code.
public struct MPesaConfiguration: Sendable {
    public var baseURL = ""
    public var secretKey = ""
    /// Fill in: the currencies and countries the provider serves by default.
    public var currencies: Set<Currency> = [.RWF]
    public var countries: Set<String> = ["RW"]
    public var connectTimeout: Duration = .seconds(3)
    public var timeout: Duration = .seconds(30)

    public init() {}
}
