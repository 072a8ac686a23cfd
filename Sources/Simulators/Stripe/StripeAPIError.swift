import Foundation
import Hummingbird

/// An answer with Stripe's error object `{"error":{"type","code","decline_code","message","param",…}}`.
///
/// Thrown for a refusal before execution (validation, authentication, a missing object); a card decline is
/// an outcome of execution and is answered through `reply` instead of thrown. Messages never contain a full
/// API key.
struct StripeAPIError: Error, Sendable {
    let status: HTTPResponse.Status
    let type: String
    let code: String?
    let message: String
    let param: String?
    /// Extra fields of the error object after the common ones (a decline's `decline_code`, `charge`,
    /// `payment_intent`, `payment_method`).
    let details: [(String, StripeJSON)]

    init(
        _ status: HTTPResponse.Status, type: String, code: String?, message: String, param: String? = nil,
        details: [(String, StripeJSON)] = []
    ) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.details = details
    }

    /// A 400 `invalid_request_error` (or another status, such as 404 for a missing object).
    static func invalidRequest(
        _ message: String, param: String? = nil, code: String? = nil, status: HTTPResponse.Status = .badRequest
    ) -> StripeAPIError {
        StripeAPIError(status, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// A required parameter is absent.
    static func missing(_ param: String) -> StripeAPIError {
        .invalidRequest("Missing required param: \(param).", param: param, code: "parameter_missing")
    }

    /// `No such payment_intent: 'pi_…'`: 404 when the id is in the path, 400 when it is a parameter.
    static func noSuch(_ kind: String, _ id: String, param: String, status: HTTPResponse.Status) -> StripeAPIError {
        .invalidRequest("No such \(kind): '\(id)'", param: param, code: "resource_missing", status: status)
    }

    static func unauthorized(_ message: String) -> StripeAPIError {
        StripeAPIError(.unauthorized, type: "invalid_request_error", code: nil, message: message)
    }

    /// The answer of a simulated server failure.
    static let apiError = StripeAPIError(
        .internalServerError, type: "api_error", code: nil,
        message: "An unknown error occurred while processing your request. Please try again."
    )

    /// The error object: `error` holds the code (and its `doc_url`), the extra details, the message, the
    /// parameter and the type.
    var body: StripeJSON {
        var fields: [(String, StripeJSON)] = []
        if let code {
            fields.append(("code", .string(code)))
            fields.append(("doc_url", .string("https://stripe.com/docs/error-codes/\(code.replacingOccurrences(of: "_", with: "-"))")))
        }
        fields += details
        fields.append(("message", .string(message)))
        if let param { fields.append(("param", .string(param))) }
        fields.append(("type", .string(type)))
        return .object([("error", .object(fields))])
    }

    var reply: StripeReply {
        StripeReply(status: status, body: body)
    }
}

/// A status and a JSON body, as executed; what an idempotency key saves.
struct StripeReply: Sendable {
    let status: HTTPResponse.Status
    let body: StripeJSON
}
