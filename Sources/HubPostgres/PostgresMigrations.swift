import Foundation
import Hub
import PostgresNIO

/// The PostgreSQL schema, as numbered forward-only migrations: the same tables, columns and constraints as
/// SQLite's, money in BIGINT minor units and times in BIGINT milliseconds since 1970 (as SQLite keeps them, so both
/// stores answer alike). `row_order` keeps the order rows were written, which SQLite's row ids give: claims and lists
/// break ties on it. Never edit a shipped migration: add the next one.
enum PostgresMigrations {
    struct Migration {
        var identifier: String
        var statements: [String]
    }

    /// Taken for the duration of the migrating transaction, so hubs starting together migrate one after the other.
    static let lockKey: Int64 = 0x6875_625f_6d69_6772

    static let all: [Migration] = [
        Migration(identifier: "0001_schema", statements: [
            """
            CREATE TABLE payments (
                id TEXT PRIMARY KEY,
                row_order BIGINT GENERATED ALWAYS AS IDENTITY,
                kind TEXT NOT NULL CHECK (kind IN ('top_up', 'withdrawal')),
                wallet_id TEXT NOT NULL,
                amount BIGINT NOT NULL CHECK (amount > 0),
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
                needs_review BOOLEAN NOT NULL DEFAULT FALSE,
                polls BIGINT NOT NULL DEFAULT 0,
                next_poll_at BIGINT NOT NULL,
                metadata TEXT NOT NULL DEFAULT '{}',
                routing TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                refund_state TEXT
                    CHECK (refund_state IS NULL OR refund_state IN ('requested', 'pending', 'succeeded', 'failed')),
                refund_reference TEXT,
                refund_idempotency_key TEXT,
                refund_provider_id TEXT,
                refund_requested_at BIGINT,
                refund_next_poll_at BIGINT,
                refund_polls BIGINT NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX payments_by_wallet ON payments (wallet_id, created_at DESC, id DESC)",
            "CREATE INDEX payments_open ON payments (next_poll_at, row_order) WHERE state IN ('created', 'pending')",
            "CREATE UNIQUE INDEX payments_refund_key ON payments (refund_idempotency_key) WHERE refund_idempotency_key IS NOT NULL",
            "CREATE INDEX payments_refunds_open ON payments (refund_next_poll_at, row_order) WHERE refund_state IN ('requested', 'pending')",
            "CREATE INDEX payments_needing_review ON payments (updated_at, row_order) WHERE needs_review",
            """
            CREATE TABLE attempts (
                payment_id TEXT NOT NULL REFERENCES payments (id),
                number BIGINT NOT NULL,
                provider TEXT NOT NULL,
                reference TEXT NOT NULL,
                provider_transaction_id TEXT,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                sent_at BIGINT,
                row_order BIGINT GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (payment_id, number),
                UNIQUE (provider, reference)
            )
            """,
            """
            CREATE INDEX attempts_by_provider_txn ON attempts (provider, provider_transaction_id)
                WHERE provider_transaction_id IS NOT NULL
            """,
            "CREATE INDEX attempts_by_provider_time ON attempts (provider, created_at)",
            """
            CREATE TABLE ledger_accounts (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name TEXT NOT NULL,
                currency TEXT NOT NULL,
                debits_posted BIGINT NOT NULL DEFAULT 0,
                credits_posted BIGINT NOT NULL DEFAULT 0,
                debits_pending BIGINT NOT NULL DEFAULT 0,
                credits_pending BIGINT NOT NULL DEFAULT 0,
                UNIQUE (name, currency)
            )
            """,
            """
            CREATE TABLE ledger_transfers (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                payment_id TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('posted', 'hold', 'post', 'void', 'reversal')),
                debit_account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
                credit_account_id BIGINT NOT NULL REFERENCES ledger_accounts (id),
                amount BIGINT NOT NULL CHECK (amount > 0),
                currency TEXT NOT NULL,
                pending_id BIGINT REFERENCES ledger_transfers (id),
                flagged BOOLEAN NOT NULL DEFAULT FALSE,
                created_at BIGINT NOT NULL,
                CHECK (debit_account_id <> credit_account_id)
            )
            """,
            "CREATE INDEX transfers_by_debit ON ledger_transfers (debit_account_id, id)",
            "CREATE INDEX transfers_by_credit ON ledger_transfers (credit_account_id, id)",
            "CREATE INDEX transfers_by_payment ON ledger_transfers (payment_id) WHERE payment_id IS NOT NULL",
            "CREATE UNIQUE INDEX transfers_resolve_once ON ledger_transfers (pending_id) WHERE pending_id IS NOT NULL",
            """
            CREATE TABLE outbox (
                sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id TEXT NOT NULL UNIQUE,
                payment_id TEXT NOT NULL,
                type TEXT NOT NULL,
                payload BYTEA NOT NULL,
                created_at BIGINT NOT NULL,
                delivery_attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                delivered_at BIGINT,
                dead_at BIGINT,
                last_error TEXT
            )
            """,
            "CREATE INDEX outbox_undelivered ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL",
            "CREATE INDEX outbox_by_payment ON outbox (payment_id, sequence) WHERE delivered_at IS NULL",
            """
            CREATE TABLE anomalies (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                payment_id TEXT NOT NULL,
                source TEXT NOT NULL,
                detail TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE webhook_inbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                provider TEXT NOT NULL,
                dedupe_key TEXT NOT NULL,
                reference TEXT NOT NULL,
                payment_id TEXT,
                event TEXT NOT NULL,
                status TEXT NOT NULL
                    CHECK (status IN ('applied', 'unchanged', 'anomaly', 'held', 'review', 'ignored', 'unknown_payment')),
                detail TEXT,
                body BYTEA NOT NULL,
                received_at BIGINT NOT NULL,
                UNIQUE (provider, dedupe_key)
            )
            """,
            "CREATE INDEX webhook_inbox_unknown ON webhook_inbox (id) WHERE status = 'unknown_payment'",
            "CREATE INDEX webhook_inbox_by_payment ON webhook_inbox (payment_id, id) WHERE payment_id IS NOT NULL",
            """
            CREATE TABLE payment_resolutions (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                payment_id TEXT NOT NULL REFERENCES payments (id),
                subject TEXT NOT NULL DEFAULT 'payment' CHECK (subject IN ('payment', 'refund')),
                resolved_as TEXT NOT NULL CHECK (resolved_as IN ('succeeded', 'failed')),
                state_before TEXT NOT NULL,
                reason TEXT NOT NULL,
                operator TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX payment_resolutions_by_payment ON payment_resolutions (payment_id, id)",
        ]),
        // Values every hub on the database must agree on (the webhook callback token), written once by the first.
        Migration(identifier: "0002_shared_settings", statements: [
            "CREATE TABLE hub_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at BIGINT NOT NULL)",
        ]),
        // Operators' actions, append-only like the ledger (a trigger refuses UPDATE and DELETE, whoever issues them),
        // and the operator console's reads: a payment's events and anomalies, every payment newest first.
        Migration(identifier: "0003_audit_log_and_timeline", statements: [
            """
            CREATE TABLE audit_log (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                reason TEXT,
                before_summary TEXT,
                after_summary TEXT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            "CREATE INDEX outbox_of_payment ON outbox (payment_id, sequence)",
            "CREATE INDEX anomalies_by_payment ON anomalies (payment_id, id)",
            "CREATE INDEX payments_by_creation ON payments (created_at DESC, id DESC)",
        ]),
    ]

    /// The identifiers recorded in `hub_migrations`, in the order applied; none when the table is not there yet.
    static func applied(_ session: PostgresSession) throws -> [String] {
        let exists = try session.rows(sql: "SELECT to_regclass('hub_migrations') IS NOT NULL AS present")
        guard try exists.first?.bool("present") == true else { return [] }
        return try session.rows(sql: "SELECT identifier FROM hub_migrations ORDER BY applied_order").map { try $0.text("identifier") }
    }

    /// Applies every pending migration in one transaction, under an advisory lock; refuses (and changes nothing in) a
    /// database that names migrations this build does not know.
    static func migrate(_ session: PostgresSession) throws {
        try PostgresStore.inTransaction(session) { _ in
            try session.execute(sql: "SELECT pg_advisory_xact_lock($1)", [lockKey])
            try session.execute(sql: """
                CREATE TABLE IF NOT EXISTS hub_migrations (
                    identifier TEXT PRIMARY KEY,
                    applied_order BIGINT GENERATED ALWAYS AS IDENTITY,
                    applied_at BIGINT NOT NULL
                )
                """)
            let applied = try applied(session)
            let known = Set(all.map(\.identifier))
            let unknown = applied.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw StoreError(.database, "the database was migrated by a newer hub (\(unknown.joined(separator: ", "))); "
                                 + "run that version, or restore a backup made for this one")
            }
            for migration in all where !applied.contains(migration.identifier) {
                for statement in migration.statements { try session.execute(migration: statement) }
                try session.execute(sql: "INSERT INTO hub_migrations (identifier, applied_at) VALUES ($1, $2)",
                                    [migration.identifier, Timestamp.millis(Date())])
            }
        }
    }
}
