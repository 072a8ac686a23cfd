extension CurlTransport {
    /// Settings fixed for the lifetime of a transport. Per-request settings (timeouts, headers) live on
    /// `HTTPRequest`. TLS peer and host-name verification are not configurable: they are always on.
    public struct Configuration: Sendable {
        /// Largest response body accepted, in bytes. A larger body fails the exchange as `ambiguous`: the
        /// server received the request, but its answer is lost.
        public var maxResponseBodyBytes: Int
        /// Presented during the TLS handshake to servers that require mutual TLS (banks).
        public var clientCertificate: ClientCertificate?
        /// PEM bundle of the certificate authorities trusted for server certificates, used instead of the
        /// system bundle. `nil` trusts the system bundle.
        public var trustedCertificateAuthoritiesPath: String?
        /// Idle connections kept open for reuse, all hosts together (libcurl's `CURLMOPT_MAXCONNECTS`).
        /// Past it, the least recently used connection is closed.
        public var maxIdleConnections: Int

        public init(
            maxResponseBodyBytes: Int = 10 * 1024 * 1024,
            clientCertificate: ClientCertificate? = nil,
            trustedCertificateAuthoritiesPath: String? = nil,
            maxIdleConnections: Int = 64
        ) {
            self.maxResponseBodyBytes = maxResponseBodyBytes
            self.clientCertificate = clientCertificate
            self.trustedCertificateAuthoritiesPath = trustedCertificateAuthoritiesPath
            self.maxIdleConnections = maxIdleConnections
        }
    }

    /// A client certificate and its private key, both PEM files read by libcurl at each new connection.
    /// A missing or unreadable file fails the exchange as `notSent`.
    public struct ClientCertificate: Sendable, CustomStringConvertible {
        public var certificatePath: String
        public var privateKeyPath: String
        /// Passphrase of an encrypted private key. Left out of `description`.
        public var privateKeyPassphrase: String?

        public init(certificatePath: String, privateKeyPath: String, privateKeyPassphrase: String? = nil) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
            self.privateKeyPassphrase = privateKeyPassphrase
        }

        public var description: String {
            let passphrase = privateKeyPassphrase == nil ? "none" : "redacted"
            return "ClientCertificate(certificate: \(certificatePath), key: \(privateKeyPath), passphrase: \(passphrase))"
        }
    }
}
