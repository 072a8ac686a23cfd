import CCurl
import Foundation

/// One request's way through libcurl: what to send, the response as it arrives, and the caller awaiting it.
///
/// Created on the caller's task and handed to the loop thread through the loop's lock; from then on only
/// the loop thread touches it, libcurl's callbacks included (they run inside `curl_multi_perform`).
final class CurlTransportExchange: @unchecked Sendable { // handed over once through a lock, then confined to the loop thread
    let request: HTTPRequest
    /// The URL's host, the only part of the URL that may appear in an error reason.
    let host: String
    let maxBodyBytes: Int
    /// Set by libcurl's pre-request callback: from then on the request may have reached the server.
    private(set) var requestIssued = false
    private(set) var bodyLimitExceeded = false
    /// The header list handed to libcurl, which reads it during the transfer without copying it.
    var headerList: UnsafeMutablePointer<curl_slist>?
    private var headers: [(name: String, value: String)] = []
    private var body = Data()
    private var continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>?

    init(
        request: HTTPRequest, maxBodyBytes: Int,
        continuation: CheckedContinuation<Result<HTTPResponse, TransportError>, Never>
    ) {
        self.request = request
        self.host = URLComponents(string: request.url)?.host ?? "an unparsable URL"
        self.maxBodyBytes = maxBodyBytes
        self.continuation = continuation
    }

    deinit {
        curl_slist_free_all(headerList)
    }

    /// Resumes the caller. Called exactly once per exchange; later calls are ignored.
    func finish(_ outcome: Result<HTTPResponse, TransportError>) {
        curl_slist_free_all(headerList)
        headerList = nil
        continuation?.resume(returning: outcome)
        continuation = nil
    }

    func response(status: Int) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body)
    }

    /// The opaque pointer given to libcurl's callbacks. Valid while the loop holds the exchange.
    var callbackContext: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> CurlTransportExchange {
        Unmanaged<CurlTransportExchange>.fromOpaque(context!).takeUnretainedValue()
    }

    func markRequestIssued() {
        requestIssued = true
    }

    /// Appends body bytes, or refuses them once the body would outgrow the limit. Returns the number of
    /// bytes taken; anything short of `bytes.count` makes libcurl abort the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= maxBodyBytes else {
            bodyLimitExceeded = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Takes one header line as libcurl delivers it (status line, `name: value` line or blank line).
    /// A new status line starts a new header block, so only the final response's headers are kept
    /// (an interim `100 Continue` block is dropped).
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll()
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self)
        let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        headers.append((name: name, value: value))
    }
}
