import Foundation
import Hummingbird

/// A status and a JSON body, as the simulator answers.
struct FlutterwaveReply: Sendable {
    let status: HTTPResponse.Status
    let body: SimulatorJSON

    /// `{"status":"success","message":…,"data":…}`, Flutterwave's success envelope, with any extra
    /// top-level fields (`meta`) after `data`.
    static func success(
        _ message: String, data: SimulatorJSON?, extra: [(String, SimulatorJSON)] = []
    ) -> FlutterwaveReply {
        var fields: [(String, SimulatorJSON)] = [("status", .string("success")), ("message", .string(message))]
        if let data { fields.append(("data", data)) }
        return FlutterwaveReply(status: .ok, body: .object(fields + extra))
    }
}

/// A refusal, answered in Flutterwave's error envelope `{"status":"error","message":"…","data":null}`
/// (or, for a server error, in the different body Flutterwave documents for 500s).
///
/// Thrown before anything is recorded, except `timedOut`, which the documented 28-second timeout returns
/// for a request that may well have been processed. Messages never contain a key, a card number or a
/// full phone number.
struct FlutterwaveAPIError: Error, Sendable {
    let status: HTTPResponse.Status
    let body: SimulatorJSON

    /// 400 with the error envelope: a missing or invalid field, a duplicate reference, an unknown id, a
    /// decline.
    static func invalid(_ message: String) -> FlutterwaveAPIError {
        FlutterwaveAPIError(status: .badRequest, body: envelope(message))
    }

    /// 401 with the error envelope.
    static func unauthorized(_ message: String) -> FlutterwaveAPIError {
        FlutterwaveAPIError(status: .unauthorized, body: envelope(message))
    }

    /// The documented 500: not the envelope, but `{"error_id","message","code":"app_error"}`.
    static func serverError() -> FlutterwaveAPIError {
        let stamp = Int64(Date().timeIntervalSince1970 * 1000)
        return FlutterwaveAPIError(status: .internalServerError, body: .object([
            ("error_id", .string("ERRNO\(FlutterwaveIdentifier.digits(9))T\(stamp)")),
            ("message", .string("Application error. Please contact support")),
            ("code", .string("app_error")),
        ]))
    }

    /// The documented answer after Flutterwave's 28-second processing window: 503 with the envelope.
    static let timedOut = FlutterwaveAPIError(
        status: .serviceUnavailable, body: envelope("An error occurred. Please contact support")
    )

    var reply: FlutterwaveReply {
        FlutterwaveReply(status: status, body: body)
    }

    private static func envelope(_ message: String) -> SimulatorJSON {
        .object([("status", .string("error")), ("message", .string(message)), ("data", .null)])
    }
}
