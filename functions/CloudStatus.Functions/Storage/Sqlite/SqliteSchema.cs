namespace CloudStatus.Functions.Storage.Sqlite;

/// <summary>The embedded central schema; every statement is idempotent. Documents are camelCase JSON (<see cref="StoreJsonContext"/>).</summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS servers (
            server_id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_servers_tenant ON servers (tenant_id, server_id);

        CREATE TABLE IF NOT EXISTS producers (
            server_id TEXT NOT NULL,
            producer_id TEXT NOT NULL,
            deleted INTEGER NOT NULL,
            central_ticks INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (server_id, producer_id));
        CREATE INDEX IF NOT EXISTS ix_producers_id ON producers (producer_id);

        CREATE TABLE IF NOT EXISTS events (
            event_id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            server_id TEXT NOT NULL,
            type TEXT NOT NULL,
            time_ticks INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_events_tenant_time ON events (tenant_id, time_ticks DESC, event_id DESC);

        CREATE TABLE IF NOT EXISTS commands (
            command_id TEXT NOT NULL PRIMARY KEY,
            doc TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS dispatch_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            body TEXT NOT NULL,
            enqueued_ticks INTEGER NOT NULL,
            visible_ticks INTEGER NOT NULL,
            dequeue_count INTEGER NOT NULL,
            receipt TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_dispatch_outbox_visible ON dispatch_outbox (visible_ticks, id);

        CREATE TABLE IF NOT EXISTS dispatch_poison (
            id INTEGER NOT NULL PRIMARY KEY,
            body TEXT NOT NULL,
            reason TEXT NOT NULL,
            dequeue_count INTEGER NOT NULL,
            poisoned_ticks INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS dead_letters (
            id TEXT NOT NULL PRIMARY KEY,
            device_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            content_encoding TEXT NULL,
            message_id TEXT NULL,
            received_ticks INTEGER NOT NULL,
            body BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_dead_letters_time ON dead_letters (received_ticks DESC, id DESC);

        CREATE TABLE IF NOT EXISTS connectivity (
            server_id TEXT NOT NULL,
            switch_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (server_id, switch_id));

        CREATE TABLE IF NOT EXISTS leases (
            primary_id TEXT NOT NULL PRIMARY KEY,
            tenant_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_leases_tenant ON leases (tenant_id, primary_id);

        CREATE TABLE IF NOT EXISTS tenant_views (
            tenant_id TEXT NOT NULL PRIMARY KEY,
            doc TEXT NOT NULL);
        """ + Addresses;

    /// <summary>The address journal, master and conflicts (docs/adr/0110); the ledger's version orders a tenant's commits.</summary>
    private const string Addresses = """

        CREATE TABLE IF NOT EXISTS address_ledger (
            tenant_id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS address_journal (
            tenant_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            at_ticks INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, item_id));

        CREATE TABLE IF NOT EXISTS address_bindings (
            tenant_id TEXT NOT NULL,
            server_id TEXT NOT NULL,
            producer_id TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, server_id, producer_id));

        CREATE TABLE IF NOT EXISTS address_conflicts (
            tenant_id TEXT NOT NULL,
            conflict_id TEXT NOT NULL,
            detected_ticks INTEGER NOT NULL,
            open INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (tenant_id, conflict_id));
        """;
}
