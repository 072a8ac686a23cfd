import Foundation

/// The body of MPesa's error answers. Fill in the wire types, prefixed `MPesa`, with the field names of the
/// provider's documentation: requests, answers, notifications.
struct MPesaErrorBody: Decodable {
    var message: String?
}
