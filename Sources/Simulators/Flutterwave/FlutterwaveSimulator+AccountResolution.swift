import Hummingbird

/// `POST /v3/accounts/resolve`: whose a bank account is, from `{"account_number","account_bank"}`
/// (developer.flutterwave.com, "Bank account verification"; the Node-v3 SDK's `services/misc/rave.resolve.account`,
/// both fields required, the number numeric).
///
/// The answer follows `FlutterwaveScenario`'s table by the number's last nine digits, as charges and transfers do: a
/// failure number (`…121212121`, `…010101011`, `…700000001`, `…700000002`) is an account that cannot be resolved
/// (400, the documented "Sorry, that account number is invalid…"), `…700000006` the documented 500, `…700000004` a
/// slow answer, `…700000005` the 503 after `timeoutDelay`; any other number resolves to
/// `FlutterwaveAccountHolder.name(of:)`. Nothing is recorded: a resolution moves no money.
extension FlutterwaveSimulator {
    static let invalidAccountMessage = "Sorry, that account number is invalid, please check and try again"

    func addAccountResolutionRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v3/accounts/resolve") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                try await self.resolveAccount(try await FlutterwaveHTTP.object(of: request))
            }
        }
    }

    /// Checks `account_number` then `account_bank` (strings, present, not blank), then answers by scenario.
    func resolveAccount(_ body: SimulatorJSON) async throws(FlutterwaveAPIError) -> FlutterwaveReply {
        let number = try FlutterwaveValidation.required("account_number", in: body)
        _ = try FlutterwaveValidation.required("account_bank", in: body)
        guard number.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .invalid(Self.invalidAccountMessage) }
        let scenario = FlutterwaveScenario(number: number)
        switch scenario {
        case .serverError:
            throw .serverError()
        case .fail:
            throw .invalid(Self.invalidAccountMessage)
        case .succeed, .requireAuthorization, .pendingForever, .succeedWithoutWebhook, .succeedWithDuplicateWebhook, .answerSlowly,
             .timeOut:
            try await delayAnswer(for: scenario)
        }
        return .success("Account details fetched", data: .object([
            ("account_number", .string(number)),
            ("account_name", .string(FlutterwaveAccountHolder.name(of: number))),
        ]))
    }
}

/// The holders of the simulator's bank accounts: the documentation's sample account, then a name chosen by the
/// number, the same one every time.
public enum FlutterwaveAccountHolder {
    /// The sample of "Bank account verification": `0690000032` at bank `044` is "Pastor Bright".
    public static let documentedAccount = (number: "0690000032", bank: "044", name: "Pastor Bright")

    static let names = ["Adaeze Okafor", "Kwame Mensah", "Chinedu Eze", "Ama Owusu", "Ngozi Adeyemi", "Kofi Boateng", "Tunde Bakare"]

    public static func name(of number: String) -> String {
        if number == documentedAccount.number { return documentedAccount.name }
        let sum = number.compactMap(\.wholeNumberValue).reduce(0, +)
        return names[sum % names.count]
    }
}
