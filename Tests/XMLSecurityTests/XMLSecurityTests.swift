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
