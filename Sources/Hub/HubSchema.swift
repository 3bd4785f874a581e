import PostgresNIO

/// The hub's tables, created and migrated by `caseload hub init`.
///
/// ```
/// caseload_schema(version, applied_at, note)            one row per applied migration
/// caseload_lines(stream, writer, seq, hash, line, pushed_by, received_at)
///     PRIMARY KEY (stream, writer, seq)
/// caseload_keys(key_id, writer, key, pushed_by, received_at)                 PRIMARY KEY (key_id)
/// caseload_key_tombstones(key_id, writer, erased_on, pushed_by, received_at) PRIMARY KEY (key_id)
/// ```
/// `line` is a journal line's bytes exactly as the writer wrote them (without the newline);
/// `hash` its SHA-256, the next line's `prev`. `stream` is `journal` for the desks' journals;
/// another replicated stream (the key store) gets its own value and the same rules. A
/// statement trigger sends `NOTIFY caseload_hub` after every insert, so open apps pull at once,
/// and another refuses UPDATE and DELETE even to roles that hold those privileges.
///
/// The key store (version 2) replicates beside the lines: one row per person's key, one per
/// erasure's tombstone. The app's role may only SELECT and INSERT there too. A tombstone's insert
/// runs a SECURITY DEFINER trigger (owned by the schema owner) that deletes that key's row, and a
/// key inserted for an id that already has a tombstone is dropped; both take the same per-id
/// advisory lock, so a key and its tombstone sent at once cannot both survive. No other delete or
/// update passes: the guard lets through only the delete of a key whose tombstone exists.
public enum HubSchema {
    /// The newest schema this build knows.
    public static let currentVersion = 2
    /// The channel desks LISTEN on.
    public static let notifyChannel = "caseload_hub"
    /// The stream of the desks' journals.
    public static let journalStream = "journal"

    /// Migration `n` is `migrations[n - 1]`: statements run in one transaction.
    static let migrations: [(note: String, statements: [String])] = [
        ("journal lines keyed by (stream, writer, seq), append-only, with insert notifications", [
            """
            CREATE TABLE caseload_lines (
                stream      text        NOT NULL,
                writer      text        NOT NULL,
                seq         bigint      NOT NULL CHECK (seq >= 1),
                hash        text        NOT NULL CHECK (length(hash) = 64),
                line        bytea       NOT NULL,
                pushed_by   text        NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (stream, writer, seq)
            )
            """,
            """
            CREATE FUNCTION caseload_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('caseload_hub', '');
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER caseload_lines_notify AFTER INSERT ON caseload_lines
                FOR EACH STATEMENT EXECUTE FUNCTION caseload_notify()
            """,
            """
            CREATE FUNCTION caseload_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'caseload_lines is append-only: % refused', TG_OP;
            END $$
            """,
            """
            CREATE TRIGGER caseload_lines_append_only BEFORE UPDATE OR DELETE ON caseload_lines
                FOR EACH ROW EXECUTE FUNCTION caseload_append_only()
            """,
        ]),
        ("person keys and erasure tombstones: a tombstone deletes its key, a key after its tombstone is dropped", [
            """
            CREATE TABLE caseload_keys (
                key_id      text        PRIMARY KEY CHECK (key_id ~ '^K-[0-9A-Z]{16}$'),
                writer      text        NOT NULL,
                key         bytea       NOT NULL CHECK (length(key) = 32),
                pushed_by   text        NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE caseload_key_tombstones (
                key_id      text        PRIMARY KEY CHECK (key_id ~ '^K-[0-9A-Z]{16}$'),
                writer      text        NOT NULL,
                erased_on   text        NOT NULL CHECK (erased_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
                pushed_by   text        NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE FUNCTION caseload_key_insert() RETURNS trigger LANGUAGE plpgsql
                SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('caseload_key:' || NEW.key_id));
                IF EXISTS (SELECT 1 FROM caseload_key_tombstones WHERE key_id = NEW.key_id) THEN
                    RETURN NULL;
                END IF;
                RETURN NEW;
            END $$
            """,
            """
            CREATE TRIGGER caseload_keys_after_erasure BEFORE INSERT ON caseload_keys
                FOR EACH ROW EXECUTE FUNCTION caseload_key_insert()
            """,
            """
            CREATE FUNCTION caseload_key_erase() RETURNS trigger LANGUAGE plpgsql
                SECURITY DEFINER SET search_path = public, pg_temp AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('caseload_key:' || NEW.key_id));
                DELETE FROM caseload_keys WHERE key_id = NEW.key_id;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER caseload_key_tombstones_erase AFTER INSERT ON caseload_key_tombstones
                FOR EACH ROW EXECUTE FUNCTION caseload_key_erase()
            """,
            """
            CREATE FUNCTION caseload_key_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'caseload_keys'
                   AND EXISTS (SELECT 1 FROM caseload_key_tombstones WHERE key_id = OLD.key_id) THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION '% is append-only (a key goes only with its tombstone): % refused', TG_TABLE_NAME, TG_OP;
            END $$
            """,
            """
            CREATE TRIGGER caseload_keys_append_only BEFORE UPDATE OR DELETE ON caseload_keys
                FOR EACH ROW EXECUTE FUNCTION caseload_key_delete_guard()
            """,
            """
            CREATE TRIGGER caseload_key_tombstones_append_only BEFORE UPDATE OR DELETE ON caseload_key_tombstones
                FOR EACH ROW EXECUTE FUNCTION caseload_key_delete_guard()
            """,
            """
            CREATE TRIGGER caseload_keys_notify AFTER INSERT ON caseload_keys
                FOR EACH STATEMENT EXECUTE FUNCTION caseload_notify()
            """,
            """
            CREATE TRIGGER caseload_key_tombstones_notify AFTER INSERT ON caseload_key_tombstones
                FOR EACH STATEMENT EXECUTE FUNCTION caseload_notify()
            """,
        ]),
    ]

