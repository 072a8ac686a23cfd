import GRDB

/// The SQLite schema, as numbered forward-only migrations. Never edit a shipped migration: add the next one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001_payments_ledger_outbox") { db in
            try db.execute(sql: """
                CREATE TABLE payments (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('top_up', 'withdrawal')),
                    wallet_id TEXT NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    currency TEXT NOT NULL,
                    counterparty TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('created', 'pending', 'succeeded', 'failed', 'reversed')),
                    idempotency_key TEXT NOT NULL UNIQUE,
                    request_hash TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    provider_reference TEXT NOT NULL,
                    failure_reason TEXT,
                    failure_code TEXT,
                    failure_message TEXT,
                    needs_review INTEGER NOT NULL DEFAULT 0,
                    polls INTEGER NOT NULL DEFAULT 0,
                    next_poll_at INTEGER NOT NULL,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX payments_by_wallet ON payments (wallet_id, created_at DESC, id DESC);
                CREATE INDEX payments_open ON payments (next_poll_at) WHERE state IN ('created', 'pending');

                CREATE TABLE attempts (
                    payment_id TEXT NOT NULL REFERENCES payments (id),
                    number INTEGER NOT NULL,
                    provider TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    provider_transaction_id TEXT,
                    status TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (payment_id, number),
                    UNIQUE (provider, reference)
                );
                CREATE INDEX attempts_by_provider_txn ON attempts (provider, provider_transaction_id)
                    WHERE provider_transaction_id IS NOT NULL;

                CREATE TABLE ledger_accounts (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    debits_posted INTEGER NOT NULL DEFAULT 0,
                    credits_posted INTEGER NOT NULL DEFAULT 0,
                    debits_pending INTEGER NOT NULL DEFAULT 0,
                    credits_pending INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (name, currency)
                );

                CREATE TABLE ledger_transfers (
                    id INTEGER PRIMARY KEY,
                    payment_id TEXT,
                    kind TEXT NOT NULL CHECK (kind IN ('posted', 'hold', 'post', 'void', 'reversal')),
                    debit_account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
                    credit_account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    currency TEXT NOT NULL,
                    pending_id INTEGER REFERENCES ledger_transfers (id),
                    flagged INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    CHECK (debit_account_id <> credit_account_id)
                );
                CREATE INDEX transfers_by_debit ON ledger_transfers (debit_account_id, id);
                CREATE INDEX transfers_by_credit ON ledger_transfers (credit_account_id, id);
                CREATE INDEX transfers_by_payment ON ledger_transfers (payment_id);
                CREATE UNIQUE INDEX transfers_resolve_once ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL;

                CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY,
                    event_id TEXT NOT NULL UNIQUE,
                    payment_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    delivery_attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    delivered_at INTEGER,
                    dead_at INTEGER,
                    last_error TEXT
                );
                CREATE INDEX outbox_undelivered ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;

                CREATE TABLE anomalies (
                    id INTEGER PRIMARY KEY,
                    payment_id TEXT NOT NULL,
                    source TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("0002_webhook_inbox") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_inbox (
                    id INTEGER PRIMARY KEY,
                    provider TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    payment_id TEXT,
                    event TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('applied', 'unknown_payment', 'ignored')),
                    body BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (provider, dedupe_key)
                );
                CREATE INDEX webhook_inbox_unknown ON webhook_inbox (received_at) WHERE status = 'unknown_payment';
                """)
        }
        migrator.registerMigration("0003_refunds") { db in
            try db.execute(sql: """
                ALTER TABLE payments ADD COLUMN refund_reference TEXT;
                ALTER TABLE payments ADD COLUMN refund_idempotency_key TEXT;
                ALTER TABLE payments ADD COLUMN refund_state TEXT
                    CHECK (refund_state IS NULL OR refund_state IN ('requested', 'pending', 'succeeded', 'failed'));
                CREATE UNIQUE INDEX payments_refund_key ON payments (refund_idempotency_key) WHERE refund_idempotency_key IS NOT NULL;
                """)
        }
        migrator.registerMigration("0004_routing_decisions") { db in
            try db.execute(sql: "ALTER TABLE payments ADD COLUMN routing TEXT")
        }
        migrator.registerMigration("0005_transfers_by_payment_partial") { db in
            // Postings outside any payment (adjustments, sweeps, imports) have no payment id and need no entry
            // in this index; `payment_id = ?` lookups still use it.
            try db.execute(sql: """
                DROP INDEX transfers_by_payment;
                CREATE INDEX transfers_by_payment ON ledger_transfers (payment_id) WHERE payment_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("0006_money_path_edges") { db in
            // attempts.sent_at: when the request last left (a resume re-sends it); NULL reads as created_at.
            // payments.refund_*: a refund is followed like a payment (lease, polls, the provider's refund id).
            // webhook_inbox: each row says what it did; `held` rows wait for a state where they can apply.
            // payment_resolutions: who settled a payment by hand, as what, and why.
            try db.execute(sql: """
                ALTER TABLE attempts ADD COLUMN sent_at INTEGER;
                ALTER TABLE payments ADD COLUMN refund_provider_id TEXT;
                ALTER TABLE payments ADD COLUMN refund_requested_at INTEGER;
                ALTER TABLE payments ADD COLUMN refund_next_poll_at INTEGER;
                ALTER TABLE payments ADD COLUMN refund_polls INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX payments_refunds_open ON payments (refund_next_poll_at) WHERE refund_state IN ('requested', 'pending');
                -- Refunds already in flight are followed at once.
                UPDATE payments SET refund_next_poll_at = 0, refund_requested_at = updated_at WHERE refund_state IN ('requested', 'pending');

                CREATE TABLE webhook_inbox_0006 (
                    id INTEGER PRIMARY KEY,
                    provider TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    payment_id TEXT,
                    event TEXT NOT NULL,
                    status TEXT NOT NULL
                        CHECK (status IN ('applied', 'unchanged', 'anomaly', 'held', 'review', 'ignored', 'unknown_payment')),
                    detail TEXT,
                    body BLOB NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (provider, dedupe_key)
                );
                INSERT INTO webhook_inbox_0006 (id, provider, dedupe_key, reference, payment_id, event, status, body, received_at)
                    SELECT id, provider, dedupe_key, reference, payment_id, event, status, body, received_at FROM webhook_inbox;
                DROP TABLE webhook_inbox;
                ALTER TABLE webhook_inbox_0006 RENAME TO webhook_inbox;
                CREATE INDEX webhook_inbox_unknown ON webhook_inbox (received_at) WHERE status = 'unknown_payment';
                CREATE INDEX webhook_inbox_by_payment ON webhook_inbox (payment_id, id) WHERE payment_id IS NOT NULL;

                CREATE TABLE payment_resolutions (
                    id INTEGER PRIMARY KEY,
                    payment_id TEXT NOT NULL REFERENCES payments (id),
                    subject TEXT NOT NULL DEFAULT 'payment' CHECK (subject IN ('payment', 'refund')),
                    resolved_as TEXT NOT NULL CHECK (resolved_as IN ('succeeded', 'failed')),
                    state_before TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX payment_resolutions_by_payment ON payment_resolutions (payment_id, id);
                CREATE INDEX payments_needing_review ON payments (updated_at) WHERE needs_review = 1;
                """)
        }
        migrator.registerMigration("0007_audit_log") { db in
            // Who did what to which payment or event, and why: operators' actions over the API or the CLI. Append-only
            // like the ledger: the triggers refuse every UPDATE and DELETE, whoever issues it.
            try db.execute(sql: """
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    reason TEXT,
                    before_summary TEXT,
                    after_summary TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                """)
        }
        migrator.registerMigration("0008_timeline_indexes") { db in
            // The console's reads: a payment's events and anomalies, and the list of all payments newest first.
            try db.execute(sql: """
                CREATE INDEX outbox_by_payment ON outbox (payment_id, sequence);
                CREATE INDEX anomalies_by_payment ON anomalies (payment_id, id);
                CREATE INDEX payments_by_creation ON payments (created_at DESC, id DESC);
                """)
        }
        return migrator
    }
}
