import Foundation
import Hub
import Testing

/// The wallet API door: every attack a stranger (or a confused wallet backend) can send to `/v1`. Each case checks
/// the exact status and problem type, that no row was written in any table, and that a valid top-up right after
/// still succeeds.
@Suite(.serialized) struct APIDoorCatalogueTests {
    /// A valid top-up body with one part replaced: `amount`, `currency`, `msisdn`, `wallet` are spliced in as raw JSON
    /// text, `extra` is appended inside the object.
    static func body(wallet: String = #""bad""#, amount: String = "100", currency: String = #""RWF""#,
                     msisdn: String = #""+250788000333""#, source: String? = nil, extra: String = "") -> String {
        let party = source ?? #"{"type":"mobile_money","msisdn":\#(msisdn)}"#
        return #"{"wallet_id":\#(wallet),"amount":\#(amount),"currency":\#(currency),"source":\#(party)\#(extra)}"#
    }

    /// `body` with raw bytes in place of the metadata value, for encodings no Swift string can hold.
    static func withMetadataBytes(_ bytes: [UInt8]) -> Data {
        var data = Data(body(extra: #","metadata":{"note":""#).dropLast(2).utf8)
        data.append(contentsOf: bytes)
        data.append(contentsOf: Array(#""}}"#.utf8))
        return data
    }

    /// `text` with the one `marker` character replaced by raw `bytes`.
    static func replacing(_ marker: Character, in text: String, with bytes: [UInt8]) -> Data {
        let parts = text.split(separator: marker, maxSplits: 1, omittingEmptySubsequences: false)
        return Data(parts[0].utf8) + Data(bytes) + Data(parts[1].utf8)
    }

    static let malformed: [BodyAttack] = [
        BodyAttack("truncated JSON", String(body().prefix(40))),
        BodyAttack("truncated inside a string", #"{"wallet_id":"ba"#),
        BodyAttack("single-quoted strings", body().replacingOccurrences(of: "\"", with: "'")),
        BodyAttack("trailing comma", body(extra: ",")),
        BodyAttack("text after the object", body() + " {}"),
        BodyAttack("top-level array", "[" + body() + "]"),
        BodyAttack("top-level string", #""top-up""#),
        BodyAttack("empty body", ""),
        BodyAttack("nesting deeper than the limit", String(repeating: "[", count: 100) + String(repeating: "]", count: 100)),
        BodyAttack("duplicate top-level key", body(extra: #","amount":200"#)),
        BodyAttack("duplicate key inside source", body(msisdn: #""+250788000333","msisdn":"+250788000444""#)),
        BodyAttack("unescaped control character in a string", body(wallet: "\"ba\u{01}d\"")),
        BodyAttack("raw NUL byte in a string", body(wallet: "\"ba\u{00}d\"")),
    ]

    static let wrongTypes: [BodyAttack] = [
        BodyAttack("wallet id as a number", body(wallet: "7"), field: "wallet_id"),
        BodyAttack("wallet id as null", body(wallet: "null"), field: "wallet_id"),
        BodyAttack("amount as a string", body(amount: #""100""#), field: "amount"),
        BodyAttack("amount as a boolean", body(amount: "true"), field: "amount"),
        BodyAttack("amount as an object", body(amount: #"{"value":100}"#), field: "amount"),
        BodyAttack("currency as a number", body(currency: "646"), field: "currency"),
        BodyAttack("msisdn as a number", body(msisdn: "250788000333"), field: "source.msisdn"),
        BodyAttack("source as a string", body(source: #""mobile_money""#), field: "source"),
        BodyAttack("metadata as an array", body(extra: #","metadata":["a"]"#), field: "metadata"),
        BodyAttack("metadata value as a number", body(extra: #","metadata":{"a":1}"#), field: "metadata"),
    ]

    static let amounts: [BodyAttack] = [
        BodyAttack("float amount 100.0", body(amount: "100.0"), field: "amount"),
        BodyAttack("exponent amount 1e3", body(amount: "1e3"), field: "amount"),
        BodyAttack("negative exponent amount 1000e-1", body(amount: "1000e-1"), field: "amount"),
        BodyAttack("negative amount", body(amount: "-1"), field: "amount"),
        BodyAttack("negative zero amount", body(amount: "-0"), field: "amount"),
        BodyAttack("zero amount", body(amount: "0"), field: "amount"),
        BodyAttack("amount with a leading zero", body(amount: "0100"), field: nil),
        BodyAttack("amount one past Int64.max", body(amount: "9223372036854775808"), field: "amount"),
        BodyAttack("amount Int64.min", body(amount: "-9223372036854775808"), field: "amount"),
        BodyAttack("amount of 40 digits", body(amount: String(repeating: "9", count: 40)), field: "amount"),
        BodyAttack("amount Int64.max", body(amount: "9223372036854775807"), status: 422, type: "/problems/amount-over-limit"),
        BodyAttack("amount 10^18", body(amount: "1000000000000000000"), status: 422, type: "/problems/amount-over-limit"),
    ]

    static let currencies: [BodyAttack] = [
        BodyAttack("unknown currency", body(currency: #""XYZ""#), field: "currency"),
        BodyAttack("lower-case currency", body(currency: #""rwf""#), field: "currency"),
        BodyAttack("currency with a trailing space", body(currency: #""RWF ""#), field: "currency"),
        BodyAttack("currency as a numeric ISO code", body(currency: #""646""#), field: "currency"),
        BodyAttack("empty currency", body(currency: #""""#), field: "currency"),
    ]

    static let msisdns: [BodyAttack] = [
        BodyAttack("msisdn too short", body(msisdn: #""+25078800""#), field: "source.msisdn"),
        BodyAttack("msisdn too long", body(msisdn: #""+2507880003331234""#), field: "source.msisdn"),
        BodyAttack("msisdn with a letter", body(msisdn: #""+25078800O333""#), field: "source.msisdn"),
        BodyAttack("msisdn without the plus", body(msisdn: #""250788000333""#), field: "source.msisdn"),
        BodyAttack("msisdn in national form", body(msisdn: #""0788000333""#), field: "source.msisdn"),
        BodyAttack("msisdn with a leading tab", body(msisdn: #""\t+250788000333""#), field: "source.msisdn"),
        BodyAttack("msisdn with a trailing no-break space", body(msisdn: "\"+250788000333\u{A0}\""), field: "source.msisdn"),
        BodyAttack("msisdn with a trailing newline", body(msisdn: #""+250788000333\n""#), field: "source.msisdn"),
        BodyAttack("msisdn in full-width digits", body(msisdn: "\"+\u{FF12}\u{FF15}\u{FF10}\u{FF17}\u{FF18}\u{FF18}\u{FF10}\u{FF10}\u{FF10}\u{FF13}\u{FF13}\u{FF13}\""),
                   field: "source.msisdn"),
        BodyAttack("msisdn in Arabic-Indic digits", body(msisdn: "\"+\u{0662}\u{0665}\u{0660}\u{0667}\u{0668}\u{0668}\u{0660}\u{0660}\u{0660}\u{0663}\u{0663}\u{0663}\""),
                   field: "source.msisdn"),
        BodyAttack("Kenyan number sent to the Rwandan provider", body(msisdn: #""+254712345678""#, extra: #","provider":"mtn-momo""#),
                   status: 422, type: "/problems/no-route"),
        BodyAttack("Rwandan number with a Kenyan country", body(source: #"{"type":"mobile_money","msisdn":"+250788000333","country":"KE"}"#),
                   field: "source.msisdn"),
    ]

    static let text: [BodyAttack] = [
        BodyAttack("invalid UTF-8 in the wallet id", replacing("#", in: body(wallet: #""b#ad""#), with: [0xFF])),
        BodyAttack("invalid UTF-8 in metadata", withMetadataBytes([0x61, 0xC3, 0x28])),
        BodyAttack("overlong UTF-8 slash in metadata", withMetadataBytes([0xC0, 0xAF])),
        BodyAttack("overlong UTF-8 NUL in metadata", withMetadataBytes([0xE0, 0x80, 0x80])),
        BodyAttack("UTF-16 surrogate encoded in UTF-8 in metadata", withMetadataBytes([0xED, 0xA0, 0x80])),
        BodyAttack("lone escaped surrogate in metadata", body(extra: #","metadata":{"note":"\ud800"}"#)),
        BodyAttack("escaped NUL in metadata", body(extra: #","metadata":{"note":"a\u0000b"}"#), field: "metadata"),
        BodyAttack("escaped NUL in a metadata key", body(extra: #","metadata":{"no\u0000te":"a"}"#), field: "metadata"),
        BodyAttack("RTL override in metadata", body(extra: "\u{2C}\"metadata\":{\"note\":\"pay \u{202E}0001\"}"), field: "metadata"),
        BodyAttack("newline forging a log line in metadata", body(extra: #","metadata":{"note":"a\nlevel=info msg=paid"}"#), field: "metadata"),
        BodyAttack("escaped RTL override in metadata", body(extra: #","metadata":{"note":"\u202egnp.exe"}"#), field: "metadata"),
        BodyAttack("10 000-character metadata value", body(extra: #","metadata":{"note":"\#(String(repeating: "a", count: 10_000))"}"#),
                   field: "metadata"),
        BodyAttack("10 000-character metadata key", body(extra: #","metadata":{"\#(String(repeating: "k", count: 10_000))":"a"}"#),
                   field: "metadata"),
        BodyAttack("21 metadata keys", body(extra: #","metadata":{\#((0...20).map { "\"k\($0)\":\"v\"" }.joined(separator: ","))}"#),
                   field: "metadata"),
        BodyAttack("10 000-character description", body(extra: #","description":"\#(String(repeating: "d", count: 10_000))""#),
                   field: "description"),
        BodyAttack("NUL in the wallet id", body(wallet: #""ba\u0000d""#), field: "wallet_id"),
        BodyAttack("RTL override in the wallet id", body(wallet: #""ba\u202ed""#), field: "wallet_id"),
        BodyAttack("10 000-character wallet id", body(wallet: "\"\(String(repeating: "w", count: 10_000))\""), field: "wallet_id"),
        BodyAttack("path traversal in the wallet id", body(wallet: #""../../etc/passwd""#), field: "wallet_id"),
        BodyAttack("SQL metacharacters in the wallet id", body(wallet: #""x'; DROP TABLE payments; --""#), field: "wallet_id"),
        BodyAttack("path traversal in the provider", body(extra: #","provider":"../stripe""#), status: 422, type: "/problems/no-route"),
        BodyAttack("SQL metacharacters in the provider", body(extra: #","provider":"mtn-momo' OR '1'='1""#), status: 422, type: "/problems/no-route"),
    ]

    @Test(arguments: malformed + wrongTypes) func malformedOrMistypedBodyIsRefused(_ attack: BodyAttack) async throws {
        try await Self.expectRefused(attack)
    }

    @Test(arguments: amounts + currencies) func badMoneyIsRefused(_ attack: BodyAttack) async throws {
        try await Self.expectRefused(attack)
    }

    @Test(arguments: msisdns) func badNumberIsRefused(_ attack: BodyAttack) async throws {
        try await Self.expectRefused(attack)
    }

    @Test(arguments: text) func hostileTextIsRefused(_ attack: BodyAttack) async throws {
        try await Self.expectRefused(attack)
    }

    static func expectRefused(_ attack: BodyAttack) async throws {
        try await LiveHub.run { live in
            try await live.expectRefused(attack.name, status: attack.status, type: attack.type) {
                let answer = try await live.request("POST", "/v1/top-ups", body: attack.bytes)
                if let field = attack.field { #expect(answer["field"] as? String == field, "\(attack.name): field \(answer["field"] ?? "none")") }
                #expect((answer["detail"] as? String)?.contains("788000333") == false, "\(attack.name): the number is not echoed")
                return answer
            }
        }
    }

    /// Spaces around and inside a number are how people write them (`+250 788 000 333`): the hub reads them away and
    /// stores the E.164 number, so the same number spelt two ways is one number. Not a refusal, and written down here.
    @Test(arguments: [" +250788000333", "+250788000333 ", "+250 788 000 333", "+250-788-000-333"])
    func spacedNumberIsStoredInE164(_ spelt: String) async throws {
        try await LiveHub.run { live in
            let answer = try await live.request("POST", "/v1/top-ups", body: Data(Self.body(msisdn: "\"\(spelt)\"").utf8))
            #expect(answer.status == 201)
            let idText = try #require(answer["id"] as? String)
            let id = try #require(PaymentID(validating: idText))
            let stored = try #require(try await live.store.payment(id))
            #expect(stored.counterparty == .mobileMoney(try MSISDN("+250788000333")))
            #expect(try await WrittenRows.count(live.store).payments == 1)
        }
    }

    // MARK: Size, media type and idempotency

    @Test func bodyOf64KiBPlusOneIsRefused() async throws {
        try await LiveHub.run { live in
            let padding = 64 * 1024 + 1 - Self.body(extra: #","metadata":{"x":""}"#).utf8.count
            let bytes = Data(Self.body(extra: #","metadata":{"x":"\#(String(repeating: "a", count: padding))"}"#).utf8)
            #expect(bytes.count == 64 * 1024 + 1)
            try await live.expectRefused("65 KiB + 1", status: 413, type: "/problems/too-large") {
                try await live.request("POST", "/v1/top-ups", body: bytes)
            }
        }
    }

    @Test(arguments: ["", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                      "application/jsonp", "application/json-patch+json", "text/json"])
    func wrongContentTypeIsRefused(_ contentType: String) async throws {
        try await LiveHub.run { live in
            try await live.expectRefused("Content-Type '\(contentType)'", status: 415, type: "/problems/unsupported-media-type") {
                try await live.request("POST", "/v1/top-ups", body: Data(Self.body().utf8), contentType: contentType)
            }
        }
    }

    @Test(arguments: [("missing", nil), ("empty", ""), ("256 characters", String(repeating: "k", count: 256)),
                      ("non-ASCII", "cl\u{e9}-1"), ("with a space", "two words"), ("with an RTL override", "\u{202e}key"),
                      ("with a tab", "tab\tkey")] as [(String, String?)])
    func badIdempotencyKeyIsRefused(_ label: String, _ key: String?) async throws {
        try await LiveHub.run { live in
            try await live.expectRefused("Idempotency-Key \(label)", status: 400, type: "/problems/invalid-request") {
                var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
                if let key { headers.append(("Idempotency-Key", key)) }
                let answer = try await live.send("POST", "/v1/top-ups", body: Data(Self.body().utf8), headers: headers)
                #expect(answer["field"] as? String == "Idempotency-Key", "\(label)")
                return answer
            }
        }
    }

    @Test func idempotencyKeyReusedWithAnotherBodyIsRefused() async throws {
        try await LiveHub.run { live in
            let first = try await live.request("POST", "/v1/top-ups", body: Data(Self.body().utf8), idempotencyKey: "reused-1")
            #expect(first.status == 201)
            try await live.expectRefused("reused key", status: 422, type: "/problems/idempotency-key-reused") {
                try await live.request("POST", "/v1/top-ups", body: Data(Self.body(amount: "200").utf8), idempotencyKey: "reused-1")
            }
        }
    }

    // MARK: Ids in paths and queries

    @Test(arguments: [
        ("GET", "/v1/payments/..%2F..%2Fetc%2Fpasswd", 404, "/problems/not-found"),
        ("GET", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9'%20OR%20'1'='1", 404, "/problems/not-found"),
        ("GET", "/v1/payments/%00", 404, "/problems/not-found"),
        ("POST", "/v1/payments/..%2F..%2Fv1%2Ftop-ups/refund", 404, "/problems/not-found"),
        ("POST", "/v1/payments/pay_1';DELETE%20FROM%20payments;--/refund", 404, "/problems/not-found"),
        ("GET", "/v1/wallets/..%2F..%2Fadmin/balance", 400, "/problems/invalid-request"),
        ("GET", "/v1/wallets/x';DROP%20TABLE%20ledger_transfers;--/balance", 400, "/problems/invalid-request"),
        ("GET", "/v1/wallets/%E2%80%AEw/entries", 400, "/problems/invalid-request"),
        ("GET", "/v1/payments?wallet_id=%27%20OR%201%3D1--", 400, "/problems/invalid-request"),
        ("GET", "/v1/payments?wallet_id=..%2F..", 400, "/problems/invalid-request"),
        ("GET", "/v1/payments?wallet_id=bad&cursor=1'%20OR%20'1'%3D'1", 400, "/problems/invalid-request"),
        ("GET", "/v1/wallets/bad/entries?limit=1;DROP", 400, "/problems/invalid-request"),
    ] as [(String, String, Int, String)])
    func hostileIdIsRefused(_ method: String, _ path: String, _ status: Int, _ type: String) async throws {
        try await LiveHub.run { live in
            try await live.expectRefused("\(method) \(path)", status: status, type: type) {
                try await live.request(method, path, body: method == "POST" ? Data() : nil)
            }
        }
    }

    // MARK: Routes and methods

    @Test(arguments: [
        ("GET", "/v1/admin", 404, "/problems/not-found"),
        ("GET", "/v2/top-ups", 404, "/problems/not-found"),
        ("POST", "/v1/top-ups/extra", 404, "/problems/not-found"),
        ("GET", "/v1/top-ups", 405, "/problems/method-not-allowed"),
        ("PUT", "/v1/withdrawals", 405, "/problems/method-not-allowed"),
        ("DELETE", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9", 405, "/problems/method-not-allowed"),
        ("PATCH", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9/refund", 405, "/problems/method-not-allowed"),
        ("DELETE", "/v1/wallets/bad/balance", 405, "/problems/method-not-allowed"),
    ] as [(String, String, Int, String)])
    func unknownRouteOrWrongMethodIsRefused(_ method: String, _ path: String, _ status: Int, _ type: String) async throws {
        try await LiveHub.run { live in
            try await live.expectRefused("\(method) \(path)", status: status, type: type) {
                try await live.request(method, path, body: Data(Self.body().utf8))
            }
        }
    }

    // MARK: Authorization

    @Test(arguments: [("missing", nil), ("Basic scheme", "Basic dXNlcjpwYXNz"), ("Bearer without a key", "Bearer "),
                      ("lower-case scheme", "bearer {key}"), ("unknown key", "Bearer test-key-unknown"),
                      ("two spaces after the scheme", "Bearer  {key}"), ("key twice", "Bearer {key}{key}"),
                      ("key prefix only", "Bearer {prefix}"), ("non-ASCII key", "Bearer cl\u{e9}")] as [(String, String?)])
    func badAuthorizationIsRefused(_ label: String, _ header: String?) async throws {
        try await LiveHub.run { live in
            try await live.expectRefused("Authorization \(label)", status: 401, type: "/problems/unauthorized") {
                var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Idempotency-Key", UUID().uuidString)]
                if let header {
                    let value = header.replacingOccurrences(of: "{key}", with: live.apiKey)
                        .replacingOccurrences(of: "{prefix}", with: String(live.apiKey.prefix(12)))
                    headers.append(("Authorization", value))
                }
                let answer = try await live.send("POST", "/v1/top-ups", body: Data(Self.body().utf8), headers: headers, authorized: false)
                #expect(answer.header("WWW-Authenticate") == "Bearer", "\(label)")
                #expect((answer["detail"] as? String)?.contains(live.apiKey) == false, "\(label): the key is not echoed")
                return answer
            }
        }
    }

    // MARK: Scopes

    static let readOnlyKey = APIKey(id: "catalogue-reader", key: "catalogue-reader-\(UUID().uuidString)", scopes: [.paymentsRead])
    static let walletKey = APIKey(id: "catalogue-wallet", key: "catalogue-wallet-\(UUID().uuidString)", scopes: [.paymentsWrite, .paymentsRead])

    @Test(arguments: [("a read-only key on a top-up", "POST", "/v1/top-ups", "read", "payments:write"),
                      ("a read-only key on a refund", "POST", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9/refund", "read", "payments:write"),
                      ("a wallet key on a resolution", "POST", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9/resolve", "wallet", "admin"),
                      ("a wallet key on a redelivery", "POST", "/v1/events/evt_x/redeliver", "wallet", "admin"),
                      ("a wallet key on the audit trail", "GET", "/v1/audit", "wallet", "admin")] as [(String, String, String, String, String)])
    func aKeyOfTheWrongScopeIsForbidden(_ label: String, _ method: String, _ path: String, _ holder: String, _ scope: String) async throws {
        let key = holder == "read" ? Self.readOnlyKey : Self.walletKey
        try await LiveHub.run(keys: [Self.readOnlyKey, Self.walletKey]) { live in
            try await live.expectRefused(label, status: 403, type: "/problems/forbidden") {
                let answer = try await live.request(method, path, body: Data(Self.body().utf8), key: key.key)
                #expect(answer["scope"] as? String == scope, "\(label): names the scope")
                #expect((answer["detail"] as? String)?.contains(key.key) == false, "\(label): the key is not echoed")
                return answer
            }
        }
    }

    @Test func aRevokedKeyIsRefusedLikeAnUnknownOne() async throws {
        // The key was valid for a hub configured with it; this hub's configuration no longer lists it.
        let revoked = APIKey(id: "rotated-out", key: "catalogue-revoked-\(UUID().uuidString)", scopes: Set(APIScope.allCases))
        try await LiveHub.run(keys: [Self.walletKey]) { live in
            try await live.expectRefused("a revoked key", status: 401, type: "/problems/unauthorized") {
                try await live.request("POST", "/v1/top-ups", body: Data(Self.body().utf8), key: revoked.key)
            }
        }
    }
}