    /// The statements that give the app's role what it needs and no more: read everything,
    /// add lines, change nothing. `role` must already be a valid identifier (see `validateRole`).
    public static func grants(role: String) -> [String] {
        let quoted = "\"\(role)\""
        return [
            "GRANT USAGE ON SCHEMA public TO \(quoted)",
            "GRANT SELECT ON caseload_schema TO \(quoted)",
            "GRANT SELECT, INSERT ON caseload_lines, caseload_keys, caseload_key_tombstones TO \(quoted)",
            "REVOKE UPDATE, DELETE, TRUNCATE ON caseload_lines, caseload_schema, caseload_keys, caseload_key_tombstones FROM \(quoted)",
        ]
    }

    /// A role name as the grants take it: letters, digits, `_` and `-`, up to 63 bytes.
    public static func validateRole(_ role: String) throws(HubError) {
        let allowed = role.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
        guard (1...63).contains(role.utf8.count), allowed else {
            throw .configuration("role: '\(role)' is not a role name (letters, digits, _ and -, up to 63)")
        }
    }

    /// The schema version the hub is at: 0 when it has no Caseload tables yet.
    public static func version(_ hub: HubConnection) async throws(HubError) -> Int {
        let exists = try await hub.rows("SELECT to_regclass('caseload_schema') IS NOT NULL", doing: "read the schema version")
        guard let row = exists.first, try hub.value(row, as: Bool.self, doing: "read the schema version") else { return 0 }
        let rows = try await hub.rows("SELECT coalesce(max(version), 0) FROM caseload_schema", doing: "read the schema version")
        guard let first = rows.first else { return 0 }
        return Int(try hub.value(first, as: Int32.self, doing: "read the schema version"))
    }

    /// Creates or migrates the schema; returns the versions applied (empty when it was current).
    public static func migrate(_ hub: HubConnection) async throws(HubError) -> [Int] {
        try await hub.run("""
            CREATE TABLE IF NOT EXISTS caseload_schema (
                version    integer     PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now(),
                note       text        NOT NULL
            )
            """, doing: "create the schema table")
        let from = try await version(hub)
        guard from <= currentVersion else {
            throw .configuration("hub \(hub.address) is at schema version \(from), newer than this app's \(currentVersion): update caseload")
        }
        var applied: [Int] = []
        for version in (from + 1)...max(from + 1, currentVersion) where version <= currentVersion {
            let migration = migrations[version - 1]
            try await hub.run("BEGIN", doing: "migrate to version \(version)")
            do throws(HubError) {
                for statement in migration.statements {
                    try await hub.run(PostgresQuery(unsafeSQL: statement), doing: "migrate to version \(version)")
                }
                try await hub.run("INSERT INTO caseload_schema (version, note) VALUES (\(Int32(version)), \(migration.note))",
                                  doing: "migrate to version \(version)")
                try await hub.run("COMMIT", doing: "migrate to version \(version)")
            } catch {
                try? await hub.run("ROLLBACK", doing: "roll back")
                throw error
            }
            applied.append(version)
        }
        return applied
    }

    /// Runs statements one by one (the grants).
    public static func apply(_ statements: [String], _ hub: HubConnection) async throws(HubError) {
        for statement in statements { try await hub.run(PostgresQuery(unsafeSQL: statement), doing: "grant") }
    }

    /// Refuses a hub that has not been initialised, that a newer app has migrated, or that still
    /// needs a migration (an older schema lacks the key store's tables).
    static func requireCurrent(_ hub: HubConnection) async throws(HubError) {
        let version = try await version(hub)
        if version == 0 {
            throw .server("hub \(hub.address) has no Caseload schema: run `caseload hub init URL` as the database owner")
        }
        if version > currentVersion {
            throw .server("hub \(hub.address) is at schema version \(version), newer than this app's \(currentVersion): update caseload")
        }
        if version < currentVersion {
            throw .server("hub \(hub.address) is at schema version \(version), older than this app's \(currentVersion): "
                          + "run `caseload hub init URL` as the database owner to migrate it")
        }
    }
}
