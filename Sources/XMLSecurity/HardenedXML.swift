import CLibXML2
import Foundation

/// Why an XML document was refused. Messages name what was wrong, never the document's content.
public struct XMLSecurityError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Larger than the limit, before anything was parsed.
        case tooLarge = "too_large"
        /// A DOCTYPE or entity declaration: ISO 20022 documents have none, and they are how XXE, billion laughs and
        /// quadratic blow-up attacks arrive.
        case doctype
        /// Not well-formed XML, or not UTF-8.
        case malformed
        /// Nested deeper, or with more elements, than the limits.
        case tooDeep = "too_deep"
        /// The document does not follow its XSD.
        case invalid
        /// The signature is missing, misplaced, of an algorithm not accepted, by a certificate not trusted, or does
        /// not match the document.
        case signature
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Bounds on what a parsed document may be.
public struct XMLLimits: Sendable {
    public var maxBytes: Int
    public var maxDepth: Int
    public var maxElements: Int

    public init(maxBytes: Int = 10 * 1024 * 1024, maxDepth: Int = 64, maxElements: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }
}

/// A parsed XML document, owned: freed with this object.
public final class XMLDocument: @unchecked Sendable {  // the tree is only read after parsing, or changed by its one owner
    let doc: xmlDocPtr

    init(_ doc: xmlDocPtr) { self.doc = doc }
    deinit { xmlFreeDoc(doc) }

    /// The root element's local name and namespace.
    public var root: (name: String, namespace: String?)? {
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        return (XMLNode.name(root), XMLNode.namespace(root))
    }

    /// The document serialised as UTF-8.
    public func serialized() -> Data {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var length: Int32 = 0
        xmlDocDumpMemoryEnc(doc, &buffer, &length, "UTF-8")
        defer { free(buffer) }  // libxml2 allocates with malloc unless told otherwise (xmlMemSetup, never called)
        guard let buffer else { return Data() }
        return Data(bytes: buffer, count: Int(length))
    }

    /// The text of the first element at `path` (local names from the root's children down), or `nil`.
    public func text(at path: [String]) -> String? {
        guard var node = xmlDocGetRootElement(doc) else { return nil }
        for name in path {
            guard let child = XMLNode.elements(of: node).first(where: { XMLNode.name($0) == name }) else { return nil }
            node = child
        }
        return XMLNode.text(node)
    }
}

/// libxml2 read as a hostile document deserves: no network, no DTD loaded or kept, no entity substituted, a size,
/// depth and element bound, and errors reported to the caller instead of standard error.
public enum HardenedXML {
    /// libxml2's one-time initialisation, before any thread parses.
    static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    public static func parse(_ data: Data, limits: XMLLimits = XMLLimits()) throws(XMLSecurityError) -> XMLDocument {
        _ = initialised
        guard data.count <= limits.maxBytes else {
            throw XMLSecurityError(.tooLarge, "the document is \(data.count) bytes, more than \(limits.maxBytes)")
        }
        guard !data.isEmpty else { throw XMLSecurityError(.malformed, "the document is empty") }
        // Refused before libxml2 sees them: a document type declaration is where every entity attack starts.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw XMLSecurityError(.doctype, "a DOCTYPE or ENTITY declaration is not accepted")
        }
        guard String(data: data, encoding: .utf8) != nil else { throw XMLSecurityError(.malformed, "the document is not UTF-8") }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue)
        let parsed: xmlDocPtr? = data.withUnsafeBytes { bytes in
            let base = bytes.bindMemory(to: CChar.self).baseAddress
            return xmlReadMemory(base, Int32(bytes.count), "document.xml", "UTF-8", options)
        }
        guard let doc = parsed else {
            let reason = xmlGetLastError().flatMap { $0.pointee.message }.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            xmlResetLastError()
            throw XMLSecurityError(.malformed, "not well-formed XML" + (reason.map { ": \($0)" } ?? ""))
        }
        let document = XMLDocument(doc)
        guard doc.pointee.intSubset == nil, doc.pointee.extSubset == nil else {
            throw XMLSecurityError(.doctype, "a DOCTYPE is not accepted")
        }
        guard let root = xmlDocGetRootElement(doc) else { throw XMLSecurityError(.malformed, "the document has no root element") }
        var elements = 0
        var stack: [(xmlNodePtr, Int)] = [(root, 1)]
        while let (node, depth) = stack.popLast() {
            elements += 1
            guard depth <= limits.maxDepth else { throw XMLSecurityError(.tooDeep, "elements nested deeper than \(limits.maxDepth)") }
            guard elements <= limits.maxElements else { throw XMLSecurityError(.tooDeep, "more than \(limits.maxElements) elements") }
            for child in XMLNode.children(of: node) {
                switch child.pointee.type {
                case XML_ELEMENT_NODE: stack.append((child, depth + 1))
                case XML_ENTITY_REF_NODE, XML_ENTITY_NODE, XML_ENTITY_DECL, XML_DTD_NODE:
                    throw XMLSecurityError(.doctype, "entity references are not accepted")
                default: break
                }
            }
        }
        return document
    }
}

/// Small readings of libxml2's tree.
enum XMLNode {
    static func children(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            result.append(current)
            child = current.pointee.next
        }
        return result
    }

    static func elements(of node: xmlNodePtr) -> [xmlNodePtr] {
        children(of: node).filter { $0.pointee.type == XML_ELEMENT_NODE }
    }

    static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    static func namespace(_ node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { free(value) }  // libxml2 allocates with malloc unless told otherwise (xmlMemSetup, never called)
        return String(cString: value)
    }

    static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { free(content) }  // libxml2 allocates with malloc unless told otherwise (xmlMemSetup, never called)
        return String(cString: content)
    }

    /// Every element under `node` (itself included), depth first.
    static func descendants(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var stack = [node]
        while let current = stack.popLast() {
            result.append(current)
            stack.append(contentsOf: elements(of: current).reversed())
        }
        return result
    }
}
