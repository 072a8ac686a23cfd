import Foundation
import HTTPTypes
import Hub
import Hummingbird
import Mustache
import Synchronization

/// The operator console at `/console`: payments with filters, a payment's timeline, the review queue (resolving
/// goes through `HubService.resolve`, as `hub payments resolve` does), providers with their circuits and an hour of
/// calls, wallets, and the ledger check on demand.
///
/// Server-rendered HTML, no script. An operator signs in with an API key; the session is a random token in an
/// `HttpOnly`, `SameSite=Strict` cookie scoped to `/console` (`Secure` when the request came over TLS through a
/// proxy that says so with `X-Forwarded-Proto: https`); every form that acts carries the session's CSRF token;
/// every page is sent with a Content-Security-Policy that allows nothing but the hub's own stylesheet.
public struct Console: Sendable {
    let hub: HubService
    let authenticate: @Sendable (String) -> ConsoleOperator?
    let sessions: ConsoleSessions
    let library: MustacheLibrary
    let signInFailures = SignInFailures()
    let now: @Sendable () -> Date

    static let sessionCookie = "hub_console"
    static let signInCookie = "hub_console_sign_in"
    static let maxFormBytes = 16 * 1024
    static let pageSize = 50
    static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"

    /// `authenticate` answers who an API key belongs to, or `nil` for a key the hub does not accept.
    public init(hub: HubService, authenticate: @escaping @Sendable (String) -> ConsoleOperator?,
                idleTimeout: TimeInterval = 3600, now: @escaping @Sendable () -> Date = Date.init) {
        self.hub = hub
        self.authenticate = authenticate
        self.sessions = ConsoleSessions(idleTimeout: idleTimeout)
        self.now = now
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            // The templates are constants of this module, checked by its tests: one that does not parse is a
            // programming error.
            try! library.register(text, named: name)
        }
        self.library = library
    }

    public func register(on router: Router<BasicRequestContext>) {
        router.get("console") { _, _ in Self.redirect("/console/payments") }
        router.get("console/assets/console.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=300"
            headers[.xContentTypeOptions] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConsoleTemplates.stylesheet)))
        }
        router.get("console/sign-in") { request, _ in signInPage(request) }
        router.post("console/sign-in") { request, _ in try await signIn(request) }
        router.post("console/sign-out") { request, _ in
            try await withSession(request, form: true) { signedIn, _ in
                sessions.end(signedIn.token)
                var response = Self.redirect("/console/sign-in")
                response.setCookie(expired(Self.sessionCookie, request))
                return response
            }
        }
        router.get("console/payments") { request, _ in
            try await withSession(request) { signedIn, _ in try await paymentsPage(request, signedIn) }
        }
        router.get("console/payments/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await withSession(request) { signedIn, _ in try await timelinePage(id, request, signedIn) }
        }
        router.post("console/payments/:id/resolve") { request, context in
            let id = try context.parameters.require("id")
            return try await withSession(request, form: true) { signedIn, form in try await resolve(id, form, request, signedIn) }
        }
        router.get("console/review") { request, _ in
            try await withSession(request) { signedIn, _ in try await reviewPage(request, signedIn) }
        }
        router.get("console/providers") { request, _ in
            try await withSession(request) { signedIn, _ in try await providersPage(request, signedIn) }
        }
        router.get("console/wallets/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await withSession(request) { signedIn, _ in try await walletPage(id, request, signedIn) }
        }
        router.get("console/ledger") { request, _ in
            try await withSession(request) { signedIn, _ in try await ledgerPage(request, signedIn, result: nil) }
        }
        router.post("console/ledger") { request, _ in
            try await withSession(request, form: true) { signedIn, _ in
                let verification = try await call { () throws(HubError) in try await hub.verifyLedger() }
                return try await ledgerPage(request, signedIn, result: verification)
            }
        }
    }

    /// The console paths, for the router's 405 answers.
    public static let routePaths = ["/console", "/console/assets/console.css", "/console/sign-in", "/console/sign-out",
                                    "/console/payments", "/console/payments/:id", "/console/payments/:id/resolve",
                                    "/console/review", "/console/providers", "/console/wallets/:id", "/console/ledger"]

    // MARK: Sessions

    struct SignedIn {
        var token: String
        var signedIn: ConsoleOperator
        var csrf: String
    }

    /// Runs `body` for a request with a live session; without one, sends the browser to sign in. With `form`, the
    /// body is read as a form first and must carry the session's CSRF token (403 otherwise, nothing done).
    func withSession(_ request: Request, form: Bool = false,
                     _ body: (SignedIn, ConsoleForm) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[Self.sessionCookie]?.value, let session = sessions.session(token, at: now()) else {
            if form { return try render(.forbidden, "message", title: "Signed out", request: request, signedIn: nil,
                                      ["message": "Your session has ended: sign in again.", "back": "/console/sign-in"]) }
            return Self.redirect("/console/sign-in")
        }
        let signedIn = SignedIn(token: token, signedIn: session.signedIn, csrf: session.csrfToken)
        var fields = ConsoleForm("")!
        if form {
            guard let parsed = try await readForm(request) else {
                return try render(.badRequest, "message", title: "Unreadable form", request: request, signedIn: signedIn,
                                ["message": "The form could not be read.", "back": "/console/payments"])
            }
            guard let csrf = parsed["csrf"], ConsoleSessions.same(csrf, session.csrfToken) else {
                return try render(.forbidden, "message", title: "Refused", request: request, signedIn: signedIn,
                                ["message": "This form is not one this console served in your session: nothing was done.",
                                 "back": "/console/payments"])
            }
            fields = parsed
        }
        return try await body(signedIn, fields)
    }

    func signInPage(_ request: Request, status: HTTPResponse.Status = .ok, notice: String? = nil) -> Response {
        let token = ConsoleSessions.randomToken()
        do {
            var response = try render(status, "sign-in", title: "Sign in", request: request, signedIn: nil,
                                    ["signInToken": token, "notice": notice as Any])
            response.setCookie(cookie(Self.signInCookie, token, request, maxAge: 600))
            return response
        } catch {
            return Response(status: .internalServerError)
        }
    }

    func signIn(_ request: Request) async throws -> Response {
        guard let form = try await readForm(request), let token = form["csrf"],
              let expected = request.cookies[Self.signInCookie]?.value, ConsoleSessions.same(token, expected) else {
            return signInPage(request, status: .forbidden, notice: "The sign-in form had expired: try again.")
        }
        guard signInFailures.allows(at: now()) else {
            return signInPage(request, status: .tooManyRequests, notice: "Too many failed sign-ins: wait a minute.")
        }
        guard let key = form["api_key"], !key.isEmpty, key.utf8.count <= 512, let signedIn = authenticate(key) else {
            signInFailures.record(at: now())
            return signInPage(request, status: .unauthorized, notice: "That key is not accepted.")
        }
        let session = sessions.start(signedIn, at: now())
        var response = Self.redirect("/console/payments")
        response.setCookie(cookie(Self.sessionCookie, session.token, request, maxAge: nil))
        response.setCookie(expired(Self.signInCookie, request))
        return response
    }

    func cookie(_ name: String, _ value: String, _ request: Request, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", secure: Self.overTLS(request), httpOnly: true, sameSite: .strict)
    }

    func expired(_ name: String, _ request: Request) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/console", secure: Self.overTLS(request),
               httpOnly: true, sameSite: .strict)
    }

    static func overTLS(_ request: Request) -> Bool {
        request.uri.scheme?.rawValue == "https" || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    func readForm(_ request: Request) async throws -> ConsoleForm? {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else { return nil }
        var body = request.body
        guard let buffer = try? await body.collect(upTo: Self.maxFormBytes) else { return nil }
        return ConsoleForm(String(buffer: buffer))
    }

    // MARK: Pages

    func paymentsPage(_ request: Request, _ signedIn: SignedIn) async throws -> Response {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String { parameters[name[...]].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "" }
        let id = text("id"), stateText = text("state"), kindText = text("kind"), providerText = text("provider")
        let walletText = text("wallet"), reviewText = text("review"), fromText = text("from"), toText = text("to")
        if !id.isEmpty {
            guard let paymentID = PaymentID(validating: id) else {
                return try render(.badRequest, "message", title: "Not a payment id", request: request, signedIn: signedIn,
                                ["message": "A payment id starts with pay_ followed by 32 hex digits.", "back": "/console/payments"])
            }
            return Self.redirect("/console/payments/\(paymentID.rawValue)")
        }
        var query = PaymentQuery()
        var problems: [String] = []
        if !stateText.isEmpty { if let state = PaymentState(rawValue: stateText) { query.state = state } else { problems.append("state") } }
        if !kindText.isEmpty { if let kind = PaymentKind(rawValue: kindText) { query.kind = kind } else { problems.append("kind") } }
        let providers = hub.registry.all.map(\.id.rawValue).sorted()
        if !providerText.isEmpty { if providers.contains(providerText) { query.provider = ProviderID(providerText) } else { problems.append("provider") } }
        if !walletText.isEmpty { if let wallet = try? WalletID(walletText) { query.wallet = wallet } else { problems.append("wallet") } }
        switch reviewText {
        case "": break
        case "yes": query.needsReview = true
        case "no": query.needsReview = false
        default: problems.append("review")
        }
        if !fromText.isEmpty { if let from = ConsoleFormat.day(fromText) { query.createdFrom = from } else { problems.append("from") } }
        if !toText.isEmpty {
            if let to = ConsoleFormat.day(toText) { query.createdBefore = to.addingTimeInterval(86_400) } else { problems.append("to") }
        }
        let cursor = parameters["cursor"].map(String.init)
        guard problems.isEmpty else {
            return try render(.badRequest, "message", title: "Unreadable filter", request: request, signedIn: signedIn,
                            ["message": "These filters could not be read: \(problems.joined(separator: ", ")).", "back": "/console/payments"])
        }
        let found: Page<Payment>
        do { found = try await hub.payments(matching: query, limit: Self.pageSize, cursor: cursor) } catch let error {
            return try render(.badRequest, "message", title: "Unreadable page", request: request, signedIn: signedIn,
                            ["message": error.message, "back": "/console/payments"])
        }
        let filter = ["id": "", "wallet": walletText, "from": fromText, "to": toText]
        var nextPage: String?
        if let next = found.nextCursor {
            let kept = [("state", stateText), ("kind", kindText), ("provider", providerText), ("wallet", walletText), ("review", reviewText),
                        ("from", fromText), ("to", toText), ("cursor", next)].filter { !$0.1.isEmpty }
            nextPage = "/console/payments?" + kept.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        }
        return try await page(.ok, "payments", title: "Payments", request: request, signedIn: signedIn, [
            "rows": found.items.map(ConsolePages.PaymentRow.init), "filter": filter, "nextPage": nextPage as Any,
            "stateOptions": ConsolePages.options(PaymentState.allCases.map(\.rawValue), selected: stateText),
            "kindOptions": ConsolePages.options(PaymentKind.allCases.map(\.rawValue), selected: kindText),
            "providerOptions": ConsolePages.options(providers, selected: providerText),
            "reviewOptions": ConsolePages.options(["yes", "no"], selected: reviewText, all: "either"),
        ], reviewCount: true)
    }

    func timelinePage(_ id: String, _ request: Request, _ signedIn: SignedIn) async throws -> Response {
        guard let paymentID = PaymentID(validating: id),
              let timeline = try await call({ () throws(HubError) in try await hub.timeline(of: paymentID) }) else {
            return try render(.notFound, "message", title: "No such payment", request: request, signedIn: signedIn,
                            ["message": "The hub has no payment with this id.", "back": "/console/payments"])
        }
        let notice: String? = switch request.uri.queryParameters["resolved"].map(String.init) {
        case "succeeded": "Resolved as succeeded."
        case "failed": "Resolved as failed."
        default: nil
        }
        let context = timelineValues(timeline, signedIn, notice: notice)
        let payment = timeline.payment
        return try await page(.ok, "timeline", title: "Payment \(payment.id.rawValue)", request: request, signedIn: signedIn, context,
                              reviewCount: true)
    }

    /// What a payment's page shows.
    func timelineValues(_ timeline: PaymentTimeline, _ signedIn: SignedIn, notice: String?) -> [String: Any] {
        let payment = timeline.payment
        let calls = hub.metrics.calls.calls(of: payment.id)
        let refundInFlight = payment.refundState == "requested" || payment.refundState == "pending"
        var subjects = [ConsolePages.Option(value: "payment", label: "the payment", selected: !refundInFlight)]
        if refundInFlight { subjects.insert(ConsolePages.Option(value: "refund", label: "its refund in flight", selected: true), at: 0) }
        return [
            "payment": ConsolePages.TimelinePayment(
                id: payment.id.rawValue, state: payment.state.rawValue, kind: payment.kind.rawValue, amount: ConsoleFormat.amount(payment.amount),
                wallet: payment.walletID.rawValue, counterparty: payment.counterparty.description, provider: payment.provider.rawValue,
                reference: payment.providerReference, failure: payment.failure.map(ConsoleFormat.failure),
                refund: payment.refundState, needsReview: payment.needsReview),
            "money": ConsolePages.whereIsTheMoney(timeline),
            "metadata": payment.metadata.sorted { $0.key < $1.key }.map { ConsolePages.KeyValue(key: $0.key, value: $0.value) },
            "steps": ConsolePages.steps(timeline, calls: calls),
            "callsNote": "Provider calls are those this hub process made since it started (the latest \(hub.metrics.calls.capacity)); "
                + "attempts, notifications, ledger lines and events come from the store.",
            "resolvable": payment.needsReview, "mayAct": signedIn.signedIn.mayAct, "subjects": subjects, "notice": notice as Any,
        ]
    }

    /// A payment's page as `GET /console/payments/:id` renders it (the review count included), for the benchmark;
    /// `nil` when there is no such payment.
    public func timelineHTML(of id: PaymentID, as signedIn: ConsoleOperator) async throws -> String? {
        guard let timeline = try await call({ () throws(HubError) in try await hub.timeline(of: id) }) else { return nil }
        let session = SignedIn(token: "", signedIn: signedIn, csrf: "")
        var values = timelineValues(timeline, session, notice: nil)
        if let flagged = try? await hub.paymentsNeedingReview(limit: 100), !flagged.isEmpty { values["reviewCount"] = flagged.count }
        return try html("timeline", title: "Payment \(id.rawValue)", signedIn: session, values)
    }

    func resolve(_ id: String, _ form: ConsoleForm, _ request: Request, _ signedIn: SignedIn) async throws -> Response {
        guard let paymentID = PaymentID(validating: id) else {
            return try render(.notFound, "message", title: "No such payment", request: request, signedIn: signedIn,
                            ["message": "The hub has no payment with this id.", "back": "/console/payments"])
        }
        let back = "/console/payments/\(paymentID.rawValue)"
        guard signedIn.signedIn.mayAct else {
            return try render(.forbidden, "message", title: "Refused", request: request, signedIn: signedIn,
                            ["message": "Resolving a payment needs a key with the admin scope: nothing was done.", "back": back])
        }
        guard let outcome = form["as"].flatMap(Resolution.init(rawValue:)), let subject = form["subject"], ["payment", "refund"].contains(subject) else {
            return try render(.badRequest, "message", title: "Not resolved", request: request, signedIn: signedIn,
                            ["message": "Choose what to resolve and whether it succeeded or failed.", "back": back])
        }
        let reason = form["reason"] ?? ""
        let who = "console:\(signedIn.signedIn.id)"
        do {
            _ = subject == "refund" ? try await hub.resolveRefund(paymentID, as: outcome, reason: reason, operator: who)
                : try await hub.resolve(paymentID, as: outcome, reason: reason, operator: who)
        } catch {
            let status: HTTPResponse.Status = switch error.kind {
            case .invalidRequest: .badRequest
            case .notFound: .notFound
            case .unavailable: .serviceUnavailable
            default: .conflict
            }
            return try render(status, "message", title: "Not resolved", request: request, signedIn: signedIn,
                            ["message": "\(error.message): nothing was changed.", "back": back])
        }
        return Self.redirect("\(back)?resolved=\(outcome.rawValue)")
    }

    func reviewPage(_ request: Request, _ signedIn: SignedIn) async throws -> Response {
        let flagged = try await call { () throws(HubError) in try await hub.paymentsNeedingReview(limit: 200) }
        let anomalies = try await call { () throws(HubError) in try await hub.anomalies(limit: 5000) }
        var causes: [PaymentID: String] = [:]
        for anomaly in anomalies where causes[anomaly.paymentID] == nil { causes[anomaly.paymentID] = anomaly.detail }
        struct Row {
            var since: String
            var id: String
            var kind: String
            var amount: String
            var state: String
            var provider: String
            var cause: String
        }
        let rows = flagged.map { payment in
            Row(since: ConsoleFormat.time(payment.updatedAt), id: payment.id.rawValue, kind: payment.kind.rawValue,
                amount: ConsoleFormat.amount(payment.amount), state: payment.state.rawValue, provider: payment.provider.rawValue,
                cause: causes[payment.id] ?? "see the payment's timeline")
        }
        return try render(.ok, "review", title: "Review queue", request: request, signedIn: signedIn, ["rows": rows, "reviewCount": rows.isEmpty ? nil : rows.count as Any])
    }

    func providersPage(_ request: Request, _ signedIn: SignedIn) async throws -> Response {
        let at = now()
        struct Row {
            var id: String
            var circuit: String
            var failures: Int?
            var operations: String
            var currencies: String
            var calls: Int
            var successRate: String
            var meanMillis: Int64
            var maxMillis: Int64
            var chart: ConsolePages.Chart
        }
        let rows = hub.registry.all.sorted { $0.id.rawValue < $1.id.rawValue }.map { provider in
            let circuit = hub.router.breakers.snapshot(provider.id, now: at)
            let minutes = hub.metrics.calls.minutes(of: provider.id, now: at)
            let calls = minutes.reduce(0) { $0 + $1.calls }, failures = minutes.reduce(0) { $0 + $1.failures }
            let total = minutes.reduce(Int64(0)) { $0 + $1.totalMillis }
            return Row(id: provider.id.rawValue, circuit: circuit.state.rawValue,
                       failures: circuit.consecutiveFailures == 0 ? nil : circuit.consecutiveFailures,
                       operations: provider.capabilities.operations.map(\.rawValue).sorted().joined(separator: ", "),
                       currencies: provider.capabilities.currencies.map(\.code).sorted().joined(separator: ", "),
                       calls: calls, successRate: calls == 0 ? "no calls" : "\((calls - failures) * 100 / calls) %",
                       meanMillis: calls == 0 ? 0 : total / Int64(calls), maxMillis: minutes.map(\.maxMillis).max() ?? 0,
                       chart: ConsolePages.chart(minutes))
        }
        return try await page(.ok, "providers", title: "Providers", request: request, signedIn: signedIn, ["rows": rows], reviewCount: true)
    }

    func walletPage(_ id: String, _ request: Request, _ signedIn: SignedIn) async throws -> Response {
        guard let wallet = try? WalletID(id) else {
            return try render(.notFound, "message", title: "No such wallet", request: request, signedIn: signedIn,
                            ["message": "This is not a wallet id.", "back": "/console/payments"])
        }
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let balances = try await call { () throws(HubError) in try await hub.balances(wallet: wallet) }
        let entries: Page<LedgerLine>
        do { entries = try await hub.entries(wallet: wallet, limit: Self.pageSize, cursor: cursor) } catch {
            return try render(.badRequest, "message", title: "Unreadable page", request: request, signedIn: signedIn,
                            ["message": error.message, "back": "/console/wallets/\(wallet.rawValue)"])
        }
        struct Balance {
            var currency: String
            var available: String
            var pending: String
            var posted: String
        }
        struct Entry {
            var id: Int64
            var at: String
            var kind: String
            var direction: String
            var amount: String
            var counterAccount: String
            var payment: String?
            var flagged: Bool
        }
        let context: [String: Any] = [
            "balances": balances.map { balance in
                Balance(currency: balance.currency.code, available: ConsoleFormat.amount(minorUnits: balance.available, currency: balance.currency),
                        pending: ConsoleFormat.amount(minorUnits: balance.held, currency: balance.currency),
                        posted: ConsoleFormat.amount(minorUnits: balance.posted, currency: balance.currency))
            },
            "entries": entries.items.map { line in
                Entry(id: line.transferID, at: ConsoleFormat.time(line.createdAt), kind: line.kind.rawValue, direction: line.direction.rawValue,
                      amount: ConsoleFormat.amount(line.amount), counterAccount: line.counterAccount, payment: line.paymentID?.rawValue,
                      flagged: line.flagged)
            },
            "nextPage": entries.nextCursor.map { "/console/wallets/\(wallet.rawValue)?cursor=\(Self.percentEncoded($0))" } as Any,
        ]
        return try await page(.ok, "wallet", title: "Wallet \(wallet.rawValue)", request: request, signedIn: signedIn, context, reviewCount: true)
    }

    func ledgerPage(_ request: Request, _ signedIn: SignedIn, result: LedgerVerification?) async throws -> Response {
        struct Result {
            var status: String
            var summary: String
            var problems: [String]
        }
        let shown = result.map { verification in
            Result(status: verification.isValid ? "ok" : "failed",
                   summary: verification.isValid
                       ? "Ledger OK: every invariant holds (\(verification.transfersChecked) transfers, \(verification.accountsChecked) accounts checked)."
                       : "\(verification.violations.count) invariant violations in \(verification.transfersChecked) transfers.",
                   problems: Array(verification.violations.prefix(100)))
        }
        return try await page(.ok, "ledger", title: "Ledger", request: request, signedIn: signedIn, ["result": shown as Any], reviewCount: true)
    }

    // MARK: Rendering

    func page(_ status: HTTPResponse.Status, _ template: String, title: String, request: Request, signedIn: SignedIn?,
              _ values: [String: Any], reviewCount: Bool = false) async throws -> Response {
        var values = values
        // Mustache takes any number, 0 too, as true: the count goes in only when there is one to show.
        if reviewCount, values["reviewCount"] == nil, let flagged = try? await hub.paymentsNeedingReview(limit: 100), !flagged.isEmpty {
            values["reviewCount"] = flagged.count
        }
        return try render(status, template, title: title, request: request, signedIn: signedIn, values)
    }

    func render(_ status: HTTPResponse.Status, _ template: String, title: String, request: Request, signedIn: SignedIn?,
                _ values: [String: Any]) throws -> Response {
        let html = try html(template, title: title, signedIn: signedIn, values)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func html(_ template: String, title: String, signedIn: SignedIn?, _ values: [String: Any]) throws -> String {
        // An optional put in `Any` would reach the template as a value with a `some` inside: the dictionary keeps
        // only present values, unwrapped.
        var context = values.compactMapValues(Self.unwrapped)
        context["title"] = title
        if let signedIn {
            context["signedIn"] = true
            context["csrf"] = signedIn.csrf
            context["operatorID"] = signedIn.signedIn.id
        }
        guard let html = library.render(context, withTemplate: template) else { throw HTTPError(.internalServerError) }
        return html
    }

    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.flatMap { unwrapped($0.value) }
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    func call<T>(_ body: () async throws(HubError) -> T) async throws -> T {
        do { return try await body() } catch { throw HTTPError(.serviceUnavailable, message: "the store did not answer") }
    }
}

/// Failed sign-ins in the last minute, all operators together: past 20, sign-in is refused until the minute has
/// passed, so a key cannot be guessed at the speed of the network.
final class SignInFailures: Sendable {
    private let failures = Mutex<[Date]>([])
    let limit = 20

    func allows(at now: Date) -> Bool {
        failures.withLock { failures in
            failures.removeAll { now.timeIntervalSince($0) >= 60 }
            return failures.count < limit
        }
    }

    func record(at now: Date) {
        failures.withLock { $0.append(now) }
    }
}
