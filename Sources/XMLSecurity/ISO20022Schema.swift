import CLibXML2
import Foundation

/// The ISO 20022 messages the hub reads and writes, validated with libxml2 against the XSDs shipped with the
/// project (`Sources/XMLSecurity/Schemas/`, copied from the standard's releases; none imports another file).
public enum ISO20022Message: String, Sendable, CaseIterable {
    case pain001 = "pain.001.001.09"
    case pain002 = "pain.002.001.11"
    case camt054 = "camt.054.001.08"

    /// The `Document` element's namespace.
    public var namespace: String { "urn:iso:std:iso:20022:tech:xsd:\(rawValue)" }
}

/// A compiled XSD: parse once, validate many documents (each validation has its own context, so one schema serves
/// any number of threads).
public final class ISO20022Schema: @unchecked Sendable {  // xmlSchemaPtr is read-only once parsed
    public let message: ISO20022Message
    let schema: xmlSchemaPtr

    public init(_ message: ISO20022Message) throws(XMLSecurityError) {
        _ = HardenedXML.initialised
        self.message = message
        guard let url = Bundle.module.url(forResource: message.rawValue, withExtension: "xsd", subdirectory: "Schemas"),
              let data = try? Data(contentsOf: url) else {
            throw XMLSecurityError(.invalid, "the schema \(message.rawValue) is not installed with the hub")
        }
        let parsed: xmlSchemaPtr? = data.withUnsafeBytes { bytes in
            guard let context = xmlSchemaNewMemParserCtxt(bytes.bindMemory(to: CChar.self).baseAddress, Int32(bytes.count)) else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, { _, _ in }, nil)
            return xmlSchemaParse(context)
        }
        guard let parsed else { throw XMLSecurityError(.invalid, "the schema \(message.rawValue) does not compile") }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// Checks the document's `Document` element (the root, or a child of an envelope root) against the schema; a
    /// `ds:Signature` beside it is not part of what is validated. Throws `.invalid` with the first problem found.
    public func validate(_ document: XMLDocument) throws(XMLSecurityError) {
        guard let root = xmlDocGetRootElement(document.doc) else { throw XMLSecurityError(.invalid, "no root element") }
        let target: xmlNodePtr
        if XMLNode.name(root) == "Document" {
            target = root
        } else if let inner = XMLNode.elements(of: root).first(where: { XMLNode.name($0) == "Document" }) {
            target = inner
        } else {
            throw XMLSecurityError(.invalid, "no Document element")
        }
        guard XMLNode.namespace(target) == message.namespace else {
            throw XMLSecurityError(.invalid, "the Document is not a \(message.rawValue) (namespace \(XMLNode.namespace(target) ?? "none"))")
        }
        // A document of the Document element alone, without any Signature inside it.
        guard let copy = xmlNewDoc("1.0") else { throw XMLSecurityError(.invalid, "out of memory") }
        defer { xmlFreeDoc(copy) }
        guard let element = xmlDocCopyNode(target, copy, 1) else { throw XMLSecurityError(.invalid, "out of memory") }
        xmlDocSetRootElement(copy, element)
        for node in XMLNode.descendants(of: element) where XMLNode.name(node) == "Signature" && XMLNode.namespace(node) == XMLSignature.dsig {
            xmlUnlinkNode(node)
            xmlFreeNode(node)
        }
        guard let context = xmlSchemaNewValidCtxt(schema) else { throw XMLSecurityError(.invalid, "out of memory") }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = ErrorCollector()
        let unmanaged = Unmanaged.passUnretained(collector)
        xmlSchemaSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error, let message = error.pointee.message else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue()
            if collector.first == nil {
                collector.first = "line \(error.pointee.line): " + String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }, unmanaged.toOpaque())
        let result = xmlSchemaValidateDoc(context, copy)
        guard result == 0 else {
            throw XMLSecurityError(.invalid, "not a valid \(message.rawValue): \(collector.first ?? "code \(result)")")
        }
    }

    final class ErrorCollector {
        var first: String?
    }
}
