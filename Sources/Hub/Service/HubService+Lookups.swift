import Foundation

extension HubService {
    /// Asks the provider a withdrawal to `counterparty` would go to whether the account is active and whose it is.
    ///
    /// Routed like that withdrawal (the same rules, the same circuit breakers), with `amount` in minor units of
    /// `currency` for rules by amount (default: one major unit) and `currency` defaulting to the currency of the
    /// number's country. The first candidate that cannot look up makes the answer `unsupported`, naming it; one
    /// that was not reached passes the lookup to the next candidate; one whose answer was lost makes it
    /// `unavailable`, never a guess. Answers are reused for `RecipientLookupSettings.cacheSeconds`. Logged without the
    /// name or the full number.
    public func lookUpRecipient(_ counterparty: Counterparty, currency: Currency?, amount: Int64? = nil,
                                provider: ProviderID? = nil) async throws(HubError) -> RecipientLookup {
        guard let currency = currency ?? Country.of(counterparty).flatMap(Country.currency(of:)) else {
            throw HubError(.invalidRequest, "the number's country has no default currency: give one", field: "currency")
        }
        let request: PaymentRequest
        do {
            let money = try Money.positive(minorUnits: amount ?? currency.minorUnitsPerMajorUnit, currency: currency)
            request = try PaymentRequest(kind: .withdrawal, walletID: WalletID("recipient-lookup"), amount: money, counterparty: counterparty,
                                         provider: provider, idempotencyKey: "recipient-lookup")
        } catch let error as ValidationError {
            throw HubError(.invalidRequest, error.message, field: error.field == "amount" ? "amount" : error.field)
        } catch {
            throw HubError(.invalidRequest, "must be a positive integer in minor units", field: "amount")
        }
        let route = router.route(request, now: now())
        guard !route.candidates.isEmpty else {
            let reasons = route.skipped.map { "\($0.provider): \($0.reason)" }.joined(separator: "; ")
            throw HubError(.noRoute, "no provider can pay this recipient" + (reasons.isEmpty ? "" : " (\(reasons))"))
        }
        return try await lookUp(.recipient(RecipientQuery(counterparty: counterparty, currency: currency)), candidates: route.candidates)
    }

    /// Asks whose the local bank account `account` is and whether it can be paid in `currency`.
    ///
    /// `provider` when given, else every configured provider that declares bank-account lookups in `currency`, in
    /// registration order (the router's order without rules: routing rules describe payments, and a bank-account
    /// lookup is none), skipping open circuits as the router does. A named provider that cannot look this account
    /// up makes the answer `unsupported`; failover, caching and `unavailable` are as for `lookUpRecipient`. Logged
    /// with the account number cut to its last four digits and without the name.
    public func lookUpBankAccount(_ account: LocalBankAccount, currency: Currency,
                                  provider: ProviderID? = nil) async throws(HubError) -> RecipientLookup {
        let query = BankAccountQuery(account: account, currency: currency)
        let considered = provider.map { [$0] } ?? registry.order.filter { id in
            registry[id].map { Self.asking($0, about: .bankAccount(query)) != nil } ?? false
        }
        var candidates: [ProviderID] = []
        var skipped: [String] = []
        for id in considered {
            if registry[id] == nil {
                skipped.append("\(id): not configured")
            } else if !router.breakers.allows(id, now: now()) {
                skipped.append("\(id): circuit open")
            } else {
                candidates.append(id)
            }
        }
        guard !candidates.isEmpty else {
            let reasons = skipped.isEmpty ? "" : " (\(skipped.joined(separator: "; ")))"
            throw HubError(.noRoute, "no provider can look up \(currency.code) bank accounts" + reasons)
        }
        return try await lookUp(.bankAccount(query), candidates: candidates)
    }

    /// The lookup of `subject` with the first of `candidates` that answers.
    func lookUp(_ subject: LookupSubject, candidates: [ProviderID]) async throws(HubError) -> RecipientLookup {
        let context = ProviderContext(transport: transport, logger: logger, now: now)
        var lastFailure: ProviderError?
        for id in candidates {
            guard let provider = registry[id] else { continue }
            guard let ask = Self.asking(provider, about: subject) else {
                logger.info("recipient lookup unsupported", metadata: ["provider": "\(id)"])
                return RecipientLookup(provider: id, outcome: .unsupported, checkedAt: now())
            }
            let key = RecipientLookupCache.Key(provider: id, subject: subject)
            if let kept = lookupCache.answer(key, now: now()) {
                return RecipientLookup(provider: id, outcome: .checked(kept.check), checkedAt: kept.checkedAt)
            }
            guard router.breakers.acquire(id, now: now()) else {
                lastFailure = ProviderError(.notSent, provider: id, reason: "circuit half-open with its probe in flight")
                continue
            }
            do {
                let check = try await metrics.providerCall(id, .lookup) { () async throws(ProviderError) in
                    try await ask(context)
                }
                router.breakers.recordSuccess(id)
                let checkedAt = now()
                lookupCache.keep(check, for: key, at: checkedAt)
                logger.info("recipient looked up", metadata: [
                    "provider": "\(id)", "recipient": "\(subject)", "active": "\(check.active)",
                ])
                return RecipientLookup(provider: id, outcome: .checked(check), checkedAt: checkedAt)
            } catch {
                router.breakers.recordFailure(id, now: now())
                logger.warning("recipient lookup failed", metadata: [
                    "provider": "\(id)", "recipient": "\(subject)", "reason": "\(error.reason)",
                ])
                guard error.kind == .notSent else { throw HubError(.unavailable, "\(id) did not answer the lookup") }
                lastFailure = error
            }
        }
        throw HubError(.unavailable, lastFailure.map { "\($0.provider) could not be reached" } ?? "no provider could be asked")
    }

    /// How `provider` would be asked about `subject`, or `nil` if it cannot be: it must declare `.lookup`, adopt the
    /// protocol for that kind of subject and, for a bank account, resolve accounts in its currency.
    static func asking(_ provider: any PaymentProvider,
                       about subject: LookupSubject) -> (@Sendable (ProviderContext) async throws(ProviderError) -> RecipientCheck)? {
        guard provider.capabilities.operations.contains(.lookup) else { return nil }
        switch subject {
        case .recipient(let query):
            guard let looking = provider as? any RecipientLookupProvider else { return nil }
            return { context async throws(ProviderError) in try await looking.lookUp(query, context: context) }
        case .bankAccount(let query):
            guard let looking = provider as? any BankAccountLookupProvider,
                  looking.bankAccountLookupCurrencies.contains(query.currency) else { return nil }
            return { context async throws(ProviderError) in try await looking.lookUp(query, context: context) }
        }
    }

    /// For a withdrawal that requires an active recipient: refuses it unless the provider it will go to says the
    /// account is active. Nothing is written before this.
    func requireActiveRecipient(_ request: PaymentRequest, candidates: [ProviderID]) async throws(HubError) {
        let lookup = try await lookUp(.recipient(RecipientQuery(counterparty: request.counterparty, currency: request.amount.currency)),
                                      candidates: candidates)
        switch lookup.outcome {
        case .unsupported:
            metrics.paymentRejected("recipient_lookup_unsupported")
            throw HubError(.recipientLookupUnsupported, "\(lookup.provider) cannot look recipients up; send without require_active_recipient")
        case .checked(let check) where !check.active:
            metrics.paymentRejected("recipient_not_active")
            throw HubError(.recipientNotActive, "\(lookup.provider) says the account is not active", field: "destination")
        case .checked:
            return
        }
    }
}
