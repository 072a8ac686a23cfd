import Foundation
import Hub
@testable import HubConsole
import Testing

/// The operator console over real loopback HTTP, as a browser would use it: no page without a session, sign-in by
/// API key, CSRF on every action, strict headers, escaping of everything that comes from outside, and the pages'
/// content checked against what the hub recorded.
@Suite(.serialized) struct ConsoleTests {
    /// A browser's cookie jar and a few requests, without following redirects.
    final class Browser: @unchecked Sendable {  // used from one task at a time
        let live: LiveHub
        var cookies: [String: String] = [:]
        var lastSetCookies: [String] = []

        init(_ live: LiveHub) { self.live = live }

        struct Page {
            var status: Int
            var headers: [(name: String, value: String)]
            var html: String
            func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        }

        func send(_ method: String, _ path: String, form: [(String, String)]? = nil, rawForm: String? = nil) async throws -> Page {
            var headers: [(name: String, value: String)] = []
            if !cookies.isEmpty { headers.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
            var body: Data?
            if let rawForm {
                body = Data(rawForm.utf8)
            } else if let form {
                body = Data(form.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&").utf8)
            }
            if body != nil { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
            let response = try await live.client.send(HTTPRequest(method: method, url: live.baseURL + path, headers: headers, body: body))
            lastSetCookies = response.headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value)
            for line in lastSetCookies {
                let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
                if value.isEmpty || line.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
            }
            return Page(status: response.status, headers: response.headers, html: String(decoding: response.body, as: UTF8.self))
        }

        static func encode(_ text: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return text.addingPercentEncoding(withAllowedCharacters: allowed)!
        }

        /// The value of the first hidden `csrf` field on the page.
        static func csrf(_ html: String) -> String? {
            guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }

        func signIn(key: String) async throws -> Page {
            let form = try await send("GET", "/console/sign-in")
            let token = try #require(Self.csrf(form.html))
            return try await send("POST", "/console/sign-in", form: [("csrf", token), ("api_key", key)])
        }
    }

    static let pages = ["/console/payments", "/console/review", "/console/providers", "/console/ledger",
                        "/console/payments/pay_00000000000000000000000000000000", "/console/wallets/w1"]

    @Test func noPageIsReachableWithoutASession() async throws {
        try await LiveHub.run { live in
            let browser = Browser(live)
            for path in Self.pages {
                let page = try await browser.send("GET", path)
                #expect(page.status == 303, "\(path)")
                #expect(page.header("Location") == "/console/sign-in", "\(path)")
                #expect(!page.html.contains("<table"), "\(path)")
            }
            for path in ["/console/sign-out", "/console/ledger", "/console/payments/pay_00000000000000000000000000000000/resolve"] {
                let page = try await browser.send("POST", path, form: [("csrf", "x")])
                #expect(page.status == 403, "\(path)")
            }
            // A made-up session cookie is no session.
            browser.cookies[Console.sessionCookie] = ConsoleSessions.randomToken()
            #expect(try await browser.send("GET", "/console/payments").status == 303)
            // The stylesheet is public: the sign-in page needs it.
            let css = try await browser.send("GET", "/console/assets/console.css")
            #expect(css.status == 200 && css.header("Content-Type")?.hasPrefix("text/css") == true)
        }
    }

    @Test func signInTakesAnAcceptedKeyAndSetsAStrictCookie() async throws {
        try await LiveHub.run { live in
            let browser = Browser(live)
            let wrong = try await browser.signIn(key: live.apiKey + "x")
            #expect(wrong.status == 401)
            #expect(wrong.html.contains("That key is not accepted."))
            #expect(!wrong.html.contains(live.apiKey))
            #expect(browser.cookies[Console.sessionCookie] == nil)

            // Without the sign-in form's token (a form posted from another site), nothing happens.
            let forged = try await Browser(live).send("POST", "/console/sign-in", form: [("csrf", "forged"), ("api_key", live.apiKey)])
            #expect(forged.status == 403)
            #expect(!forged.lastSetCookieNames.contains(Console.sessionCookie))

            let signedIn = try await browser.signIn(key: live.apiKey)
            #expect(signedIn.status == 303)
            #expect(signedIn.header("Location") == "/console/payments")
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix(Console.sessionCookie + "=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/console"))
            #expect(!cookie.contains("Secure"))  // plain loopback HTTP
            #expect(!cookie.contains(live.apiKey))

            let page = try await browser.send("GET", "/console/payments")
            #expect(page.status == 200)
            #expect(page.header("Content-Security-Policy") == Console.contentSecurityPolicy)
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.html.contains("Sign out"))
            #expect(!page.html.contains(live.apiKey))

            let signOut = try await browser.send("POST", "/console/sign-out", form: [("csrf", try #require(Browser.csrf(page.html)))])
            #expect(signOut.status == 303)
            #expect(try await browser.send("GET", "/console/payments").status == 303)
        }
    }

    @Test func theTimelineTellsAPaymentsStoryAndEscapesWhatCameFromOutside() async throws {
        try await LiveHub.run { live in
            let topUp = try await live.post("/v1/top-ups", [
                "wallet_id": "console-1", "amount": 5000, "currency": "RWF",
                "source": ["type": "mobile_money", "msisdn": "+250788123456"],
                "metadata": ["note": "<script>alert(1)</script>", "quote": "\"'&"],
            ])
            let id = try #require(topUp["id"] as? String)
            #expect(try await live.settle(id)["state"] as? String == "succeeded")
            let failed = try await live.withdraw(wallet: "console-1", amount: 100_000, msisdn: "+250788123456")
            #expect(failed.status == 422)  // more than the wallet holds: refused, nothing recorded

            let browser = Browser(live)
            _ = try await browser.signIn(key: live.apiKey)
            let page = try await browser.send("GET", "/console/payments/\(id)")
            #expect(page.status == 200)
            #expect(page.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.html.contains("<script>"))
            #expect(page.html.contains("&quot;&#39;&amp;"))
            #expect(!page.html.contains("250788123456"))  // the number is masked
            #expect(page.html.contains("5\u{2009}000 RWF"))
            for step in ["Request", "Routing", "Attempt 1", "Provider call", "Ledger #", "Event to the wallet"] {
                #expect(page.html.contains(step), "timeline lacks \(step)")
            }
            #expect(page.html.contains("payment.succeeded"))
            #expect(page.html.contains("The wallet was credited 5\u{2009}000 RWF."))
            #expect(!page.html.contains("id=\"resolve-form\""))  // nothing to resolve

            let list = try await browser.send("GET", "/console/payments?state=succeeded&wallet=console-1")
            #expect(list.html.contains(id))
            let none = try await browser.send("GET", "/console/payments?state=failed&wallet=console-1")
            #expect(!none.html.contains(id) && none.html.contains("No payment matches."))
            let bad = try await browser.send("GET", "/console/payments?state=bogus")
            #expect(bad.status == 400 && bad.html.contains("state"))
            let jump = try await browser.send("GET", "/console/payments?id=\(id)")
            #expect(jump.status == 303 && jump.header("Location") == "/console/payments/\(id)")
            #expect(try await browser.send("GET", "/console/payments/pay_00000000000000000000000000000000").status == 404)
            #expect(try await browser.send("GET", "/console/payments/..%2F..%2Fetc").status == 404)

            let wallet = try await browser.send("GET", "/console/wallets/console-1")
            #expect(wallet.status == 200 && wallet.html.contains("5\u{2009}000 RWF") && wallet.html.contains(id))
            let providers = try await browser.send("GET", "/console/providers")
            #expect(providers.status == 200 && providers.html.contains("<svg") && providers.html.contains("mtn-momo"))
            #expect(providers.html.contains("closed"))
            let ledger = try await browser.send("POST", "/console/ledger", form: [("csrf", try #require(Browser.csrf(providers.html)))])
            #expect(ledger.status == 200 && ledger.html.contains("Ledger OK"))
        }
    }

    @Test func theReviewQueueResolvesOnlyWithTheSessionsToken() async throws {
        try await LiveHub.run { live in
            let topUp = try await live.topUp(wallet: "console-2", amount: 700, msisdn: "+250788123457")
            let id = try #require(topUp["id"] as? String)
            _ = try await live.settle(id)
            let paymentID = try #require(PaymentID(validating: id))
            try await live.store.flagForReview(paymentID, source: "test", detail: "statement shows no such credit <b>", at: Date())

            let browser = Browser(live)
            _ = try await browser.signIn(key: live.apiKey)
            let queue = try await browser.send("GET", "/console/review")
            #expect(queue.html.contains(id))
            #expect(queue.html.contains("statement shows no such credit &lt;b&gt;"))

            let timeline = try await browser.send("GET", "/console/payments/\(id)")
            #expect(timeline.html.contains("id=\"resolve-form\""))
            let token = try #require(Browser.csrf(timeline.html))

            // Another token, or none: refused, nothing changed.
            for form in [[("csrf", "not-the-token"), ("subject", "payment"), ("as", "failed"), ("reason", "x")],
                         [("subject", "payment"), ("as", "failed"), ("reason", "x")]] {
                let refused = try await browser.send("POST", "/console/payments/\(id)/resolve", form: form)
                #expect(refused.status == 403)
            }
            // A duplicated field is not a form this console reads.
            let doubled = try await browser.send("POST", "/console/payments/\(id)/resolve",
                                                 rawForm: "csrf=\(token)&subject=payment&as=failed&as=succeeded&reason=x")
            #expect(doubled.status == 400)
            // The reason is required.
            let noReason = try await browser.send("POST", "/console/payments/\(id)/resolve",
                                                  form: [("csrf", token), ("subject", "payment"), ("as", "succeeded"), ("reason", "")])
            #expect(noReason.status == 400)
            #expect(try await live.hub.payment(paymentID).needsReview)

            let resolved = try await browser.send("POST", "/console/payments/\(id)/resolve",
                                                  form: [("csrf", token), ("subject", "payment"), ("as", "succeeded"),
                                                         ("reason", "seen on the MoMo statement")])
            #expect(resolved.status == 303)
            let after = try await live.hub.payment(paymentID)
            #expect(!after.needsReview)
            let resolutions = try await live.store.resolutions(of: paymentID)
            #expect(resolutions.count == 1)
            #expect(resolutions.first?.operator == "console:" + APIKey.derivedID(of: live.apiKey))
            #expect(resolutions.first?.reason == "seen on the MoMo statement")

            let empty = try await browser.send("GET", "/console/review")
            #expect(empty.html.contains("Nothing needs review."))
            let story = try await browser.send("GET", "/console/payments/\(id)?resolved=succeeded")
            #expect(story.html.contains("Resolved as succeeded.") && story.html.contains("seen on the MoMo statement"))
        }
    }
}

extension ConsoleTests {
    /// A key that may only read signs in and sees everything, but cannot resolve; a key that may only move money
    /// cannot sign in at all.
    @Test func scopesDecideWhoMaySignInAndWhoMayAct() async throws {
        let reader = APIKey(id: "ops-read", key: "reader-\(UUID().uuidString)", scopes: [.paymentsRead])
        let writer = APIKey(id: "wallet", key: "writer-\(UUID().uuidString)", scopes: [.paymentsWrite])
        try await LiveHub.run(keys: [reader, writer]) { live in
            let topUp = try await live.topUp(wallet: "console-3", amount: 900, msisdn: "+250788123458")
            let id = try #require(topUp["id"] as? String)
            _ = try await live.settle(id)
            let paymentID = try #require(PaymentID(validating: id))
            try await live.store.flagForReview(paymentID, source: "test", detail: "check", at: Date())

            #expect(try await Browser(live).signIn(key: writer.key).status == 401)
            let browser = Browser(live)
            #expect(try await browser.signIn(key: reader.key).status == 303)
            let page = try await browser.send("GET", "/console/payments/\(id)")
            #expect(page.status == 200 && page.html.contains("ops-read"))
            #expect(!page.html.contains("id=\"resolve-form\"") && page.html.contains("needs the admin scope"))
            let refused = try await browser.send("POST", "/console/payments/\(id)/resolve",
                                                 form: [("csrf", try #require(Browser.csrf(page.html))), ("subject", "payment"),
                                                        ("as", "failed"), ("reason", "x")])
            #expect(refused.status == 403)
            #expect(try await live.hub.payment(paymentID).needsReview)
        }
    }
}

extension ConsoleTests.Browser.Page {
    var lastSetCookieNames: [String] {
        headers.filter { $0.name.lowercased() == "set-cookie" }.map { String($0.value.prefix { $0 != "=" }) }
    }
}

@Suite struct ConsolePartsTests {
    @Test func formsAreReadStrictly() {
        let form = ConsoleForm("a=1&b=two+words&c=%3Cx%3E&d=")
        #expect(form?["a"] == "1")
        #expect(form?["b"] == "two words")
        #expect(form?["c"] == "<x>")
        #expect(form?["d"] == "")
        #expect(ConsoleForm("a=1&a=2") == nil)
        #expect(ConsoleForm("a=%ZZ") == nil)
        #expect(ConsoleForm("a=%FF%FE") == nil)  // not UTF-8
    }

    @Test func amountsFollowTheirCurrencysExponent() throws {
        #expect(ConsoleFormat.amount(try Money(minorUnits: 150_050, currency: Currency(code: "KES")!)) == "1\u{2009}500.50 KES")
        #expect(ConsoleFormat.amount(try Money(minorUnits: 2_000_000, currency: Currency(code: "RWF")!)) == "2\u{2009}000\u{2009}000 RWF")
        #expect(ConsoleFormat.amount(try Money(minorUnits: 5, currency: Currency(code: "USD")!)) == "0.05 USD")
        #expect(ConsoleFormat.day("2026-02-30") == nil)
        #expect(ConsoleFormat.day("2026-12-03").map(ConsoleFormat.time) == "2026-12-03 00:00:00.000")
    }

    @Test func theCallJournalKeepsTheLatestCallsAndAnHourOfMinutes() {
        let journal = ProviderCallJournal(capacity: 3)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let payment = PaymentID(rawValue: "pay_1")
        for index in 0..<5 {
            journal.record(.init(provider: "p", operation: .status, paymentID: index == 0 || index == 4 ? payment : nil,
                                 outcome: index == 2 ? .ambiguous : .succeeded, durationMillis: Int64(10 * index),
                                 at: start.addingTimeInterval(Double(index) * 30)))
        }
        #expect(journal.calls(of: payment).map(\.durationMillis) == [40])  // the first call has been overwritten
        let minutes = journal.minutes(of: "p", now: start.addingTimeInterval(150))
        #expect(minutes.count == ProviderCallJournal.minutesKept)
        #expect(minutes.reduce(0) { $0 + $1.calls } == 5)
        #expect(minutes.reduce(0) { $0 + $1.failures } == 1)
        #expect(journal.minutes(of: "p", now: start.addingTimeInterval(3 * 3600)).allSatisfy { $0.calls == 0 })
    }

    @Test func sessionsEndWhenIdleAndOnSignOut() {
        let sessions = ConsoleSessions(idleTimeout: 60, lifetime: 600)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let (token, _) = sessions.start(ConsoleOperator(id: "key-1", mayAct: true), at: start)
        #expect(sessions.session(token, at: start.addingTimeInterval(59)) != nil)
        #expect(sessions.session(token, at: start.addingTimeInterval(118)) != nil)  // idle clock restarted at 59
        #expect(sessions.session(token, at: start.addingTimeInterval(200)) == nil)
        let (second, _) = sessions.start(ConsoleOperator(id: "key-1", mayAct: true), at: start)
        sessions.end(second)
        #expect(sessions.session(second, at: start) == nil)
        #expect(ConsoleSessions.randomToken().count == 43)
    }
}

extension ConsolePartsTests {
    @Test func optionalValuesReachTheTemplatesUnwrapped() throws {
        let present: String? = "shown"
        let absent: String? = nil
        #expect(Console.unwrapped(present as Any) as? String == "shown")
        #expect(Console.unwrapped(absent as Any) == nil)
        #expect(Console.unwrapped(3) as? Int == 3)
    }
}
