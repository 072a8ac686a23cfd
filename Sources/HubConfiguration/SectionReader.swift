import Hub
import Yams

/// The `ConfigurationReader` a plugin reads through, shared by a provider's section and its nested sections.
final class ReaderBox {
    var reader: ConfigurationReader
    init(_ reader: ConfigurationReader) { self.reader = reader }
}

/// One provider's section (or a section nested in it) as its plugin sees it: keys relative to the section,
/// problems reported at their full key path.
final class SectionReader: ProviderSettingsReader {
    let box: ReaderBox
    let mapping: Node.Mapping?
    let path: ConfigurationPath
    let simulated: Bool

    init(box: ReaderBox, mapping: Node.Mapping?, path: ConfigurationPath, simulated: Bool) {
        self.box = box
        self.mapping = mapping
        self.path = path
        self.simulated = simulated
    }

    private func node(_ key: String) -> Node? { box.reader.child(mapping, key, at: path) }

    func text(_ key: String) -> String? { box.reader.text(node(key), at: path.key(key)) }
    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? { box.reader.integer(node(key), at: path.key(key), in: range) }
    func seconds(_ key: String) -> Int? { box.reader.seconds(node(key), at: path.key(key)) }
    func boolean(_ key: String) -> Bool? { box.reader.boolean(node(key), at: path.key(key)) }
    func url(_ key: String) -> String? { box.reader.url(node(key), at: path.key(key)) }
    func currencies(_ key: String) -> Set<Currency>? { box.reader.currencies(node(key), at: path.key(key)) }
    func countries(_ key: String) -> Set<String>? { box.reader.countries(node(key), at: path.key(key)) }

    func serviceURL(_ key: String) -> String? {
        let value = node(key)
        if value == nil, !simulated { return box.reader.required(nil, at: path.key(key), unless: ConfigurationReader.unlessSimulated) }
        return box.reader.url(value, at: path.key(key))
    }

    func credential(_ key: String, validate: (String) -> String?) -> String? {
        guard simulated else {
            return box.reader.requiredSecret(mapping, key, at: path, unless: ConfigurationReader.unlessSimulated, validate: validate)
        }
        return box.reader.secret(node(key), at: path.key(key), validate: validate)
    }

    func credentialList(_ key: String, validate: (String) -> String?) -> [String] {
        let listPath = path.key(key)
        let value = node(key)
        guard let items = box.reader.list(value, at: listPath), !items.isEmpty else {
            if !simulated {
                let variable = box.reader.overrides.variables[listPath].map { " (or set \($0))" } ?? ""
                box.reader.report(listPath, "at least one is required unless \(ConfigurationReader.unlessSimulated)" + variable, value)
            }
            return []
        }
        return items.compactMap { box.reader.secret($0.node, at: $0.path, validate: validate) }
    }

    func section<T>(_ key: String, keys: [String], _ read: (any ProviderSettingsReader) -> T) -> T? {
        let value = node(key)
        let nested = box.reader.mapping(value, at: path.key(key), keys: keys)
        // Absent from the file, a section may still come whole from environment overrides; only a simulated
        // provider may leave it out.
        guard value != nil || !simulated else { return nil }
        return read(SectionReader(box: box, mapping: nested, path: path.key(key), simulated: simulated))
    }

    func report(_ key: String, _ message: String) {
        box.reader.report(path.key(key), message, node(key))
    }
}
