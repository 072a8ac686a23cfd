import Foundation
import Glibc
import Hub
import Synchronization

/// Daraja as the adapter's tests see it: canned answers (documentation bodies from `fixtures/mpesa/`) served on
/// 127.0.0.1 over real HTTP, one request per connection, each request recorded as it arrived.
final class MPesaTestServer: Sendable {
    struct Request: Sendable {
        var method: String
        /// Path and query, as sent.
        var target: String
        var headers: [(name: String, value: String)]
        var body: Data

        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    enum Reply: Sendable {
        case answer(Int, Data)
        /// Reads the request and never answers, until the server stops.
        case hang
        /// Closes the connection without a byte of answer.
        case hangUp
    }

    typealias Script = @Sendable (Request) -> Reply

    let port: Int
    private let listener: Int32
    private let script: Script
    private let recorded = Mutex<[Request]>([])
    private let clients = Mutex<Set<Int32>>([])

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { recorded.withLock { $0 } }
    /// Requests other than token requests.
    var calls: [Request] { requests.filter { $0.path != "/oauth/v1/generate" } }
    var tokenRequests: [Request] { requests.filter { $0.path == "/oauth/v1/generate" } }

    init(_ script: @escaping Script) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptConnections() }.start()
    }

    /// Answers every request with a fixture, by path: `answers[path]` is `(status, fixture name)`; the token
    /// endpoint answers `token_ok.json` unless `answers` says otherwise.
    convenience init(answers: [String: (Int, String)]) throws {
        let bodies = try answers.mapValues { ($0.0, try MPesaFixture.data($0.1)) }
        let token = try MPesaFixture.data("token_ok.json")
        try self.init { request in
            if let (status, body) = bodies[request.path] { return .answer(status, body) }
            return request.path == "/oauth/v1/generate" ? .answer(200, token) : .answer(404, Data())
        }
    }

    func stop() {
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        clients.withLock { for client in $0 { Glibc.shutdown(client, Int32(SHUT_RDWR)) } }
    }

    private func acceptConnections() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            clients.withLock { _ = $0.insert(client) }
            Thread { [self] in
                serve(client)
                clients.withLock { _ = $0.remove(client) }
                close(client)
            }.start()
        }
        close(listener)
    }

    private func serve(_ client: Int32) {
        guard let request = Self.read(client) else { return }
        recorded.withLock { $0.append(request) }
        switch script(request) {
        case .answer(let status, let body):
            let head = "HTTP/1.1 \(status) Daraja\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            let bytes = [UInt8](Data(head.utf8) + body)
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { return }
                offset += sent
            }
        case .hang:
            var byte: UInt8 = 0
            while recv(client, &byte, 1, 0) > 0 {}
        case .hangUp:
            return
        }
    }

    private static func read(_ client: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            let count = recv(client, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
        guard let headEnd = buffer.range(of: separator) else { return nil }
        let lines = String(decoding: buffer[buffer.startIndex..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        var body = Data(buffer[headEnd.upperBound...])
        while body.count < length {
            let count = recv(client, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[..<count])
        }
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body.prefix(length))
    }
}

/// The adapter's fixtures, `fixtures/mpesa/<flow>_<outcome>.json`.
enum MPesaFixture {
    static func data(_ name: String) throws -> Data { try Fixtures.data("mpesa/" + name) }

    /// A fixture with some of its documented values replaced (ids the test made up, our reference).
    static func data(_ name: String, replacing replacements: [String: String]) throws -> Data {
        var text = String(decoding: try data(name), as: UTF8.self)
        for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
        return Data(text.utf8)
    }
}
