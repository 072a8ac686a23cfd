import Foundation
import Glibc
import Hub
import Testing

/// Requests an attacker (or a confused client) sends to the wallet API: each is refused with the exact problem,
/// nothing is written, and the hub serves the next valid request.
@Suite(.serialized) struct HostileInputTests {
    static func body(amount: String = "100", extra: String = "") -> Data {
        Data(#"{"wallet_id":"bad","amount":\#(amount),"currency":"RWF","source":{"type":"mobile_money","msisdn":"+250788000333"}\#(extra)}"#.utf8)
    }

    @Test func wholeLookingNumbersAreNotIntegers() async throws {
        try await LiveHub.run { live in
            for amount in ["100.0", "1e3", "1E2", "100.00", "1.0e2"] {
                let answer = try await live.request("POST", "/v1/top-ups", body: Self.body(amount: amount))
                #expect(answer.status == 400, "\(amount)")
                #expect(answer["field"] as? String == "amount", "\(amount)")
            }
            try await expectNothingWrittenAndStillServing(live)
        }
    }

    @Test func duplicateKeysAreRefused() async throws {
        try await LiveHub.run { live in
            let topLevel = try await live.request("POST", "/v1/top-ups", body: Self.body(extra: #","amount":200"#))
            #expect(topLevel.status == 400)
            #expect((topLevel["detail"] as? String)?.contains("duplicate key") == true)
            let nested = Data(#"{"wallet_id":"bad","amount":100,"currency":"RWF","source":{"type":"mobile_money","msisdn":"+250788000333","msisdn":"+250788000444"}}"#.utf8)
            #expect(try await live.request("POST", "/v1/top-ups", body: nested).status == 400)
            try await expectNothingWrittenAndStillServing(live)
        }
    }

    @Test func onlyJSONIsAccepted() async throws {
        try await LiveHub.run { live in
            for contentType in ["text/plain", "", "application/x-www-form-urlencoded", "application/jsonp"] {
                let answer = try await live.request("POST", "/v1/top-ups", body: Self.body(), contentType: contentType)
                #expect(answer.status == 415, "'\(contentType)'")
                #expect(answer["type"] as? String == "/problems/unsupported-media-type", "'\(contentType)'")
            }
            try await expectNothingWrittenAndStillServing(live)
            let withCharset = try await live.request("POST", "/v1/top-ups", body: Self.body(), contentType: "application/json; charset=utf-8")
            #expect(withCharset.status == 201)
        }
    }

    @Test func idempotencyKeysAreVisibleASCII() async throws {
        try await LiveHub.run { live in
            for key in ["caf\u{e9}-1", "caf\u{e8}-1", "two words", "tab\tkey", "\u{202e}rtl"] {
                let answer = try await live.request("POST", "/v1/top-ups", body: Self.body(), idempotencyKey: key)
                #expect(answer.status == 400, "\(key.debugDescription)")
                #expect(answer["field"] as? String == "Idempotency-Key", "\(key.debugDescription)")
            }
            try await expectNothingWrittenAndStillServing(live)
        }
    }

    @Test func aKnownPathWithTheWrongMethodIs405() async throws {
        try await LiveHub.run { live in
            for (method, path) in [("GET", "/v1/top-ups"), ("DELETE", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9"), ("PUT", "/v1/withdrawals")] {
                let answer = try await live.request(method, path)
                #expect(answer.status == 405, "\(method) \(path)")
                #expect(answer["type"] as? String == "/problems/method-not-allowed", "\(method) \(path)")
            }
            #expect(try await live.request("GET", "/v1/nothing-here").status == 404)
        }
    }

    @Test func aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() async throws {
        try await LiveHub.run { live in
            let answer = try Self.raw(live, "POST /v1/top-ups HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(live.apiKey)\r\n"
                                      + "Idempotency-Key: big-1\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n", wait: 5)
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(40))")
            try await expectNothingWrittenAndStillServing(live)
        }
    }

    @Test func aBodyThatNeverArrivesTimesOut() async throws {
        try await LiveHub.run(bodyTimeout: .seconds(1)) { live in
            let started = Date()
            let answer = try Self.raw(live, "POST /v1/top-ups HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(live.apiKey)\r\n"
                                      + "Idempotency-Key: slow-1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"wallet_", wait: 10)
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(40))")
            #expect(Date().timeIntervalSince(started) < 9, "the hub must not hold the connection until the client gives up")
            try await expectNothingWrittenAndStillServing(live)
        }
    }

    /// Sends `text` on a fresh connection to the hub and returns what comes back within `wait` seconds.
    static func raw(_ live: LiveHub, _ text: String, wait: Int) throws -> String {
        let port = UInt16(live.baseURL.split(separator: ":").last!)!
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: wait, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = Array(text.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    func expectNothingWrittenAndStillServing(_ live: LiveHub) async throws {
        #expect(try await live.store.payments(wallet: WalletID("bad"), limit: 10, cursor: nil).items.isEmpty)
        #expect(try await live.store.outbox(.all, limit: 10).isEmpty)
        #expect(await live.simulator.transactions().isEmpty)
        let next = try await live.topUp(wallet: "still-serving", amount: 100, msisdn: "+250788000555")
        #expect(next.status == 201)
    }
}
