import Foundation
import Testing
@testable import XMLSecurity

enum Files {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/iso20022")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }
    static func text(_ name: String) throws -> String { String(decoding: try data(name), as: UTF8.self) }
    static var bankCertificate: XMLCertificate { get throws { try XMLCertificate(pem: try text("bank_cert.pem")) } }
}

/// The bank's signed reference document verifies with its certificate and stops verifying when any byte of the
/// signed content changes; documents the hub signs verify here and with xmlsec1.
@Suite struct XMLSignatureTests {
    @Test func theReferenceDocumentVerifiesWithTheBanksCertificate() throws {
        let document = try HardenedXML.parse(try Files.data("signed-camt054.xml"))
        let signer = try XMLSignature.verify(document, trusted: [try Files.bankCertificate])
        #expect(signer.der == (try Files.bankCertificate).der)
        #expect(document.text(at: ["Document", "BkToCstmrDbtCdtNtfctn", "GrpHdr", "MsgId"]) == "CAMT054-20240502-0001")
        try ISO20022Schema(.camt054).validate(document)
    }

    /// Every seventh byte of the signed content between the root's start tag and the Signature, changed to another
    /// character of the same kind, breaks the signature (or the document). Whitespace inside a tag is left alone: it
    /// is not content, and canonicalization rightly erases it.
    @Test func anyChangeToTheSignedContentFailsIt() throws {
        let original = try Files.data("signed-camt054.xml")
        let text = String(decoding: original, as: UTF8.self)
        let start = try #require(text.range(of: "<Document"))
        let end = try #require(text.range(of: "<ds:Signature"))
        let bytes = Array(original)
        let from = text.utf8.distance(from: text.startIndex, to: start.lowerBound)
        let to = text.utf8.distance(from: text.startIndex, to: end.lowerBound)
        var checked = 0
        var insideTag = Array(repeating: false, count: bytes.count)
        var open = false
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "<") { open = true }
            insideTag[index] = open
            if bytes[index] == UInt8(ascii: ">") { open = false }
        }
        for offset in stride(from: from, to: to, by: 7) {
            var changed = bytes
            let byte = changed[offset]
            if insideTag[offset], byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") { continue }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "8"), UInt8(ascii: "a")...UInt8(ascii: "y"), UInt8(ascii: "A")...UInt8(ascii: "Y"): changed[offset] = byte + 1
            case UInt8(ascii: " "): changed[offset] = UInt8(ascii: "\t")
            case UInt8(ascii: "\n"): changed[offset] = UInt8(ascii: " ")
            default: continue
            }
            checked += 1
            let verified: Bool
            do {
                try XMLSignature.verify(try HardenedXML.parse(Data(changed)), trusted: [try Files.bankCertificate])
                verified = true
            } catch {
                verified = false
            }
            #expect(!verified, "a change at byte \(offset) still verifies")
        }
        #expect(checked > 100)
    }

    @Test func aDocumentTheHubSignsVerifiesAndValidates() throws {
        let (key, certificate, _) = try XMLSigningKey.generate(commonName: "Miliano hub test")
        let document = try HardenedXML.parse(try Files.data("pain001_min.xml"))
        try XMLSignature.sign(document, key: key, certificate: certificate)
        let signed = document.serialized()
        let reread = try HardenedXML.parse(signed)
        try XMLSignature.verify(reread, trusted: [certificate])
        try ISO20022Schema(.pain001).validate(reread)
        #expect(throws: XMLSecurityError.self) { try XMLSignature.verify(reread, trusted: [try Files.bankCertificate]) }
        // Signed twice: refused.
        #expect(throws: XMLSecurityError.self) { try XMLSignature.sign(reread, key: key, certificate: certificate) }
    }

    /// xmlsec1, an independent implementation, agrees with the hub's signatures (skipped, with a reason, where it is
    /// not installed).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xmlsec1"), "xmlsec1 is not installed (apt-get install xmlsec1)"))
    func xmlsec1VerifiesTheHubsSignature() throws {
        let (key, certificate, _) = try XMLSigningKey.generate(commonName: "Miliano hub test")
        let document = try HardenedXML.parse(try Files.data("pain001_min.xml"))
        try XMLSignature.sign(document, key: key, certificate: certificate)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xmlsec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try document.serialized().write(to: folder.appendingPathComponent("signed.xml"))
        try certificate.pem.write(to: folder.appendingPathComponent("cert.pem"), atomically: true, encoding: .utf8)
        func xmlsec(_ file: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/xmlsec1")
            process.arguments = ["--verify", "--pubkey-cert-pem", folder.appendingPathComponent("cert.pem").path, folder.appendingPathComponent(file).path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try xmlsec("signed.xml") == 0)
        let tampered = String(decoding: document.serialized(), as: UTF8.self).replacingOccurrences(of: "<MsgId>", with: "<MsgId>X")
        try tampered.write(to: folder.appendingPathComponent("tampered.xml"), atomically: true, encoding: .utf8)
        #expect(try xmlsec("tampered.xml") != 0)
    }

    // MARK: Refused signatures

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
@Suite struct HardenedXMLTests {
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

    @Test func theMinimalSamplesValidateAndOthersDoNot() throws {
        for (file, message) in [("pain001_min.xml", ISO20022Message.pain001), ("pain002_min.xml", .pain002), ("camt054_min.xml", .camt054)] {
            try ISO20022Schema(message).validate(try HardenedXML.parse(try Files.data(file)))
        }
        let pain = try HardenedXML.parse(try Files.data("pain001_min.xml"))
        #expect(throws: XMLSecurityError.self) { try ISO20022Schema(.camt054).validate(pain) }
        let outOfOrder = try Files.text("pain001_min.xml").replacingOccurrences(of: "<MsgId>", with: "<Unknown>x</Unknown><MsgId>")
        #expect(throws: XMLSecurityError.self) { try ISO20022Schema(.pain001).validate(try HardenedXML.parse(Data(outOfOrder.utf8))) }
    }
}
