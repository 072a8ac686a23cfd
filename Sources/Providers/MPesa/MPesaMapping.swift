import Hub

/// MPesa's transaction statuses, as its documentation lists them. Fill in every status and reason code: one
/// exhaustive `switch`, no `default:`, so a status the hub does not know cannot slip through.
enum MPesaStatus: String {
    case successful, pending, failed

    func result(transactionID: String?, code: String?) -> ProviderResult {
        switch self {
        case .successful: .succeeded(providerTransactionID: transactionID)
        case .pending: .pending(providerTransactionID: transactionID)
        case .failed: .failed(PaymentFailure(reason: .declined, providerCode: code, message: "the provider declined the payment"))
        }
    }
}
