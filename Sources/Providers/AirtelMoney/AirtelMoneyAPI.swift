import Foundation

/// The body of AirtelMoney's error answers. Fill in the wire types, prefixed `AirtelMoney`, with the field names of the
/// provider's documentation: requests, answers, notifications.
struct AirtelMoneyErrorBody: Decodable {
    var message: String?
}
