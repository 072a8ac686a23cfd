import CLibXML2
import COpenSSL
import Foundation

/// Enveloped XML signatures in the one profile banks' host-to-host channels use, and nothing else: exclusive C14N,
/// RSA-SHA256, one `Reference` with `URI=""` (the whole document) and the enveloped-signature transform, a SHA-256
/// digest, the signer's certificate in `KeyInfo/X509Data`. The `ds:Signature` is a child of the root: the last
/// child of the ISO 20022 `Document`, or beside it in an envelope element.
///
/// What is refused (each with its reason): no signature or more than one; a signature anywhere but under the root;
/// a `ds:Object` or anything else beside `SignedInfo`, `SignatureValue` and `KeyInfo` (where wrapped content would
/// hide); another reference URI (a signature over part of the document would leave the rest unsigned); other
/// transforms or algorithms, SHA-1 among them; a certificate not in the trusted list; a digest or signature that
/// does not match. Because the one reference covers the whole document minus the signature, what a caller reads
/// afterwards from the same document is exactly what was signed.
public enum XMLSignature {
    public static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let excC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"

    /// Checks the document's signature against `trusted` and returns the signer's certificate (DER) on success.
    @discardableResult
    public static func verify(_ document: XMLDocument, trusted: [XMLCertificate]) throws(XMLSecurityError) -> XMLCertificate {
        guard let root = xmlDocGetRootElement(document.doc) else { throw XMLSecurityError(.signature, "no root element") }
        let signatures = XMLNode.descendants(of: root).filter { XMLNode.name($0) == "Signature" && XMLNode.namespace($0) == dsig }
        guard !signatures.isEmpty else { throw XMLSecurityError(.signature, "the document is not signed") }
        guard signatures.count == 1 else { throw XMLSecurityError(.signature, "the document has \(signatures.count) signatures; one is accepted") }
        let signature = signatures[0]
        guard signature.pointee.parent == UnsafeMutablePointer(root) else {
            throw XMLSecurityError(.signature, "the signature is not a child of the root element")
        }
        let parts = XMLNode.elements(of: signature)
        let names = parts.map { XMLNode.namespace($0) == dsig ? XMLNode.name($0) : "{\(XMLNode.namespace($0) ?? "")}\(XMLNode.name($0))" }
        guard names == ["SignedInfo", "SignatureValue"] || names == ["SignedInfo", "SignatureValue", "KeyInfo"] else {
            throw XMLSecurityError(.signature, "the signature holds \(names.joined(separator: ", ")); only SignedInfo, SignatureValue and KeyInfo are accepted")
        }
        let signedInfo = parts[0]
        let expected = try reference(in: signedInfo)
        let certificate = try signer(parts.count == 3 ? parts[2] : nil, trusted: trusted)

        let digest = try digestWithoutSignature(document)
        guard digest == expected else { throw XMLSecurityError(.signature, "the digest does not match: the signed content was changed") }
        guard let value = Data(base64Encoded: XMLNode.text(parts[1]), options: .ignoreUnknownCharacters), !value.isEmpty else {
            throw XMLSecurityError(.signature, "the SignatureValue is not base64")
        }
        let canonical = try canonicalSignedInfo(document)
        guard certificate.verifies(value, over: canonical) else {
            throw XMLSecurityError(.signature, "the signature does not verify with the signer's certificate")
        }
        return certificate
    }

    /// The digest value the one accepted reference carries, after checking every algorithm.
    static func reference(in signedInfo: xmlNodePtr) throws(XMLSecurityError) -> Data {
        let children = XMLNode.elements(of: signedInfo)
        guard children.allSatisfy({ XMLNode.namespace($0) == dsig }),
              children.map(XMLNode.name) == ["CanonicalizationMethod", "SignatureMethod", "Reference"] else {
            throw XMLSecurityError(.signature, "SignedInfo must hold CanonicalizationMethod, SignatureMethod and one Reference")
        }
        let canonicalization = XMLNode.attribute(children[0], "Algorithm") ?? ""
        guard canonicalization == excC14N else { throw XMLSecurityError(.signature, "canonicalization \(canonicalization) is not accepted") }
        let method = XMLNode.attribute(children[1], "Algorithm") ?? ""
        guard method == rsaSHA256 else { throw XMLSecurityError(.signature, "signature method \(method) is not accepted") }
        let reference = children[2]
        guard XMLNode.attribute(reference, "URI") == "" else {
            throw XMLSecurityError(.signature, "the reference must cover the whole document (URI=\"\")")
        }
        let parts = XMLNode.elements(of: reference)
        guard parts.map(XMLNode.name) == ["Transforms", "DigestMethod", "DigestValue"] else {
            throw XMLSecurityError(.signature, "the reference must hold Transforms, DigestMethod and DigestValue")
        }
        let transforms = XMLNode.elements(of: parts[0]).map { XMLNode.attribute($0, "Algorithm") ?? "" }
        guard transforms == [enveloped, excC14N] || transforms == [enveloped] else {
            throw XMLSecurityError(.signature, "transforms \(transforms.joined(separator: ", ")) are not accepted")
        }
        let digestMethod = XMLNode.attribute(parts[1], "Algorithm") ?? ""
        guard digestMethod == sha256 else { throw XMLSecurityError(.signature, "digest method \(digestMethod) is not accepted") }
        guard let value = Data(base64Encoded: XMLNode.text(parts[2]), options: .ignoreUnknownCharacters), value.count == 32 else {
            throw XMLSecurityError(.signature, "the DigestValue is not a base64 SHA-256")
        }
        return value
    }

