import Foundation
import Testing
@testable import Simulators

/// One `…/accountholder/{type}/{id}/active` lookup and MoMo's `result`.
struct MoMoActiveLookup: Sendable, CustomTestStringConvertible {
    let type: String
    let id: String
    let active: Bool

    var testDescription: String { "\(type)/\(id) → \(active)" }

    static let all: [MoMoActiveLookup] = [
        .init(type: "msisdn", id: "250788123456", active: true),
        .init(type: "msisdn", id: "0248888736", active: true),
        .init(type: "msisdn", id: "250780003001", active: false),
        .init(type: "msisdn", id: "250780003002", active: false),
        .init(type: "MSISDN", id: "250788123456", active: true),
        .init(type: "Msisdn", id: "250780003001", active: false),
        .init(type: "email", id: "aline@example.rw", active: true),
        .init(type: "email", id: "aline%40example.rw", active: true),
        .init(type: "email", id: "250780003001@example.rw", active: false),
        .init(type: "EMAIL", id: "250780003002@example.rw", active: false),
        .init(type: "party_code", id: "8facf279-081a-429b-bd3f-ef3edb326cb4", active: true),
        .init(type: "party_code", id: "00000000-0000-4000-8000-250780003001", active: false),
        .init(type: "PARTY_CODE", id: "00000000-0000-4000-8000-250780003002", active: false),
    ]
}

/// One malformed account-holder request and MoMo's answer.
struct MoMoInvalidAccountHolderCall: Sendable, CustomTestStringConvertible {
    let name: String
    let path: String
    let status: Int
    let code: String?
    var headers: [String: String?] = [:]
    /// Issue the token for the collection product although the path is disbursement's.
    var otherProductToken = false

    var testDescription: String { name }

    static let active = "/disbursement/v1_0/accountholder/msisdn/250788123456/active"
    static let info = "/disbursement/v1_0/accountholder/msisdn/250788123456/basicuserinfo"

    static let all: [MoMoInvalidAccountHolderCall] = [active, info].flatMap { path in
        [
            .init(name: "\(path): missing subscription key", path: path, status: 401, code: nil,
                  headers: ["Ocp-Apim-Subscription-Key": nil]),
            .init(name: "\(path): wrong subscription key", path: path, status: 401, code: nil,
                  headers: ["Ocp-Apim-Subscription-Key": "other"]),
            .init(name: "\(path): missing token", path: path, status: 401, code: nil, headers: ["Authorization": nil]),
            .init(name: "\(path): forged token", path: path, status: 401, code: nil, headers: ["Authorization": "Bearer forged"]),
            .init(name: "\(path): token of the other product", path: path, status: 401, code: nil, otherProductToken: true),
            .init(name: "\(path): missing target environment", path: path, status: 400, code: nil,
                  headers: ["X-Target-Environment": nil]),
            .init(name: "\(path): wrong target environment", path: path, status: 500, code: "NOT_ALLOWED_TARGET_ENVIRONMENT",
                  headers: ["X-Target-Environment": "mtnghana"]),
        ]
    } + [
        .init(name: "unknown id type", path: "/collection/v1_0/accountholder/phone/250788123456/active", status: 400, code: nil),
        .init(name: "msisdn with a plus sign", path: "/collection/v1_0/accountholder/msisdn/+250788123456/active", status: 400, code: nil),
        .init(name: "msisdn with letters", path: "/collection/v1_0/accountholder/msisdn/25078812345x/active", status: 400, code: nil),
        .init(name: "msisdn of 16 digits", path: "/collection/v1_0/accountholder/msisdn/2507881234567890/active", status: 400, code: nil),
        .init(name: "email without @", path: "/collection/v1_0/accountholder/email/aline.example.rw/active", status: 400, code: nil),
        .init(name: "email without a domain dot", path: "/collection/v1_0/accountholder/email/aline@example/active", status: 400,
              code: nil),
        .init(name: "party code not a UUID", path: "/collection/v1_0/accountholder/party_code/merchant-42/active", status: 400, code: nil),
        .init(name: "basic user info by email", path: "/collection/v1_0/accountholder/email/aline@example.rw/basicuserinfo",
              status: 404, code: "RESOURCE_NOT_FOUND"),
        .init(name: "basic user info of a malformed msisdn", path: "/collection/v1_0/accountholder/msisdn/0788-123/basicuserinfo",
              status: 400, code: nil),
        .init(name: "basic user info of an unregistered holder",
              path: "/collection/v1_0/accountholder/msisdn/250780003002/basicuserinfo", status: 404, code: "RESOURCE_NOT_FOUND"),
    ]
}

