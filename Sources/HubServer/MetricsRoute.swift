import Hummingbird
import Prometheus

/// `GET /metrics`: every metric of `registry` in the Prometheus text format (version 0.0.4). Needs no API key,
/// so the port must be firewalled to the Prometheus scrapers. Label values are provider ids and fixed words,
/// never customer data (see `HubMetrics`).
struct MetricsRoute {
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
