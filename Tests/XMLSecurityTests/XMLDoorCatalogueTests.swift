import Foundation
import Testing
@testable import XMLSecurity

/// The bank-file door: hostile XML and forged or misplaced signatures, each refused with its reason before anything
/// reads the document (docs/security.md lists them).
@Suite struct XMLDoorCatalogueTests {
    static func signedReference() throws -> String { try Files.text("signed-camt054.xml") }

    static func refused(_ text: String, trusted: [XMLCertificate]? = nil) throws -> XMLSecurityError? {
        let certificates = try trusted ?? [Files.bankCertificate]
        do throws(XMLSecurityError) {
            try XMLSignature.verify(try HardenedXML.parse(Data(text.utf8)), trusted: certificates)
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnsignedDocumentIsRefused() throws {
        #expect(try Self.refused(try Files.text("camt054_min.xml"))?.kind == .signature)
    }

    @Test func aSecondSignatureIsRefused() throws {
        let text = try Self.signedReference()
        let start = try #require(text.range(of: "<ds:Signature"))
        let end = try #require(text.range(of: "</ds:Signature>"))
        let block = String(text[start.lowerBound..<end.upperBound])
        let doubled = text.replacingOccurrences(of: "</SignedNotification>", with: block + "\n</SignedNotification>")
        #expect(try Self.refused(doubled)?.message.contains("2 signatures") == true)
    }

    @Test func aCertificateNotTrustedIsRefused() throws {
        let (_, stranger, _) = try XMLSigningKey.generate(commonName: "Someone else")
        #expect(try Self.refused(try Self.signedReference(), trusted: [stranger])?.message.contains("not in the trusted list") == true)
        #expect(try Self.refused(try Self.signedReference(), trusted: [])?.kind == .signature)
    }

    @Test func sha1AndOtherAlgorithmsAreRefused() throws {
        let text = try Self.signedReference()
        let sha1 = text.replacingOccurrences(of: "http://www.w3.org/2001/04/xmlenc#sha256", with: "http://www.w3.org/2000/09/xmldsig#sha1")
        #expect(try Self.refused(sha1)?.message.contains("digest method") == true)
        let rsaSHA1 = text.replacingOccurrences(of: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", with: "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
        #expect(try Self.refused(rsaSHA1)?.message.contains("signature method") == true)
        let inclusive = text.replacingOccurrences(of: "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
                                                  with: "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>")
        #expect(try Self.refused(inclusive)?.message.contains("canonicalization") == true)
    }

    @Test func aReferenceToPartOfTheDocumentIsRefused() throws {
        let text = try Self.signedReference().replacingOccurrences(of: "<ds:Reference URI=\"\">", with: "<ds:Reference URI=\"#NTF-0001\">")
        #expect(try Self.refused(text)?.message.contains("whole document") == true)
    }

    /// The classic wrapping attack: the signed content moved into the signature (a ds:Object) and other content put
    /// where the reader looks. Refused for the Object, and, were it let through, for the digest.
    @Test func signatureWrappingIsRefused() throws {
        let text = try Self.signedReference()
        let documentStart = try #require(text.range(of: "<Document"))
        let documentEnd = try #require(text.range(of: "</Document>"))
        let signedDocument = String(text[documentStart.lowerBound..<documentEnd.upperBound])
        let forged = signedDocument.replacingOccurrences(of: "100.00", with: "9100.00")
        var wrapped = text.replacingOccurrences(of: signedDocument, with: forged)
        wrapped = wrapped.replacingOccurrences(of: "</ds:Signature>", with: "<ds:Object>\(signedDocument)</ds:Object></ds:Signature>")
        #expect(try Self.refused(wrapped)?.message.contains("only SignedInfo, SignatureValue and KeyInfo") == true)
        // The forged content alone, with the genuine signature beside it.
        #expect(try Self.refused(text.replacingOccurrences(of: signedDocument, with: forged))?.message.contains("digest does not match") == true)
    }

    @Test func aSignatureAnywhereButUnderTheRootIsRefused() throws {
        let text = try Self.signedReference()
        let signatureStart = try #require(text.range(of: "<ds:Signature"))
        let signatureEnd = try #require(text.range(of: "</ds:Signature>"))
        let signature = String(text[signatureStart.lowerBound..<signatureEnd.upperBound])
        var moved = text.replacingOccurrences(of: signature, with: "")
        moved = moved.replacingOccurrences(of: "</GrpHdr>", with: "</GrpHdr>" + signature)
        #expect(try Self.refused(moved)?.message.contains("not a child of the root") == true)
    }
}

/// Hostile documents: each refused with a clear reason before anything reads them.
@Suite struct HostileXMLCatalogueTests {
    static func kind(_ text: String, limits: XMLLimits = XMLLimits()) -> XMLSecurityError.Kind? {
        kind(Data(text.utf8), limits: limits)
    }

    static func kind(_ data: Data, limits: XMLLimits = XMLLimits()) -> XMLSecurityError.Kind? {
        do {
            _ = try HardenedXML.parse(data, limits: limits)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func externalEntitiesAreRefused() {
        #expect(Self.kind("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>") == .doctype)
        #expect(Self.kind("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]><r>&x;</r>") == .doctype)
        #expect(Self.kind("<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:9/r.dtd\"><r/>") == .doctype)
        // A reference to an entity never declared is not well-formed either.
        #expect(Self.kind("<r>&x;</r>") == .malformed)
    }

    @Test func entityExpansionIsRefused() {
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        for level in 1...9 { laughs += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">" }
        laughs += "]><lolz>&lol9;</lolz>"
        #expect(Self.kind(laughs) == .doctype)
        let quadratic = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"" + String(repeating: "a", count: 50_000) + "\">]><r>"
            + String(repeating: "&a;", count: 50_000) + "</r>"
        #expect(Self.kind(quadratic) == .doctype)
    }

    @Test func deepNestingAndTooManyElementsAreRefused() {
        #expect(Self.kind(String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65)) == .tooDeep)
        #expect(Self.kind(String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)) != nil)
        #expect(Self.kind("<r>" + String(repeating: "<a/>", count: 101) + "</r>", limits: XMLLimits(maxElements: 100)) == .tooDeep)
        #expect(Self.kind(String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)) == nil)
    }

    @Test func aDocumentOverTheSizeLimitIsRefusedBeforeParsing() {
        let big = Data("<r>".utf8) + Data(repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024) + Data("</r>".utf8)
        #expect(Self.kind(big) == .tooLarge)
    }

    @Test func invalidUTF8AndMalformedDocumentsAreRefused() {
        #expect(Self.kind(Data([0x3C, 0x72, 0x3E, 0xFF, 0xFE, 0x3C, 0x2F, 0x72, 0x3E])) == .malformed)
        #expect(Self.kind(Data([0x3C, 0x72, 0x3E, 0xC0, 0xAF, 0x3C, 0x2F, 0x72, 0x3E])) == .malformed)  // overlong "/"
        #expect(Self.kind("<r><a></r>") == .malformed)
        #expect(Self.kind("") == .malformed)
        #expect(Self.kind("not xml") == .malformed)
    }
}
