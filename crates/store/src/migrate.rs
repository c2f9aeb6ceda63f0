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
