//! Versioned schema migrations. The version is SQLite's `user_version`;
//! each migration runs in its own transaction together with the version
//! bump, so a crash mid-migration leaves the previous version intact.

use rusqlite::Connection;

use crate::StoreError;

/// The migrations, in order; migration `i` brings the schema to version `i + 1`.
/// Never edit one that has shipped: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: requests.
    "CREATE TABLE requests (
        id           INTEGER PRIMARY KEY,
        number       TEXT NOT NULL UNIQUE,
        requester    TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        received     TEXT NOT NULL,          -- ISO 8601 date
        due          TEXT,                   -- ISO 8601 date, from the jurisdiction's deadline
        bates_prefix TEXT,
        status       TEXT NOT NULL DEFAULT 'open',
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );",
    // 2: documents and their pages' reliability.
    "CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        request_id    INTEGER NOT NULL REFERENCES requests(id),
        original_name TEXT NOT NULL,           -- the file name the clerk chose
        stored_path   TEXT NOT NULL,           -- the copy, relative to the data folder
        sha256        TEXT NOT NULL,           -- lowercase hex of the original's bytes
        pages         INTEGER NOT NULL,
        bytes         INTEGER NOT NULL,
        imported_at   TEXT NOT NULL,
        record_type   TEXT,                    -- a pack record type id, if any
        scan_status   TEXT NOT NULL DEFAULT 'pending'
                      CHECK (scan_status IN ('pending', 'scanned', 'failed')),
        scan_error    TEXT,
        UNIQUE (request_id, sha256)
    );
    CREATE TABLE pages (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page        INTEGER NOT NULL,          -- 1-based
        verdict     TEXT NOT NULL,             -- ok | degraded | unreadable
        reasons     TEXT NOT NULL,             -- JSON array of strings
        PRIMARY KEY (document_id, page)
    );",
    // 3: findings and the clerk's decisions (append-only; the latest wins).
    "CREATE TABLE findings (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page        INTEGER NOT NULL,
        category    TEXT NOT NULL,
        detector    TEXT NOT NULL,
        quads       TEXT NOT NULL,             -- JSON [[x1,y1,x2,y2,x3,y3,x4,y4], ...], user space
        text        TEXT NOT NULL,             -- as printed on the page
        value       TEXT NOT NULL,             -- normalized
        confidence  REAL NOT NULL,
        proposal    TEXT NOT NULL              -- JSON disclose_rules::Proposal
    );
    CREATE INDEX findings_document ON findings(document_id, page);
    CREATE TABLE decisions (
        id         INTEGER PRIMARY KEY,
        finding_id INTEGER NOT NULL REFERENCES findings(id),
        action     TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'change_code', 'clear')),
        code       TEXT,                       -- the exemption code for accept / change_code
        clerk      TEXT NOT NULL,
        at         TEXT NOT NULL,
        note       TEXT
    );
    CREATE INDEX decisions_finding ON decisions(finding_id, id);
    CREATE TRIGGER decisions_append_only_u BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER decisions_append_only_d BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;",
    // 4: manual redactions, custom terms, exports and the audit chain.
    "CREATE TABLE manual_redactions (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page        INTEGER,                   -- null for a term over the whole document
        kind        TEXT NOT NULL CHECK (kind IN ('area', 'term')),
        area        TEXT,                      -- JSON [x0, y0, x1, y1], user space, for 'area'
        term        TEXT,                      -- for 'term'
        code        TEXT NOT NULL,
        clerk       TEXT NOT NULL,
        at          TEXT NOT NULL,
        removed_at  TEXT,
        CHECK ((kind = 'area' AND area IS NOT NULL AND page IS NOT NULL)
            OR (kind = 'term' AND term IS NOT NULL))
    );
    CREATE TABLE custom_terms (
        id         INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES requests(id),
        term       TEXT NOT NULL,
        code       TEXT,                       -- null: the pack's custom code
        clerk      TEXT NOT NULL,
        at         TEXT NOT NULL,
        UNIQUE (request_id, term)
    );
    CREATE TABLE exports (
        id           INTEGER PRIMARY KEY,
        request_id   INTEGER NOT NULL REFERENCES requests(id),
        out_dir      TEXT NOT NULL,
        clerk        TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        status       TEXT NOT NULL DEFAULT 'writing'
                     CHECK (status IN ('writing', 'verified', 'failed')),
        files        TEXT NOT NULL DEFAULT '[]', -- JSON [{name, sha256, bytes, document_id}]
        verification TEXT                        -- JSON: what the verifier checked and found
    );
    CREATE TABLE audit (
        id         INTEGER PRIMARY KEY,
        request_id INTEGER REFERENCES requests(id),
        at         TEXT NOT NULL,
        clerk      TEXT NOT NULL,
        action     TEXT NOT NULL,
        detail     TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,              -- the previous entry's hash, 64 zeros for the first
        hash       TEXT NOT NULL               -- SHA-256 over this entry and prev_hash
    );
    CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    // 5: an undo names the decision it takes back, so that undoing twice
    // goes two steps back instead of redoing.
    "ALTER TABLE decisions ADD COLUMN undoes INTEGER REFERENCES decisions(id);",
    // 6: the attorney's review of each exemption-log entry (append-only,
    // the latest per entry wins).
    "CREATE TABLE log_reviews (
        id          INTEGER PRIMARY KEY,
        request_id  INTEGER NOT NULL REFERENCES requests(id),
        finding_id  INTEGER REFERENCES findings(id),
        manual_id   INTEGER REFERENCES manual_redactions(id),
        state       TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'returned')),
        comment     TEXT,
        reviewer    TEXT NOT NULL,
        at          TEXT NOT NULL,
        CHECK ((finding_id IS NULL) != (manual_id IS NULL))
    );
    CREATE INDEX log_reviews_request ON log_reviews(request_id, id);",
    // 7: when a verified export's files were renamed to their final names
    // (null: verified but not handed over yet, or killed before the renames).
    "ALTER TABLE exports ADD COLUMN delivered_at TEXT;",
];

pub(crate) fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

pub(crate) fn current_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

pub(crate) fn run(conn: &mut Connection) -> Result<(), StoreError> {
    let found = current_version(conn)?;
    let known = latest_version();
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_idempotent_and_resume_from_any_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());
        run(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), latest_version());

        // A database left at version 1 (the first release) is brought up to date.
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(MIGRATIONS[0]).unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        old.execute(
            "INSERT INTO requests (number, requester, jurisdiction, received) VALUES ('A', 'R', 'wa', '2026-01-05')",
            [],
        )
        .unwrap();
        run(&mut old).unwrap();
        assert_eq!(current_version(&old).unwrap(), latest_version());
        let n: i64 = old
            .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        assert!(matches!(run(&mut conn), Err(StoreError::TooNew { .. })));
    }
}
