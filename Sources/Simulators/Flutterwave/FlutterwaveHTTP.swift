import Foundation
import Hummingbird

/// Reading Flutterwave requests and writing Flutterwave answers.
enum FlutterwaveHTTP {
    /// Bodies above this size are refused before parsing.
    static let bodyLimit = 64 * 1024

    /// The first value of a header, matched case-insensitively; an empty value counts as absent.
    static func header(_ name: String, of request: Request) -> String? {
        let wanted = name.lowercased()
        let value = request.headers.first { $0.name.canonicalName == wanted }?.value
        return value?.isEmpty == false ? value : nil
    }

    /// Checks `Authorization: Bearer <secret key>`: the configured key, or any test secret key
    /// (`FLWSECK_TEST-…`) when none is configured. The scheme name is matched without regard to case.
    static func authenticate(_ request: Request, accepted: String?) throws(FlutterwaveAPIError) {
        guard let authorization = header("Authorization", of: request) else {
            throw .unauthorized("Authorization required")
        }
        guard authorization.lowercased().hasPrefix("bearer ") else { throw .unauthorized("Invalid authorization key") }
        let key = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let valid = accepted.map { $0 == key } ?? (key.hasPrefix("FLWSECK_TEST-") && key.count > 13)
        guard valid else { throw .unauthorized("Invalid authorization key") }
    }

    /// The body as a JSON object. A non-JSON or non-object body is a 400, and so is an empty one unless
    /// `emptyAllowed` (then it reads as `{}`); extra fields are kept for the caller to ignore.
    static func object(of request: Request, emptyAllowed: Bool = false) async throws(FlutterwaveAPIError) -> SimulatorJSON {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: bodyLimit)
        } catch {
            throw .invalid("Request body is too large or could not be read")
        }
        let bytes = Array(buffer.readableBytesView)
        if emptyAllowed, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        guard let value = try? SimulatorJSONParser.parse(bytes), case .object = value else {
            throw .invalid("Request body must be a JSON object")
        }
        return value
    }

    static func response(_ reply: FlutterwaveReply) -> Response {
        Response(
            status: reply.status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body.bytes))
        )
    }

    /// The scheme and authority the client used, for links back to the simulator.
    static func origin(of request: Request) -> String {
        "http://" + (request.head.authority ?? header("Host", of: request) ?? "127.0.0.1")
    }
}

/// Flutterwave-style references and ids.
enum FlutterwaveIdentifier {
    private static let hex = Array("0123456789abcdef")

    /// `count` random decimal digits.
    static func digits(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }

    /// `count` random lower-case hexadecimal digits.
    static func hexDigits(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in hex.randomElement(using: &generator)! })
    }

    /// A test-mode `flw_ref`, as the sandbox writes them: `FLW-MOCK-<32 hex>`.
    static func flwRef() -> String {
        "FLW-MOCK-" + hexDigits(32)
    }

    /// A refund's `flw_ref`: `URF_<unix ms>_<7 digits>`.
    static func refundRef(at date: Date) -> String {
        "URF_\(Int64(date.timeIntervalSince1970 * 1000))_\(digits(7))"
    }
}
