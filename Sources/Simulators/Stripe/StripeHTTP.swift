import Foundation
import Hummingbird

/// Reading Stripe requests and writing Stripe answers.
enum StripeHTTP {
    /// The first value of a header, matched case-insensitively; an empty value counts as absent.
    static func header(_ name: String, of request: Request) -> String? {
        let wanted = name.lowercased()
        let value = request.headers.first { $0.name.canonicalName == wanted }?.value
        return value?.isEmpty == false ? value : nil
    }

    /// The secret key of `Authorization: Bearer <key>` or of Basic auth with the key as user name (both are
    /// documented), checked against `accepted` (any `sk_test_…` key when `nil`).
    static func authenticate(_ request: Request, accepted: String?) throws(StripeAPIError) -> String {
        guard let authorization = header("Authorization", of: request) else {
            throw .unauthorized(
                "You did not provide an API key. You need to provide your API key in the Authorization header, "
                    + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
            )
        }
        let key: String
        if authorization.lowercased().hasPrefix("bearer ") {
            key = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if authorization.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(authorization.dropFirst(6))),
                  let credentials = String(data: decoded, encoding: .utf8) {
            key = String(credentials.prefix { $0 != ":" })
        } else {
            throw .unauthorized("Invalid API Key provided: \(redacted(authorization))")
        }
        let valid = accepted.map { $0 == key } ?? (key.hasPrefix("sk_test_") && key.count > 8)
        guard valid else { throw .unauthorized("Invalid API Key provided: \(redacted(key))") }
        return key
    }

    /// A key as Stripe shows it in errors: its `sk_test_`-style prefix, stars, and at most its last four
    /// characters (none for a short key).
    static func redacted(_ key: String) -> String {
        let parts = key.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        let prefix = parts.count == 3 && parts[0].count <= 3 && parts[1].count <= 5 ? "\(parts[0])_\(parts[1])_" : ""
        let tail = key.count - prefix.count >= 16 ? String(key.suffix(4)) : ""
        return prefix + String(repeating: "*", count: 8) + tail
    }

    /// The form body, up to 64 KiB. A body that is not `application/x-www-form-urlencoded` (JSON above
    /// all) is refused, as Stripe reads no other encoding.
    static func form(of request: Request) async throws -> StripeForm {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        if text.isEmpty { return try StripeForm(decoding: "") }
        let contentType = header("Content-Type", of: request)?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw StripeAPIError.invalidRequest(
                "Invalid request: the body must be application/x-www-form-urlencoded (received "
                    + "\(contentType.isEmpty ? "no Content-Type" : contentType)); parameters are form-encoded, not JSON."
            )
        }
        return try StripeForm(decoding: text)
    }

    static func response(
        _ reply: StripeReply, requestID: String, idempotencyKey: String? = nil, replayedFrom original: String? = nil
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[.init("Request-Id")!] = requestID
        if let idempotencyKey { headers[.init("Idempotency-Key")!] = idempotencyKey }
        if let original {
            headers[.init("Idempotent-Replayed")!] = "true"
            headers[.init("Original-Request")!] = original
        }
        return Response(status: reply.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body.bytes)))
    }
}

/// Stripe-style object ids: a prefix, an underscore and random letters and digits.
enum StripeIdentifier {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func make(_ prefix: String, length: Int = 24) -> String {
        prefix + "_" + random(length: length)
    }

    /// `length` random letters and digits.
    static func random(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
