import CCurl

/// Turns a failed libcurl transfer into a `TransportError`, deciding whether the request may have reached
/// the server.
///
/// A failure is `notSent` only when both hold:
/// 1. libcurl never issued the request: its pre-request callback (`CURLOPT_PREREQFUNCTION`) did not run.
///    libcurl runs it once the connection is established or picked from the cache, TLS included, and before
///    the first byte of the request is written; until then nothing reached the server.
/// 2. The error is one that arises before the request is written: name resolution, connection, TLS
///    handshake or certificate verification, URL and protocol errors, out of memory, and a timeout (which
///    then necessarily struck while connecting).
///
/// Everything else is `ambiguous`: every error once the request was issued (timeout after connecting, send
/// or receive error, empty or truncated reply, oversized body) and any error code not listed here.
///
/// Connect time is not used as the signal: a transfer on a reused connection reports a connect time of 0
/// although its request went out. Requiring both conditions also covers libcurl's silent retry of a request
/// whose reused connection turned out dead: that request was issued once, so a connect failure on the
/// retry stays `ambiguous`.
///
/// Reasons carry the libcurl error number and text and the host, never the path, query, headers or body.
enum CurlTransportFailure {
    static func classify(
        _ code: CURLcode, requestIssued: Bool, bodyLimitExceeded: Bool, limit: Int, host: String
    ) -> TransportError {
        if bodyLimitExceeded || code == CURLE_FILESIZE_EXCEEDED {
            return TransportError(.ambiguous, "response body larger than \(limit) bytes from \(host)")
        }
        let reason = "\(describe(code)) for \(host)"
        if !requestIssued && failsBeforeSending(code) {
            return TransportError(.notSent, reason)
        }
        return TransportError(.ambiguous, requestIssued ? reason : "\(reason) (unclassified error)")
    }

    /// A transfer aborted by shutdown while libcurl was still working on it.
    static func interrupted(requestIssued: Bool, host: String) -> TransportError {
        requestIssued
            ? TransportError(.ambiguous, "transport shut down during the exchange with \(host)")
            : TransportError(.notSent, "transport shut down before the request to \(host) was issued")
    }

    /// libcurl's number and text for an error, e.g. `curl error 7 (Couldn't connect to server)`.
    static func describe(_ code: CURLcode) -> String {
        "curl error \(code.rawValue) (\(String(cString: curl_easy_strerror(code))))"
    }

    private static func failsBeforeSending(_ code: CURLcode) -> Bool {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN,
            CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_PROXY,
            CURLE_OPERATION_TIMEDOUT, CURLE_OUT_OF_MEMORY,
            CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            true
        default:
            false
        }
    }
}
