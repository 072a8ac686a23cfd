import CCurl
import Foundation

extension CurlTransportExchange {
    /// Sets every option of this exchange on a freshly reset easy handle: URL, method and body, headers,
    /// timeouts, TLS, and the callbacks that fill in the response.
    ///
    /// Throws `notSent` for a request that cannot be expressed safely (a method or header that would let
    /// text be injected into the request) and for any option libcurl refuses.
    func configure(
        _ handle: UnsafeMutableRawPointer, with configuration: CurlTransport.Configuration
    ) throws(TransportError) {
        var options = CurlEasyOptions(handle: handle)
        options.set(CURLOPT_URL, request.url)
        options.set(CURLOPT_PROTOCOLS_STR, "http,https")
        options.set(CURLOPT_NOSIGNAL, 1)
        options.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds)
        options.set(CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds)
        options.set(CURLOPT_TCP_KEEPALIVE, 1)
        options.setLarge(CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBodyBytes))
        configureTLS(&options, configuration)
        try configureMethodAndBody(&options)
        try configureHeaders(&options)

        options.set(CURLOPT_PREREQDATA, callbackContext)
        options.check(hub_curl_easy_setopt_prereq_callback(handle) { context, _, _, _, _ in
            CurlTransportExchange.from(context).markRequestIssued()
            return CURL_PREREQFUNC_OK
        })
        options.set(CURLOPT_HEADERDATA, callbackContext)
        options.check(hub_curl_easy_setopt_header_callback(handle) { data, size, count, context in
            CurlTransportExchange.from(context).receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        options.set(CURLOPT_WRITEDATA, callbackContext)
        options.check(hub_curl_easy_setopt_write_callback(handle) { data, size, count, context in
            CurlTransportExchange.from(context).receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        })

        if options.failure != CURLE_OK {
            throw TransportError(.notSent, "\(CurlTransportFailure.describe(options.failure)) setting up a request to \(host)")
        }
    }

    /// Whether the request carries a body, possibly empty: always for POST, PUT and PATCH.
    private var sendsBody: Bool {
        request.body != nil || ["POST", "PUT", "PATCH"].contains(request.method)
    }

    private func configureTLS(_ options: inout CurlEasyOptions, _ configuration: CurlTransport.Configuration) {
        options.set(CURLOPT_SSL_VERIFYPEER, 1)
        options.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let path = configuration.trustedCertificateAuthoritiesPath {
            options.set(CURLOPT_CAINFO, path)
        }
        if let certificate = configuration.clientCertificate {
            options.set(CURLOPT_SSLCERTTYPE, "PEM")
            options.set(CURLOPT_SSLCERT, certificate.certificatePath)
            options.set(CURLOPT_SSLKEYTYPE, "PEM")
            options.set(CURLOPT_SSLKEY, certificate.privateKeyPath)
            if let passphrase = certificate.privateKeyPassphrase {
                options.set(CURLOPT_KEYPASSWD, passphrase)
            }
        }
    }

    /// A body is copied into libcurl (`CURLOPT_COPYPOSTFIELDS`) with its size set first, so binary bytes
    /// survive and an empty POST, PUT or PATCH still sends `Content-Length: 0`.
    private func configureMethodAndBody(_ options: inout CurlEasyOptions) throws(TransportError) {
        let method = request.method
        guard !method.isEmpty, method.utf8.allSatisfy({ $0.isASCIILetter }) else {
            throw TransportError(.notSent, "invalid HTTP method for \(host)")
        }
        if sendsBody {
            let body = request.body ?? Data()
            options.setLarge(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            if body.isEmpty {
                options.set(CURLOPT_COPYPOSTFIELDS, "")
            } else {
                body.withUnsafeBytes { options.set(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress!)) }
            }
            if method != "POST" {
                options.set(CURLOPT_CUSTOMREQUEST, method)
            }
        } else if method == "HEAD" {
            options.set(CURLOPT_NOBODY, 1)
        } else if method == "GET" {
            options.set(CURLOPT_HTTPGET, 1)
        } else {
            options.set(CURLOPT_CUSTOMREQUEST, method)
        }
    }

    /// Adds the caller's headers, plus `Expect:` (no `100-continue` round trip) and, for a body without a
    /// declared type, `Content-Type:` (drops libcurl's default form-encoded type).
    private func configureHeaders(_ options: inout CurlEasyOptions) throws(TransportError) {
        var lines: [String] = []
        for (name, value) in request.headers {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0.isHeaderNameCharacter }),
                  !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
            else {
                throw TransportError(.notSent, "invalid header name or value for \(host)")
            }
            // libcurl reads "Name:" as "remove this header" and "Name;" as "send it empty".
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        let declared = Set(request.headers.map { $0.name.lowercased() })
        if !declared.contains("expect") {
            lines.append("Expect:")
        }
        if sendsBody, !declared.contains("content-type") {
            lines.append("Content-Type:")
        }
        for line in lines {
            guard let extended = curl_slist_append(headerList, line) else {
                throw TransportError(.notSent, "out of memory building headers for \(host)")
            }
            headerList = extended
        }
        options.check(hub_curl_easy_setopt_slist(options.handle, CURLOPT_HTTPHEADER, headerList))
    }
}

/// Typed `curl_easy_setopt` calls that remember the first option libcurl refused.
struct CurlEasyOptions {
    let handle: UnsafeMutableRawPointer
    private(set) var failure = CURLE_OK

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    mutating func check(_ code: CURLcode) {
        if failure == CURLE_OK { failure = code }
    }

    mutating func set(_ option: CURLoption, _ value: Int) {
        check(hub_curl_easy_setopt_long(handle, option, value))
    }

    mutating func setLarge(_ option: CURLoption, _ value: curl_off_t) {
        check(hub_curl_easy_setopt_off_t(handle, option, value))
    }

    /// libcurl copies string options, so the Swift string need not outlive the call.
    mutating func set(_ option: CURLoption, _ value: String) {
        check(hub_curl_easy_setopt_string(handle, option, value))
    }

    mutating func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer) {
        check(hub_curl_easy_setopt_pointer(handle, option, value))
    }
}

extension Duration {
    /// Whole milliseconds for a libcurl timeout, at least 1: libcurl reads 0 as "no timeout".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        if milliseconds.overflow { return seconds > 0 ? Int.max : 1 }
        return max(1, Int(milliseconds.partialValue) + Int(attoseconds / 1_000_000_000_000_000))
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }

    /// An RFC 9110 token character, the only ones allowed in a header name.
    fileprivate var isHeaderNameCharacter: Bool {
        isASCIILetter || (0x30...0x39).contains(self) || Array("!#$%&'*+-.^_`|~".utf8).contains(self)
    }
}