@Suite("MTN MoMo simulator: account-holder checks")
struct MoMoAccountHolderTests {
    @Test(arguments: MoMoActiveLookup.all, MoMoProduct.allCases)
    func active(_ lookup: MoMoActiveLookup, product: MoMoProduct) async throws {
        try await MoMoTestHarness().withClient { client in
            let token = try await client.token(product)
            let answer = try await client.get("/\(product.rawValue)/v1_0/accountholder/\(lookup.type)/\(lookup.id)/active", token: token)
            #expect(answer.status == .ok)
            let documented = try MoMoFixtures.json("accountholder-active_\(lookup.active).json")
            #expect(answer.json as? [String: Bool] == documented as? [String: Bool])
            #expect(answer.bodyText == #"{"result":\#(lookup.active)}"#)
        }
    }

    @Test(arguments: MoMoInvalidAccountHolderCall.all)
    func refused(_ invalid: MoMoInvalidAccountHolderCall) async throws {
        try await MoMoTestHarness { $0.subscriptionKey = "sub-key" }.withClient { client in
            let product: MoMoProduct = invalid.path.hasPrefix("/collection") ? .collection : .disbursement
            let token = try await client.token(invalid.otherProductToken ? (product == .collection ? .disbursement : .collection) : product)
            var headers: [String: String] = [
                "Authorization": "Bearer \(token)", "Ocp-Apim-Subscription-Key": "sub-key", "X-Target-Environment": "sandbox",
            ]
            for (name, value) in invalid.headers { headers[name] = value }
            let answer = try await client.call(.get, invalid.path, headers: headers)
            #expect(answer.status.code == invalid.status)
            if let code = invalid.code { #expect(answer.code == code) }
            #expect(answer.json?["message"] is String)
        }
    }

    @Test("basic user info has the documented fields, with names derived from the number", arguments: MoMoProduct.allCases)
    func basicUserInfo(_ product: MoMoProduct) async throws {
        try await MoMoTestHarness().withClient { client in
            let token = try await client.token(product)
            let answer = try await client.get("/\(product.rawValue)/v1_0/accountholder/msisdn/250788123456/basicuserinfo", token: token)
            #expect(answer.status == .ok)
            let documented = try MoMoFixtures.json("basicuserinfo_active.json")
            #expect(Set(try #require(answer.json).keys) == Set(documented.keys))
            #expect(answer.bodyText == """
                {"birthdate":"1971-11-13","family_name":"Uwase","gender":"FEMALE","given_name":"Claudine",\
                "locale":"rw_RW","status":"ACTIVE"}
                """)
            let again = try await client.get("/\(product.rawValue)/v1_0/accountholder/MSISDN/250788123456/basicuserinfo", token: token)
            #expect(again.bodyText == answer.bodyText)
        }
    }

    @Test("an inactive holder still has basic user info, with status INACTIVE")
    func inactiveBasicUserInfo() async throws {
        try await MoMoTestHarness().withClient { client in
            let token = try await client.token(.collection)
            let answer = try await client.get("/collection/v1_0/accountholder/msisdn/250780003001/basicuserinfo", token: token)
            #expect(answer.status == .ok)
            #expect(answer.bodyText == """
                {"birthdate":"1961-07-01","family_name":"Mugisha","gender":"MALE","given_name":"Jean Claude",\
                "locale":"rw_RW","status":"INACTIVE"}
                """)
        }
    }

    @Test("names, gender and birth date follow the number's digits")
    func directory() throws {
        let numbers = (0..<10).map { "25078812340\($0)" } + (0..<10).map { "2507881234\($0)0" }
        let holders = try numbers.map { try #require(MoMoAccountHolder(key: $0)) }
        #expect(Set(holders.prefix(10).map(\.familyName)).count == 10)
        #expect(Set(holders.suffix(10).map(\.givenName)).count == 10)
        #expect(Set(holders.map(\.gender)) == ["MALE", "FEMALE"])
        let birthdate = /(19[6-9]\d|200[0-4])-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])/
        #expect(holders.filter { $0.birthdate.wholeMatch(of: birthdate) == nil }.isEmpty)
        #expect(holders.filter { !$0.isActive }.isEmpty)
        #expect(MoMoAccountHolder(key: "250780003001")?.isActive == false)
        #expect(MoMoAccountHolder(key: "250780003002") == nil)
        #expect(MoMoAccountHolder(key: "aline") == MoMoAccountHolder(key: "aline"))
    }
}
