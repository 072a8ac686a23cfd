import Foundation
import Glibc
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1, built on plain sockets with one thread per connection, that can
/// misbehave on purpose and counts what it sees. For transport tests only: it trusts its client.
final class LoopbackHTTPServer: Sendable {
    enum Behavior: Sendable {
        /// Answers every request of a keep-alive connection with `Content-Length`: the status is taken from
        /// a `/status/<code>` path (200 otherwise), `X-Echo-Method` and `X-Echo-Target` repeat the request
        /// line, each request header comes back as `X-Echo-<name>`, and the body is the request body.
        case echo
        /// Reads requests and never answers, until the client closes.
        case silent
        /// Announces 100 bytes of body, sends 10, then closes.
        case truncated
        /// Closes each connection as soon as it is accepted, before reading anything.
        case hangUp
    }

    private struct Counters {
        var acceptedConnections = 0
        var receivedRequests = 0
        var openClients: Set<Int32> = []
    }

    let port: Int
    private let behavior: Behavior
    private let listener: Int32
    private let counters = Mutex(Counters())

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var acceptedConnections: Int { counters.withLock { $0.acceptedConnections } }
    /// Requests read in full (head and body).
    var receivedRequests: Int { counters.withLock { $0.receivedRequests } }

    init(_ behavior: Behavior) throws {
        self.behavior = behavior
        (listener, port) = try Self.bindLoopback()
        guard listen(listener, 256) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        Thread { [self] in acceptConnections() }.start()
    }

    /// A port on 127.0.0.1 with nothing listening on it: bound to learn a free number, then released.
    static func refusedPort() throws -> Int {
        let (socket, port) = try bindLoopback()
        close(socket)
        return port
    }

    /// Stops accepting and cuts every open connection.
    func stop() {
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        counters.withLock { counters in
            for client in counters.openClients { Glibc.shutdown(client, Int32(SHUT_RDWR)) }
        }
    }

    private static func bindLoopback() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            close(fd)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    private func acceptConnections() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break
            }
            counters.withLock {
                $0.acceptedConnections += 1
                $0.openClients.insert(client)
            }
            Thread { [self] in
                if behavior != .hangUp { serve(client) }
                counters.withLock { _ = $0.openClients.remove(client) }
                close(client)
            }.start()
        }
        close(listener)
    }

    private func serve(_ client: Int32) {
        var reader = SocketReader(socket: client)
        while let request = reader.nextRequest() {
            counters.withLock { $0.receivedRequests += 1 }
            switch behavior {
            case .echo:
                guard sendAll(client, request.echoResponse()) else { return }
            case .silent:
                continue
            case .truncated:
                _ = sendAll(client, Data("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".utf8))
                return
            case .hangUp:
                return
            }
        }
    }

    private func sendAll(_ client: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = send(client, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }
}
