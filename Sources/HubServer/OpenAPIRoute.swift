import Hummingbird

/// `GET /openapi.yaml`: the OpenAPI document of the hub, embedded in the binary. Needs no API key.
struct OpenAPIRoute {
    func register(on router: Router<BasicRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: .init(byteBuffer: ByteBuffer(string: HubServer.openAPIDocument)))
        }
    }
}
