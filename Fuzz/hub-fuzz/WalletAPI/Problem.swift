/// The one part of the wallet API's `Problem` that the request body checks use, so that the fuzz target compiles
/// those checks (linked here from Sources/HubServer) without the web framework. The checks only build and throw it.
struct Problem: Error {
    let detail: String
    let field: String?

    static func invalid(_ detail: String, field: String? = nil) -> Problem { Problem(detail: detail, field: field) }
}
