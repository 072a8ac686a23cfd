import ArgumentParser
import Foundation
import XMLSecurity

/// `hub xml`: check a bank file by hand, as the hub checks it.
struct XML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xml", abstract: "Verify a signed ISO 20022 file, or validate one against its schema.",
        subcommands: [Verify.self, Validate.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a document's enveloped XML signature against trusted certificates.",
            discussion: """
                Exit 0 and "signature valid" when the one ds:Signature under the root (exclusive C14N, RSA-SHA256, \
                a reference to the whole document, SHA-256) verifies with one of the certificates; otherwise exit 1 \
                and the reason.
                """)
        @Option(name: .customLong("cert"), help: "A trusted signer's certificate (PEM file); repeat for several.") var certificates: [String] = []
        @Argument(help: "The XML file.") var file: String

        func validate() throws {
            guard !certificates.isEmpty else { throw ValidationError("--cert is required: the certificate the signer uses") }
        }

        func run() throws {
            var trusted: [XMLCertificate] = []
            for path in certificates {
                guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read \(path)") }
                do { trusted.append(try XMLCertificate(pem: pem)) } catch { throw ValidationError("\(path): \(error.message)") }
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            do {
                try XMLSignature.verify(try HardenedXML.parse(data), trusted: trusted)
                say("signature valid")
            } catch {
                say("signature invalid: \(error.message)")
                throw ExitCode(1)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a document's ISO 20022 Document element against its XSD (a signature beside it is left out).")
        @Option(help: "One of \(ISO20022Message.allCases.map(\.rawValue).joined(separator: ", ")).") var schema: String
        @Argument(help: "The XML file.") var file: String

        func validate() throws {
            guard ISO20022Message(rawValue: schema) != nil else {
                throw ValidationError("--schema must be one of \(ISO20022Message.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            do {
                try ISO20022Schema(ISO20022Message(rawValue: schema)!).validate(try HardenedXML.parse(data))
                say("valid \(schema)")
            } catch {
                say("invalid: \(error.message)")
                throw ExitCode(1)
            }
        }
    }
}
