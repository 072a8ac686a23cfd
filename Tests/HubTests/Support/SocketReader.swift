import Foundation
import Glibc

/// Reads HTTP/1.1 requests (head, then a `Content-Length` body) one after another from a socket.
struct SocketReader {
    let socket: Int32
    private var buffer = Data()

    init(socket: Int32) {
        self.socket = socket
    }

    /// The next request, or nil once the peer closes or sends something that is not a request.
    mutating func nextRequest() -> ReceivedRequest? {
        let separator = Data("\r\n\r\n".utf8)
        var headEnd = buffer.range(of: separator)
        while headEnd == nil {
            guard fill() else { return nil }
            headEnd = buffer.range(of: separator)
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[buffer.startIndex..<headEnd.lowerBound], as: UTF8.self)
            .components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        buffer.removeSubrange(buffer.startIndex..<headEnd.upperBound)
        while buffer.count < length {
            guard fill() else { return nil }
        }
        let body = Data(buffer.prefix(length))
        buffer.removeFirst(length)
        return ReceivedRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}

struct ReceivedRequest {
    let method: String
    let target: String
    let headers: [(name: String, value: String)]
    let body: Data

    /// The `echo` behaviour's answer; see `LoopbackHTTPServer.Behavior.echo`.
    func echoResponse() -> Data {
        let status = target.hasPrefix("/status/") ? Int(target.dropFirst(8).prefix(3)) ?? 200 : 200
        var head = "HTTP/1.1 \(status) Echo\r\nContent-Length: \(body.count)\r\n"
        head += "X-Echo-Method: \(method)\r\nX-Echo-Target: \(target)\r\n"
        for (name, value) in headers {
            head += "X-Echo-\(name): \(value)\r\n"
        }
        return Data((head + "\r\n").utf8) + body
    }
}