    /// The trusted certificate that signed: the one in `KeyInfo`, which must be trusted, or the only trusted one.
    static func signer(_ keyInfo: xmlNodePtr?, trusted: [XMLCertificate]) throws(XMLSecurityError) -> XMLCertificate {
        guard !trusted.isEmpty else { throw XMLSecurityError(.signature, "no trusted certificate is configured") }
        let embedded = keyInfo.flatMap { info in
            XMLNode.descendants(of: info).first { XMLNode.name($0) == "X509Certificate" && XMLNode.namespace($0) == dsig }
        }
        guard let embedded else {
            guard trusted.count == 1 else { throw XMLSecurityError(.signature, "the signature names no certificate") }
            return trusted[0]
        }
        guard let der = Data(base64Encoded: XMLNode.text(embedded), options: .ignoreUnknownCharacters) else {
            throw XMLSecurityError(.signature, "the X509Certificate is not base64")
        }
        guard let match = trusted.first(where: { $0.der == der }) else {
            throw XMLSecurityError(.signature, "the signer's certificate is not in the trusted list")
        }
        return match
    }

    /// SHA-256 of the exclusive canonical form of the document without its signature.
    static func digestWithoutSignature(_ document: XMLDocument) throws(XMLSecurityError) -> Data {
        guard let copy = xmlCopyDoc(document.doc, 1) else { throw XMLSecurityError(.signature, "out of memory") }
        defer { xmlFreeDoc(copy) }
        if let root = xmlDocGetRootElement(copy) {
            for node in XMLNode.elements(of: root) where XMLNode.name(node) == "Signature" && XMLNode.namespace(node) == dsig {
                xmlUnlinkNode(node)
                xmlFreeNode(node)
            }
        }
        return sha256Digest(try canonical(copy, nodes: nil))
    }

    /// The exclusive canonical form of the document's one `ds:SignedInfo`.
    static func canonicalSignedInfo(_ document: XMLDocument) throws(XMLSecurityError) -> Data {
        guard let context = xmlXPathNewContext(document.doc) else { throw XMLSecurityError(.signature, "out of memory") }
        defer { xmlXPathFreeContext(context) }
        xmlXPathRegisterNs(context, "ds", dsig)
        guard let result = xmlXPathEvalExpression("(//. | //@* | //namespace::*)[ancestor-or-self::ds:SignedInfo]", context) else {
            throw XMLSecurityError(.signature, "SignedInfo cannot be selected")
        }
        defer { xmlXPathFreeObject(result) }
        return try canonical(document.doc, nodes: result.pointee.nodesetval)
    }

    static func canonical(_ doc: xmlDocPtr, nodes: xmlNodeSetPtr?) throws(XMLSecurityError) -> Data {
        var output: UnsafeMutablePointer<xmlChar>?
        let length = xmlC14NDocDumpMemory(doc, nodes, Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), nil, 0, &output)
        guard length >= 0, let output else { throw XMLSecurityError(.signature, "the document cannot be canonicalized") }
        defer { free(output) }
        return Data(bytes: output, count: Int(length))
    }

    static func sha256Digest(_ data: Data) -> Data {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        data.withUnsafeBytes { bytes in _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil) }
        return Data(digest.prefix(Int(length)))
    }

    /// Signs the document in place with the profile above: a `ds:Signature` appended as the root's last child,
    /// carrying `certificate` in `KeyInfo`.
    public static func sign(_ document: XMLDocument, key: XMLSigningKey, certificate: XMLCertificate) throws(XMLSecurityError) {
        guard let root = xmlDocGetRootElement(document.doc) else { throw XMLSecurityError(.signature, "no root element") }
        guard !XMLNode.descendants(of: root).contains(where: { XMLNode.name($0) == "Signature" && XMLNode.namespace($0) == dsig }) else {
            throw XMLSecurityError(.signature, "the document is signed already")
        }
        let digest = sha256Digest(try canonical(document.doc, nodes: nil))
        guard let signature = xmlNewDocNode(document.doc, nil, "Signature", nil), let ns = xmlNewNs(signature, dsig, "ds") else {
            throw XMLSecurityError(.signature, "out of memory")
        }
        xmlSetNs(signature, ns)
        xmlAddChild(root, signature)
        let signedInfo = xmlNewChild(signature, ns, "SignedInfo", nil)
        xmlNewProp(xmlNewChild(signedInfo, ns, "CanonicalizationMethod", nil), "Algorithm", excC14N)
        xmlNewProp(xmlNewChild(signedInfo, ns, "SignatureMethod", nil), "Algorithm", rsaSHA256)
        let reference = xmlNewChild(signedInfo, ns, "Reference", nil)
        xmlNewProp(reference, "URI", "")
        let transforms = xmlNewChild(reference, ns, "Transforms", nil)
        xmlNewProp(xmlNewChild(transforms, ns, "Transform", nil), "Algorithm", enveloped)
        xmlNewProp(xmlNewChild(transforms, ns, "Transform", nil), "Algorithm", excC14N)
        xmlNewProp(xmlNewChild(reference, ns, "DigestMethod", nil), "Algorithm", sha256)
        xmlNewChild(reference, ns, "DigestValue", digest.base64EncodedString())
        let value = try key.sign(try canonicalSignedInfo(document))
        xmlNewChild(signature, ns, "SignatureValue", value.base64EncodedString())
        let keyInfo = xmlNewChild(signature, ns, "KeyInfo", nil)
        xmlNewChild(xmlNewChild(keyInfo, ns, "X509Data", nil), ns, "X509Certificate", certificate.der.base64EncodedString())
    }
}
