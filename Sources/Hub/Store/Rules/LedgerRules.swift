import Foundation

/// The ledger's bookings, written once for every store: which accounts each payment decision debits and credits,
/// two-phase holds, and the maintained balances every transfer updates in the same transaction, so balance reads
/// never scan history.
enum LedgerRules {
    /// The account, created with zero balances on first use.
    static func account(_ tx: some StoreTransaction, _ name: String, _ currency: Currency) throws -> LedgerAccount {
        if let account = try tx.account(named: name, currency: currency) { return account }
        return try tx.createAccount(named: name, currency: currency)
    }

    /// Writes one transfer and updates both accounts' balances. A sum that would pass `Int64.max` refuses the
    /// whole transaction. Returns the transfer's id.
    @discardableResult
    static func transfer(_ tx: some StoreTransaction, _ kind: TransferKind, debit: LedgerAccount, credit: LedgerAccount, amount: Money,
                         paymentID: PaymentID?, pendingID: Int64? = nil, flagged: Bool = false, at time: Date) throws -> Int64 {
        guard debit.id != credit.id else { throw StoreError(.conflict, "a transfer needs two different accounts") }
        var debit = debit, credit = credit
        try debit.balance.book(kind, debit: true, amount.minorUnits)
        try credit.balance.book(kind, debit: false, amount.minorUnits)
        let id = try tx.insert(LedgerTransfer(kind: kind, debitAccountID: debit.id, creditAccountID: credit.id, amount: amount,
                                              paymentID: paymentID, pendingID: pendingID, flagged: flagged, createdAt: time))
        try tx.updateBalances(debit)
        try tx.updateBalances(credit)
        return id
    }

    /// Writes posted transfers in order and returns their ids, then updates each account touched once with its net
    /// debits and credits. A posting whose two accounts are the same refuses the batch before anything is written.
    static func post(_ tx: some StoreTransaction, _ postings: [LedgerPosting], at time: Date) throws -> [Int64] {
        guard postings.allSatisfy({ $0.debitAccount != $0.creditAccount }) else {
            throw StoreError(.conflict, "a posting needs two different accounts")
        }
        var accounts: [String: LedgerAccount] = [:]
        func named(_ name: String, _ currency: Currency) throws -> LedgerAccount {
            let key = currency.code + " " + name
            if let known = accounts[key] { return known }
            let found = try account(tx, name, currency)
            accounts[key] = found
            return found
        }
        // Every account of the batch is read (and, in a store with row locks, locked) first, in one fixed order, so
        // two batches touching the same accounts in opposite directions wait for each other instead of deadlocking.
        var touched: [String: (name: String, currency: Currency)] = [:]
        for posting in postings {
            let currency = posting.amount.currency
            for name in [posting.debitAccount, posting.creditAccount] { touched[currency.code + " " + name] = (name, currency) }
        }
        for key in touched.keys.sorted() {
            guard let account = touched[key] else { continue }
            _ = try named(account.name, account.currency)
        }
        var ids: [Int64] = []
        ids.reserveCapacity(postings.count)
        for posting in postings {
            let currency = posting.amount.currency
            var debit = try named(posting.debitAccount, currency), credit = try named(posting.creditAccount, currency)
            try debit.balance.book(.posted, debit: true, posting.amount.minorUnits)
            try credit.balance.book(.posted, debit: false, posting.amount.minorUnits)
            accounts[currency.code + " " + posting.debitAccount] = debit
            accounts[currency.code + " " + posting.creditAccount] = credit
            ids.append(try tx.insert(LedgerTransfer(kind: .posted, debitAccountID: debit.id, creditAccountID: credit.id,
                                                    amount: posting.amount, paymentID: posting.paymentID, createdAt: time)))
        }
        for account in accounts.values.sorted(by: { $0.id < $1.id }) { try tx.updateBalances(account) }
        return ids
    }

    /// Places a hold on the wallet for a withdrawal (or a refund), refusing it if the available balance does not
    /// cover it, unless `checkingBalance` is false: the money is already reserved and only moves.
    static func hold(_ tx: some StoreTransaction, payment: Payment, at time: Date, checkingBalance: Bool = true) throws {
        guard let wallet = try tx.account(named: payment.walletID.accountName, currency: payment.amount.currency) else {
            throw StoreError(.unknownWallet, "wallet has no \(payment.amount.currency.code) account")
        }
        guard !checkingBalance || wallet.balance.available >= payment.amount.minorUnits else {
            throw StoreError(.insufficientFunds, "available balance does not cover \(payment.amount)")
        }
        let clearing = try account(tx, payment.provider.clearingAccountName, payment.amount.currency)
        try transfer(tx, .hold, debit: wallet, credit: clearing, amount: payment.amount, paymentID: payment.id, at: time)
    }

