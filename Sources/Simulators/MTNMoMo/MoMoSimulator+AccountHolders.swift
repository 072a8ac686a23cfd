import Foundation
import Hummingbird

/// Account-holder checks, on both products: `GET /{product}/v1_0/accountholder/{type}/{id}/active` and
/// `GET /{product}/v1_0/accountholder/msisdn/{id}/basicuserinfo`, with the same key, token and environment checks
/// as payments.
extension MoMoSimulator {
    func addAccountHolderRoutes(to router: Router<BasicRequestContext>, product: MoMoProduct) {
        let base = "/\(product.rawValue)/v1_0/accountholder/:type/:id"
        router.get("\(base)/active") { request, context in
            await MoMoHTTP.respond {
                _ = try await self.authorize(request, product: product)
                let key = try Self.directoryKey(context, basicUserInfo: false)
                return MoMoHTTP.json(.ok, MoMoAccountHolderActiveBody(result: MoMoAccountHolder(key: key)?.isActive ?? false))
            }
        }
        router.get("\(base)/basicuserinfo") { request, context in
            await MoMoHTTP.respond {
                _ = try await self.authorize(request, product: product)
                let key = try Self.directoryKey(context, basicUserInfo: true)
                guard let holder = MoMoAccountHolder(key: key) else {
                    throw MoMoHTTPFailure(.notFound, code: MoMoErrorReason.resourceNotFound.code, message: "Account holder not found.")
                }
                return MoMoHTTP.json(.ok, MoMoBasicUserInfoBody(holder))
            }
        }
    }

    /// The directory key of the path's holder: 400 for an unknown id type or a malformed id; basic user info
    /// exists only by `msisdn` (404 otherwise).
    private static func directoryKey(_ context: BasicRequestContext, basicUserInfo: Bool) throws(MoMoHTTPFailure) -> String {
        let segment = context.parameters.get("type") ?? ""
        let id = context.parameters.get("id").map { $0.removingPercentEncoding ?? $0 } ?? ""
        guard let type = MoMoAccountHolderIDType(pathSegment: segment) else {
            if basicUserInfo { throw .notFound }
            throw .badRequest("accountHolderIdType must be msisdn, email or party_code.")
        }
        if basicUserInfo, type != .msisdn { throw .notFound }
        guard let key = type.directoryKey(of: id) else {
            throw .badRequest("accountHolderId is not a valid \(type.rawValue).")
        }
        return key
    }
}
