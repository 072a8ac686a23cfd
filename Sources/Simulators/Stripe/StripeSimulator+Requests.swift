import Hummingbird

/// What an executing request knows about itself.
struct StripeRequestInfo: Sendable {
    /// `req_…`, also the `Request-Id` header and the `request.id` of the events it causes.
    let requestID: String
    let idempotencyKey: String?

    var origin: StripeEvent.Origin {
        StripeEvent.Origin(requestID: requestID, idempotencyKey: idempotencyKey)
    }
}

/// The pipeline every API request goes through, in Stripe's order.
extension StripeSimulator {
    /// Runs a POST: authenticate, decode the form, refuse unknown parameters, honour `Idempotency-Key`
    /// (replay, mismatch, in-flight), validate (a refusal here is answered and not saved), then execute (the
    /// answer, even a 402 or a 500, is saved under the key).
    func handlePOST<Command: Sendable>(
        _ request: Request, endpoint: String, parameters: Set<String>,
        validate: (StripeForm) async throws -> Command,
        execute: (Command, StripeRequestInfo) async -> StripeReply
    ) async -> Response {
        let requestID = StripeIdentifier.make("req", length: 14)
        let key = StripeHTTP.header("Idempotency-Key", of: request)
        let apiKey: String
        let form: StripeForm
        do {
            apiKey = try StripeHTTP.authenticate(request, accepted: configuration.apiKey)
            form = try await StripeHTTP.form(of: request)
            try form.requireKnown(parameters)
            if let key, key.count > 255 {
                throw StripeAPIError.invalidRequest(
                    "Invalid Idempotency-Key: it must be at most 255 characters long.", param: "Idempotency-Key"
                )
            }
        } catch {
            return StripeHTTP.response(Self.refusal(error), requestID: requestID, idempotencyKey: key)
        }
        let info = StripeRequestInfo(requestID: requestID, idempotencyKey: key)
        guard let key else {
            do {
                let command = try await validate(form)
                return StripeHTTP.response(await execute(command, info), requestID: requestID)
            } catch {
                return StripeHTTP.response(Self.refusal(error), requestID: requestID)
            }
        }
        switch await idempotency.claim(key, apiKey: apiKey, fingerprint: "POST \(endpoint)?\(form.fingerprint)") {
        case .replay(let saved):
            return StripeHTTP.response(saved.reply, requestID: saved.requestID, idempotencyKey: key, replayedFrom: saved.requestID)
        case .mismatch:
            let error = StripeAPIError(
                .badRequest, type: "idempotency_error", code: nil,
                message: "Keys for idempotent requests can only be used with the same parameters they were first used with. "
                    + "Try using a key other than '\(key)' if you meant to execute a different request."
            )
            return StripeHTTP.response(error.reply, requestID: requestID, idempotencyKey: key)
        case .inFlight:
            let error = StripeAPIError.invalidRequest(
                "There is currently another in-progress request using this Idempotent Key (that probably means you "
                    + "submitted twice, and the other request is still going through): \(key). Please try again later.",
                code: "idempotency_key_in_use", status: .conflict
            )
            return StripeHTTP.response(error.reply, requestID: requestID, idempotencyKey: key)
        case .claimed:
            break
        }
        let command: Command
        do {
            command = try await validate(form)
        } catch {
            await idempotency.release(key, apiKey: apiKey)
            return StripeHTTP.response(Self.refusal(error), requestID: requestID, idempotencyKey: key)
        }
        let reply = await execute(command, info)
        await idempotency.save(key, apiKey: apiKey, saved: .init(reply: reply, requestID: requestID))
        return StripeHTTP.response(reply, requestID: requestID, idempotencyKey: key)
    }

    /// Runs a GET: authenticate, then answer; the answer is never saved.
    func handleGET(_ request: Request, answer: () async throws -> StripeReply) async -> Response {
        let requestID = StripeIdentifier.make("req", length: 14)
        do {
            _ = try StripeHTTP.authenticate(request, accepted: configuration.apiKey)
            return StripeHTTP.response(try await answer(), requestID: requestID)
        } catch {
            return StripeHTTP.response(Self.refusal(error), requestID: requestID)
        }
    }

    /// A Stripe error as thrown, or a 400 for a body that could not be read (too large, cut short).
    private static func refusal(_ error: any Error) -> StripeReply {
        (error as? StripeAPIError ?? .invalidRequest("Invalid request: the body could not be read.")).reply
    }
}
