import Foundation
import Hummingbird

/// A refusal answered with MoMo's error body `{"code","message"}`.
struct MoMoHTTPFailure: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    /// A documented `ErrorReason` with its usual message.
    init(_ status: HTTPResponse.Status, _ reason: MoMoErrorReason) {
        self.init(status, code: reason.code, message: reason.message)
    }

    init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// A malformed request: a missing or invalid header or body field.
    static func badRequest(_ message: String) -> MoMoHTTPFailure {
        MoMoHTTPFailure(.badRequest, code: "BAD_REQUEST", message: message)
    }

    /// A missing or wrong subscription key, Basic credential or bearer token.
    static func unauthorized(_ message: String) -> MoMoHTTPFailure {
        MoMoHTTPFailure(.unauthorized, code: "UNAUTHORIZED", message: message)
    }

    static let notFound = MoMoHTTPFailure(.notFound, .resourceNotFound)
    static let duplicate = MoMoHTTPFailure(.conflict, .resourceAlreadyExist)
}

/// Reading requests and writing answers the way MoMo does.
enum MoMoHTTP {
    /// Runs a handler, answering a `MoMoHTTPFailure` with MoMo's error body and anything else with a 500.
    static func respond(_ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let failure as MoMoHTTPFailure {
            return json(failure.status, MoMoErrorBody(code: failure.code, message: failure.message))
        } catch {
            return json(.internalServerError, MoMoErrorBody(code: "INTERNAL_PROCESSING_ERROR", message: "Unexpected failure."))
        }
    }

    /// The first value of a header, matched case-insensitively; an empty value counts as absent.
    static func header(_ name: String, of request: Request) -> String? {
        let wanted = name.lowercased()
        let value = request.headers.first { $0.name.canonicalName == wanted }?.value
        return value?.isEmpty == false ? value : nil
    }

    static func json(_ status: HTTPResponse.Status, _ body: some Encodable) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: MoMoJSON.encode(body)))
        )
    }

    /// An answer with no body at all, as MoMo's 201 and 202 are.
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status)
    }

    /// A response that promises 64 bytes, sends 16, then fails, which closes the connection mid-answer.
    static func cutShort(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "64"], body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: String(repeating: " ", count: 16)))
            throw CancellationError()
        })
    }

    /// The request body, up to 64 KiB.
    static func body(of request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        return Data(buffer.readableBytesView)
    }

    /// Whether `text` is a canonical UUID of version 4 (variant 1), as `X-Reference-Id` must be.
    static func isUUIDv4(_ text: String) -> Bool {
        let characters = Array(text.lowercased())
        guard characters.count == 36 else { return false }
        for (index, character) in characters.enumerated() {
            switch index {
            case 8, 13, 18, 23: guard character == "-" else { return false }
            case 14: guard character == "4" else { return false }
            case 19: guard "89ab".contains(character) else { return false }
            default: guard character.isHexDigit else { return false }
            }
        }
        return true
    }
}
