import Hub

/// The `ResultCode`s of an STK push (its callback and the STK query), as the M-Pesa Express page lists them, plus
/// the codes integrators report from production (1001, 1031, 26, 9999). One exhaustive table; a code not in it is
/// no result: the payment stays pending and the adapter logs it. The provider code kept is Daraja's `ResultCode`.
enum MPesaSTKResultCode: String, CaseIterable {
    case processed = "0"
    case insufficientBalance = "1"
    case belowMinimum = "2"
    case aboveMaximum = "3"
    case dailyLimit = "4"
    case balanceLimit = "8"
    case ruleLimited = "17"
    case systemBusy = "26"
    case subscriberLocked = "1001"
    case expired = "1019"
    case pushFailed = "1025"
    case cancelledOrTimedOut = "1031"
    case cancelledByUser = "1032"
    case userUnreachable = "1037"
    case wrongPIN = "2001"
    case notPermitted = "2028"
    case credentialLocked = "8006"
    case pushError = "9999"
    case operatorUnknown = "SFC_IC0003"

    /// Why the top-up failed, or `nil` for the one success.
    var failure: PaymentFailure? {
        let failure: (FailureReason, String)? = switch self {
        case .processed: nil
        case .insufficientBalance: (.insufficientFunds, "the payer's M-Pesa balance is insufficient")
        case .belowMinimum: (.limitExceeded, "the amount is below M-Pesa's minimum")
        case .aboveMaximum: (.limitExceeded, "the amount is above M-Pesa's maximum")
        case .dailyLimit: (.limitExceeded, "the payer's daily M-Pesa limit would be exceeded")
        case .balanceLimit: (.limitExceeded, "the receiving account's balance limit would be exceeded")
        case .ruleLimited: (.declined, "M-Pesa refused a repeat of the same amount to the same payer within two minutes")
        case .systemBusy: (.providerError, "M-Pesa was too busy to send the prompt")
        case .subscriberLocked: (.declined, "the payer's phone was busy with another M-Pesa transaction")
        case .expired: (.expired, "the prompt expired before the payer answered")
        case .pushFailed, .pushError: (.providerError, "M-Pesa could not send the prompt")
        case .cancelledOrTimedOut: (.notApproved, "the payer cancelled or did not answer the prompt")
        case .cancelledByUser: (.cancelled, "the payer cancelled the prompt")
        case .userUnreachable: (.notApproved, "the payer's phone could not be reached")
        case .wrongPIN: (.declined, "the payer entered a wrong M-Pesa PIN")
        case .notPermitted: (.notAllowed, "the shortcode may not receive this kind of payment")
        case .credentialLocked: (.notAllowed, "the payer's M-Pesa PIN is locked")
        case .operatorUnknown: (.invalidRequest, "M-Pesa does not know the receiving shortcode")
        }
        return failure.map { PaymentFailure(reason: $0.0, providerCode: rawValue, message: $0.1) }
    }

    /// The hub's result for a `ResultCode` as Daraja wrote it (number or string); `nil` for a code not in the table.
    static func result(_ code: String, checkoutRequestID: String?) -> ProviderResult? {
        guard let known = Self(rawValue: code) else { return nil }
        return known.failure.map { .failed($0) } ?? .succeeded(providerTransactionID: checkoutRequestID)
    }
}

/// The `ResultCode`s of a B2C result, as the Business to Customer page lists them, plus 15 (a duplicate
/// OriginatorConversationID: the first request arrived, so it is never a failure). A code not in the table leaves
/// the withdrawal pending.
enum MPesaB2CResultCode: String, CaseIterable {
    case processed = "0"
    case insufficientBalance = "1"
    case belowMinimum = "2"
    case aboveMaximum = "3"
    case dailyLimit = "4"
    case balanceLimit = "8"
    case debitPartyInvalid = "11"
    case duplicate = "15"
    case initiatorNotAllowed = "21"
    case initiatorInvalid = "2001"
    case accountRule = "2006"
    case notPermitted = "2028"
    case unregisteredCustomer = "2040"
    case credentialLocked = "8006"
    case operatorUnknown = "SFC_IC0003"

    /// The hub's result; the withdrawal's provider id stays the ConversationID its acknowledgement gave.
    func result(conversationID: String?) -> ProviderResult {
        let failure: (FailureReason, String)
        switch self {
        case .processed: return .succeeded(providerTransactionID: conversationID)
        case .duplicate: return .pending(providerTransactionID: conversationID)
        case .insufficientBalance: failure = (.providerError, "the payout account at M-Pesa has insufficient funds")
        case .belowMinimum: failure = (.limitExceeded, "the amount is below M-Pesa's minimum payout")
        case .aboveMaximum: failure = (.limitExceeded, "the amount is above M-Pesa's maximum payout")
        case .dailyLimit: failure = (.limitExceeded, "the payee's daily M-Pesa limit would be exceeded")
        case .balanceLimit: failure = (.limitExceeded, "the payee's M-Pesa balance limit would be exceeded")
        case .debitPartyInvalid, .accountRule: failure = (.providerError, "the payout account at M-Pesa is not active")
        case .initiatorNotAllowed, .notPermitted: failure = (.notAllowed, "the payout account may not make this payment")
        case .initiatorInvalid, .credentialLocked: failure = (.providerError, "M-Pesa refused the payout initiator's credentials")
        case .unregisteredCustomer: failure = (.accountNotFound, "the payee is not a registered M-Pesa customer")
        case .operatorUnknown: failure = (.accountNotFound, "the payee's number does not exist on M-Pesa")
        }
        return .failed(PaymentFailure(reason: failure.0, providerCode: rawValue, message: failure.1))
    }
}

/// `TransactionStatus` of a Transaction Status result. The documentation shows only "Completed"; any other value
/// is no result (the payment stays pending for an operator rather than be failed by guesswork).
enum MPesaTransactionStatus: String, CaseIterable {
    case completed = "Completed"

    init?(matching text: String) {
        guard let status = Self.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) else { return nil }
        self = status
    }

    func result(conversationID: String?) -> ProviderResult {
        switch self {
        case .completed: .succeeded(providerTransactionID: conversationID)
        }
    }
}
