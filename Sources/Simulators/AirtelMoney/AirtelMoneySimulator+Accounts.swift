import Foundation
import Hummingbird
import Webhooks

/// The encryption key (`GET /v1/rsa/encryption-keys`) and KYC (`GET /standard/v1/users/{msisdn}`).
extension AirtelMoneySimulator {
    func addAccountRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/rsa/encryption-keys") { request, _ in
            await AirtelMoneyHTTP.respond {
                _ = try await self.authorize(request)
                let data: SimulatorJSON = .object([
                    ("key_id", .integer(Self.keyID)),
                    ("key", .string(Base64.encode(self.encryptionPublicKey.derBytes))),
                    ("valid_upto", .string(Self.validUpto(Date().addingTimeInterval(365 * 24 * 3600)))),
                ])
                return AirtelMoneyHTTP.answer(data: data, status: .ok(.encryptionKeyFetched, message: "Success"))
            }
        }
        router.get("/standard/v1/users/:msisdn") { request, context in
            await AirtelMoneyHTTP.respond {
                let market = try await self.authorize(request)
                let path = context.parameters.get("msisdn").map(SimulatorJSON.string)
                let msisdn = try self.validateMSISDN(path, field: "msisdn", in: market)
                guard let holder = AirtelMoneyAccountHolder(msisdn: msisdn) else {
                    throw AirtelMoneyHTTPFailure(.notFound, AirtelMoneyResponseCode.userEnquiryFailed.message, resultCode: "ESB000011",
                                                 responseCode: .userEnquiryFailed)
                }
                let data: SimulatorJSON = .object([
                    ("first_name", .string(holder.firstName)), ("grade", .string(holder.grade)), ("is_barred", .bool(holder.isBarred)),
                    ("is_pin_set", .bool(holder.isPINSet)), ("last_name", .string(holder.lastName)), ("msisdn", .string(msisdn)),
                    ("registration", .object([("status", .string(holder.grade))])),
                ])
                return AirtelMoneyHTTP.answer(data: data, status: .ok(.userEnquirySuccess))
            }
        }
    }

    /// The `key_id` the served key carries, as in Airtel's sample.
    static let keyID: Int64 = 100

    /// `dd-MM-yyyy HH:mm:ss` in UTC, the shape of the sample's `valid_upto`.
    static func validUpto(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd-MM-yyyy HH:mm:ss"
        return formatter.string(from: date)
    }
}
