import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `hub serve` on a port another process holds must say so and exit non-zero, not wait forever (nor ignore the
/// SIGTERM a supervisor sends it then).
@Suite struct ServeBusyPortTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: ".build/debug/hub")

    /// A listening socket on a free loopback port, and that port.
    static func holdAPort() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path), "needs the built hub binary"))
    func aBusyPortEndsTheRunWithAClearError() async throws {
        let (descriptor, port) = try Self.holdAPort()
        defer { close(descriptor) }
        let folder = FileManager.default.temporaryDirectory.appending(path: "hub-busy-port-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", "\(port)", "--data-dir", folder.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["HUB_API_KEYS": "busy-port-test-key"]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let hung = process.isRunning
        if hung { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!hung, "hub serve still running 30 s after its port was refused")
        #expect(process.terminationStatus != 0)
        #expect(said.contains("cannot listen on 127.0.0.1:\(port)"), "\(said.suffix(300))")
    }
}
