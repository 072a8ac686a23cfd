import CLibXML2
import Foundation

/// An element to write: built as values, turned into a libxml2 document by `XMLDocument(tree)` (which escapes every
/// text and attribute value), so no XML is assembled from strings.
public struct XMLTree: Sendable {
    public var name: String
    public var attributes: [(name: String, value: String)]
    public var text: String?
    public var children: [XMLTree]

    public init(_ name: String, attributes: [(name: String, value: String)] = [], text: String? = nil, _ children: [XMLTree] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// An element holding only text.
    public static func leaf(_ name: String, _ text: String, attributes: [(name: String, value: String)] = []) -> XMLTree {
        XMLTree(name, attributes: attributes, text: text)
    }
}

extension XMLDocument {
    /// A document whose root is `tree`, every element in `namespace` (the default namespace, no prefix).
    public convenience init(_ tree: XMLTree, namespace: String) throws(XMLSecurityError) {
        _ = HardenedXML.initialised
        guard let doc = xmlNewDoc("1.0") else { throw XMLSecurityError(.malformed, "out of memory") }
        self.init(doc)
        guard let root = xmlNewDocNode(doc, nil, tree.name, nil), let ns = xmlNewNs(root, namespace, nil) else {
            throw XMLSecurityError(.malformed, "out of memory")
        }
        xmlSetNs(root, ns)
        xmlDocSetRootElement(doc, root)
        func fill(_ node: xmlNodePtr, _ tree: XMLTree) {
            for attribute in tree.attributes { xmlNewProp(node, attribute.name, attribute.value) }
            if let text = tree.text { xmlNodeAddContent(node, text) }  // escaped on output
            for child in tree.children {
                if let element = xmlNewChild(node, ns, child.name, nil) { fill(element, child) }
            }
        }
        fill(root, tree)
    }

    /// The root element, to read.
    public var rootElement: XMLElement? { xmlDocGetRootElement(doc).map { XMLElement(node: $0, owner: self) } }
}

/// An element of a parsed document, read by local names. Keeps its document alive.
public struct XMLElement: @unchecked Sendable {  // a read-only view into its owner's tree
    let node: xmlNodePtr
    let owner: XMLDocument

    public var name: String { XMLNode.name(node) }
    public var namespace: String? { XMLNode.namespace(node) }
    /// The text content, trimmed of surrounding whitespace.
    public var text: String { XMLNode.text(node).trimmingCharacters(in: .whitespacesAndNewlines) }
    public func attribute(_ name: String) -> String? { XMLNode.attribute(node, name) }
    public var children: [XMLElement] { XMLNode.elements(of: node).map { XMLElement(node: $0, owner: owner) } }
    public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// The element at a path of local names below this one.
    public func at(_ path: String...) -> XMLElement? {
        var current: XMLElement? = self
        for name in path { current = current?.child(name) }
        return current
    }
}