    /// Moves a withdrawal's open hold to another provider's clearing account (void, then hold again), so the books
    /// name the provider that really pays. `payment.provider` is the new provider.
    static func moveHold(_ tx: some StoreTransaction, payment: Payment, at time: Date) throws {
        guard let open = try tx.openHold(of: payment.id) else { throw StoreError(.corrupt, "payment \(payment.id) has no open hold") }
        let clearing = try account(tx, payment.provider.clearingAccountName, payment.amount.currency)
        guard clearing.id != open.creditAccountID else { return }
        try resolveHold(tx, payment: payment, post: false, at: time)
        try hold(tx, payment: payment, at: time, checkingBalance: false)
    }

    /// Posts or voids the payment's open hold. A hold is resolved at most once.
    static func resolveHold(_ tx: some StoreTransaction, payment: Payment, post: Bool, at time: Date) throws {
        guard let open = try tx.openHold(of: payment.id),
              let debit = try tx.account(id: open.debitAccountID), let credit = try tx.account(id: open.creditAccountID) else {
            throw StoreError(.corrupt, "payment \(payment.id) has no open hold")
        }
        try transfer(tx, post ? .post : .void, debit: debit, credit: credit, amount: open.amount, paymentID: payment.id,
                     pendingID: open.id, at: time)
    }

    /// Carries out a state machine's ledger action for a payment. A reversal of a refund the hub started marks the
    /// record's refund succeeded.
    static func perform(_ action: LedgerAction, _ tx: some StoreTransaction, record: inout PaymentRecord, at time: Date) throws {
        let payment = record.payment
        let currency = payment.amount.currency
        switch action {
        case .none:
            return
        case .creditWallet:
            let clearing = try account(tx, payment.provider.clearingAccountName, currency)
            let wallet = try account(tx, payment.walletID.accountName, currency)
            try transfer(tx, .posted, debit: clearing, credit: wallet, amount: payment.amount, paymentID: payment.id, at: time)
        case .postHold:
            try resolveHold(tx, payment: payment, post: true, at: time)
        case .debitWallet:
            let clearing = try account(tx, payment.provider.clearingAccountName, currency)
            let wallet = try account(tx, payment.walletID.accountName, currency)
            let flagged = wallet.balance.available < payment.amount.minorUnits
            try transfer(tx, .posted, debit: wallet, credit: clearing, amount: payment.amount, paymentID: payment.id,
                         flagged: flagged, at: time)
        case .voidHold:
            try resolveHold(tx, payment: payment, post: false, at: time)
        case .reverse:
            if payment.kind == .topUp, try tx.openHold(of: payment.id) != nil {
                // A refund the hub started: the amount was held when it began; posting the hold reverses it.
                try resolveHold(tx, payment: payment, post: true, at: time)
                record.payment.refundState = "succeeded"
                return
            }
            let clearing = try account(tx, payment.provider.clearingAccountName, currency)
            let wallet = try account(tx, payment.walletID.accountName, currency)
            if payment.kind == .topUp {
                // The money already left at the provider: the reversal is booked even if the wallet has spent it,
                // and flagged so the negative balance is explained.
                let flagged = wallet.balance.available < payment.amount.minorUnits
                try transfer(tx, .reversal, debit: wallet, credit: clearing, amount: payment.amount, paymentID: payment.id,
                             flagged: flagged, at: time)
            } else {
                try transfer(tx, .reversal, debit: clearing, credit: wallet, amount: payment.amount, paymentID: payment.id, at: time)
            }
        }
    }
}

extension AccountBalance {
    /// Adds one side of a transfer to the maintained balances; refuses a sum past `Int64.max`.
    mutating func book(_ kind: TransferKind, debit: Bool, _ amount: Int64) throws {
        func add(_ value: inout Int64, _ amount: Int64) throws {
            let (sum, overflow) = value.addingReportingOverflow(amount)
            guard !overflow else { throw StoreError(.conflict, "the posting would overflow an account's balance") }
            value = sum
        }
        switch (kind, debit) {
        case (.posted, true), (.reversal, true): try add(&debitsPosted, amount)
        case (.posted, false), (.reversal, false): try add(&creditsPosted, amount)
        case (.hold, true): try add(&debitsPending, amount)
        case (.hold, false): try add(&creditsPending, amount)
        case (.post, true):
            debitsPending -= amount
            try add(&debitsPosted, amount)
        case (.post, false):
            creditsPending -= amount
            try add(&creditsPosted, amount)
        case (.void, true): debitsPending -= amount
        case (.void, false): creditsPending -= amount
        }
    }
}
