import Foundation
import Hummingbird

/// A refusal answered with Daraja's error body `{"requestId","errorCode","errorMessage"}`.
struct MPesaHTTPFailure: Error, Equatable {
    let status: HTTPResponse.Status
    let errorCode: String
    let errorMessage: String

    /// 400 `400.002.02` "Bad Request - Invalid <field>": Daraja's answer to a missing or malformed field.
    static func invalid(_ field: String) -> MPesaHTTPFailure {
        MPesaHTTPFailure(status: .badRequest, errorCode: "400.002.02", errorMessage: "Bad Request - Invalid \(field)")
    }

    /// A missing, unknown, revoked or expired bearer token.
    static let invalidAccessToken = MPesaHTTPFailure(status: .unauthorized, errorCode: "404.001.03", errorMessage: "Invalid Access Token")
    /// Missing or malformed Basic credentials, or credentials of no app.
    static let invalidAuthentication = MPesaHTTPFailure(
        status: .badRequest, errorCode: "400.008.01", errorMessage: "Invalid Authentication passed"
    )
    static let invalidGrantType = MPesaHTTPFailure(status: .badRequest, errorCode: "400.008.02", errorMessage: "Invalid grant type passed")
    /// A body that is not a JSON object.
    static let invalidPayload = MPesaHTTPFailure(status: .badRequest, errorCode: "400.002.05", errorMessage: "Invalid Request Payload")
    static let merchantDoesNotExist = MPesaHTTPFailure(
        status: .internalServerError, errorCode: "500.001.1001", errorMessage: "Merchant does not exist"
    )
    /// A `Password` that is not base64(BusinessShortCode + passkey + Timestamp).
    static let wrongCredentials = MPesaHTTPFailure(
        status: .internalServerError, errorCode: "500.001.1001", errorMessage: "Wrong credentials"
    )
    /// The STK query of a push whose customer has not answered yet.
    static let stillProcessing = MPesaHTTPFailure(
        status: .internalServerError, errorCode: "500.001.1001", errorMessage: "The transaction is being processed"
    )
    static let duplicateOriginatorConversationID = MPesaHTTPFailure(
        status: .internalServerError, errorCode: "500.002.1001", errorMessage: "Duplicate OriginatorConversationID."
    )
    static let internalError = MPesaHTTPFailure(
        status: .internalServerError, errorCode: "500.003.1001", errorMessage: "Internal Server Error"
    )
}

/// Reading requests and writing answers the way Daraja does.
enum MPesaHTTP {
    /// Runs a handler, answering an `MPesaHTTPFailure` with Daraja's error body and anything else with a 500.
    static func respond(_ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let failure as MPesaHTTPFailure {
            return error(failure)
        } catch {
            return Self.error(.internalError)
        }
    }

    static func error(_ failure: MPesaHTTPFailure) -> Response {
        json(failure.status, .object([
            ("requestId", .string(MPesaIdentifiers.requestID())),
            ("errorCode", .string(failure.errorCode)),
            ("errorMessage", .string(failure.errorMessage)),
        ]))
    }

    static func json(_ status: HTTPResponse.Status, _ body: MPesaJSON) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.bytes))
        )
    }

    /// The first value of a header, matched case-insensitively; an empty value counts as absent.
    static func header(_ name: String, of request: Request) -> String? {
        let wanted = name.lowercased()
        let value = request.headers.first { $0.name.canonicalName == wanted }?.value
        return value?.isEmpty == false ? value : nil
    }

    /// The JSON object of a POST. Daraja reads a body only when it is declared JSON: without
    /// `Content-Type: application/json` every field reads as missing, so the first required field is reported
    /// invalid (the portal's FAQ on "Bad Request - Invalid BusinessShortCode"). A body that is not a JSON object is
    /// `400.002.05`.
    static func body(of request: Request, firstField: String) async throws -> MPesaRequestBody {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        guard let type = header("Content-Type", of: request), type.lowercased().contains("json") else {
            throw MPesaHTTPFailure.invalid(firstField)
        }
        guard let json = try? MPesaJSONParser.parse(Array(buffer.readableBytesView)), case .object = json else {
            throw MPesaHTTPFailure.invalidPayload
        }
        return MPesaRequestBody(json: json)
    }
}
