import Foundation

/// Reads one provider's section of the configuration for its plugin. Every problem is reported against its key
/// path (`providers.momo.collection.api_key`), so `hub config check` names it; a method returns `nil` for a key
/// that is absent or wrong. Secrets are `{ env: NAME }` references or inline strings (warned about); their values
/// never appear in a problem.
public protocol ProviderSettingsReader: AnyObject {
    /// `simulated: true`: the provider's simulator runs in the hub, so address and credentials are optional and
    /// their `{ env: … }` references are not read.
    var simulated: Bool { get }

    func text(_ key: String) -> String?
    func integer(_ key: String, in range: ClosedRange<Int>) -> Int?
    /// A whole number of seconds (0 to 30 days).
    func seconds(_ key: String) -> Int?
    func boolean(_ key: String) -> Bool?
    /// An http:// or https:// URL.
    func url(_ key: String) -> String?
    func currencies(_ key: String) -> Set<Currency>?
    /// ISO 3166-1 alpha-2 codes.
    func countries(_ key: String) -> Set<String>?
    /// The service's address: required unless simulated.
    func serviceURL(_ key: String) -> String?
    /// A secret: required unless simulated. `validate` says why a value is unacceptable, never quoting it.
    func credential(_ key: String, validate: (String) -> String?) -> String?
    /// A list of secrets (several while one is rotated): at least one unless simulated.
    func credentialList(_ key: String, validate: (String) -> String?) -> [String]
    /// A nested section with its own keys, read by `read` (each key reporting itself if required and missing);
    /// `nil` if a simulated provider leaves it out.
    func section<T>(_ key: String, keys: [String], _ read: (any ProviderSettingsReader) -> T) -> T?
    /// Reports a problem with `key` (a path under this section).
    func report(_ key: String, _ message: String)
}

extension ProviderSettingsReader {
    public func credential(_ key: String) -> String? { credential(key, validate: { _ in nil }) }
}
