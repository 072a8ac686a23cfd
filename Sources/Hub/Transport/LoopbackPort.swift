#if canImport(Glibc)
import Glibc
#endif

/// Free TCP ports on 127.0.0.1, for servers that must know their address before they start (a simulator
/// that calls back a hub which is not listening yet).
public enum LoopbackPort {
    /// Below Linux's default ephemeral range (32768–60999), so that neither an outgoing connection's local port nor
    /// another process's bind to port 0 takes the port between reserving and binding.
    static let quietRange = 20_000..<32_768

    /// A port that was free a moment ago: a random one in `quietRange` that binds, else one the kernel hands out.
    /// Another process could still take it in between; a server that then cannot listen must say so (the callers
    /// fail their start rather than wait).
    public static func reserve() -> Int? {
        for _ in 0..<64 {
            let candidate = Int.random(in: quietRange)
            if bindable(candidate) == candidate { return candidate }
        }
        return bindable(0)
    }

    /// Binds 127.0.0.1:`port` (0: any) and releases it; the port bound, or `nil` if it could not be.
    static func bindable(_ port: Int) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { return nil }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
