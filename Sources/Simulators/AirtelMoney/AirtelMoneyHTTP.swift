import Foundation
import Hummingbird

/// Airtel's `status` block, which every answer but the token endpoint's carries.
struct AirtelMoneyStatus: Sendable {
    /// The HTTP status as text (`"200"`, `"400"`); a refusal is sent with this HTTP status too.
    let code: String
    let message: String
    /// `ESB000010` on success; an `ESB…` or `ROUTER…` code on a refusal, when Airtel's tables give one.
    let resultCode: String?
    let responseCode: AirtelMoneyResponseCode?
    let success: Bool

    /// A success: `code` 200, `ESB000010`.
    static func ok(_ responseCode: AirtelMoneyResponseCode, message: String = "SUCCESS") -> AirtelMoneyStatus {
        AirtelMoneyStatus(code: "200", message: message, resultCode: "ESB000010", responseCode: responseCode, success: true)
    }

    var json: SimulatorJSON {
        var fields: [(String, SimulatorJSON)] = [("code", .string(code)), ("message", .string(message))]
        if let resultCode { fields.append(("result_code", .string(resultCode))) }
        if let responseCode { fields.append(("response_code", .string(responseCode.rawValue))) }
        fields.append(("success", .bool(success)))
        return .object(fields)
    }
}

/// A refusal, answered with Airtel's body and the HTTP status its `status.code` names.
struct AirtelMoneyHTTPFailure: Error {
    let status: HTTPResponse.Status
    let body: SimulatorJSON

    /// `{"status":{"code","message","result_code","response_code","success":false}}`.
    init(_ status: HTTPResponse.Status, _ message: String, resultCode: String? = nil, responseCode: AirtelMoneyResponseCode? = nil) {
        self.status = status
        let block = AirtelMoneyStatus(
            code: String(status.code), message: message, resultCode: resultCode, responseCode: responseCode, success: false
        )
        body = .object([("status", block.json)])
    }

    /// The OAuth error body of the token endpoint and of a bad bearer token: `{"error","error_description"}`.
    init(oauth status: HTTPResponse.Status, error: String, description: String) {
        self.status = status
        body = .object([("error_description", .string(description)), ("error", .string(error))])
    }

    /// A request body that is not the JSON object the endpoint takes, or lacks a mandatory field.
    static func fieldValidation(_ message: String, responseCode: AirtelMoneyResponseCode? = nil) -> AirtelMoneyHTTPFailure {
        AirtelMoneyHTTPFailure(.badRequest, message, resultCode: "ESB000008", responseCode: responseCode)
    }

    static let invalidToken = AirtelMoneyHTTPFailure(
        oauth: .unauthorized, error: "invalid_token", description: "The access token is invalid or has expired"
    )
}

/// Reading requests and writing answers the way Airtel does.
enum AirtelMoneyHTTP {
    static let bodyLimit = 64 * 1024

    /// Runs a handler, answering an `AirtelMoneyHTTPFailure` with its body and anything else with a 500.
    static func respond(_ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let failure as AirtelMoneyHTTPFailure {
            return json(failure.status, failure.body)
        } catch {
            return json(.internalServerError, internalErrorBody)
        }
    }

    /// What a 500 carries: `ESB000001`, "something went wrong", whose outcome only an enquiry tells.
    static var internalErrorBody: SimulatorJSON {
        AirtelMoneyHTTPFailure(.internalServerError, "Something went wrong", resultCode: "ESB000001").body
    }

    /// The first value of a header, matched case-insensitively; an empty value counts as absent.
    static func header(_ name: String, of request: Request) -> String? {
        let wanted = name.lowercased()
        let value = request.headers.first { $0.name.canonicalName == wanted }?.value.trimmingCharacters(in: .whitespaces)
        return value?.isEmpty == false ? value : nil
    }

    static func json(_ status: HTTPResponse.Status, _ body: SimulatorJSON) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.bytes)))
    }

    /// `{"data":…,"status":…}` with HTTP 200.
    static func answer(data: SimulatorJSON, status: AirtelMoneyStatus) -> Response {
        json(.ok, .object([("data", data), ("status", status.json)]))
    }

    /// A response that promises 64 bytes more than it sends, then fails, which closes the connection mid-answer.
    static func cutShort(_ body: SimulatorJSON) -> Response {
        let bytes = body.bytes
        return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: String(bytes.count + 64)],
                        body: ResponseBody { writer in
                            try await writer.write(ByteBuffer(bytes: bytes.prefix(bytes.count / 2)))
                            throw CancellationError()
                        })
    }

    /// The raw request body, up to 64 KiB.
    static func body(of request: Request) async throws -> [UInt8] {
        let buffer = try await request.body.collect(upTo: bodyLimit)
        return Array(buffer.readableBytesView)
    }

    /// The body as a JSON object, or a 400 field-validation refusal.
    static func object(_ bytes: [UInt8]) throws(AirtelMoneyHTTPFailure) -> SimulatorJSON {
        guard let value = try? SimulatorJSONParser.parse(bytes), case .object = value else {
            throw .fieldValidation("The request body is not a JSON object.")
        }
        return value
    }
}
