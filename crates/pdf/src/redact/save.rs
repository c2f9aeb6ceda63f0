//! Saving as a full rewrite: one fresh cross-reference table, no /Prev
//! chain, unreachable objects (earlier revisions, replaced streams) gone, a
//! new document ID.

use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

use lopdf::{Dictionary, Object, StringFormat};

use super::RedactOptions;
use crate::error::{Error, Result};

/// The date written in deterministic mode.
const FIXED_DATE: &str = "D:20000101000000Z";

/// Writes `doc` out as a new file.
pub(super) fn save(doc: &mut lopdf::Document, opts: &RedactOptions) -> Result<Vec<u8>> {
    // A fresh trailer: only what a reader needs (7.5.5). /Prev, /XRefStm
    // and the xref-stream keys of the old file must not survive.
    let mut trailer = Dictionary::new();
    for key in [b"Root".as_slice(), b"Info"] {
        if let Ok(v) = doc.trailer.get(key) {
            trailer.set(key.to_vec(), v.clone());
        }
    }
    if !trailer.has(b"Root") {
        return Err(Error::Save("the document has no catalog".into()));
    }
    let id = if opts.deterministic {
        *b"disclose-redact!"
    } else {
        fresh_id()
    };
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    trailer.set("ID", Object::Array(vec![id.clone(), id]));
    doc.trailer = trailer;
    let date = if opts.deterministic {
        FIXED_DATE.to_string()
    } else {
        pdf_date_now()
    };
    if let Ok(Object::Reference(info)) = doc.trailer.get(b"Info").cloned()
        && let Ok(d) = doc.get_object_mut(info).and_then(|o| o.as_dict_mut())
    {
        d.set("ModDate", Object::string_literal(date));
    }
    doc.prune_objects();
    doc.renumber_objects();
    // Uncompressed mode leaves the input's streams as they were and only
    // skips compressing the new ones.
    if opts.compress {
        doc.compress();
    }
    if let Some((user, owner)) = &opts.encrypt_output {
        encrypt(doc, user, owner)?;
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Save(format!("writing the file failed: {e}")))?;
    Ok(out)
}

/// Encrypts every string and stream with AES-256 (7.6.4, revision 6)
/// under a fresh random file key.
fn encrypt(doc: &mut lopdf::Document, user: &str, owner: &str) -> Result<()> {
    use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(&fresh_id());
    key[16..].copy_from_slice(&fresh_id());
    let filter: std::sync::Arc<dyn CryptFilter> = std::sync::Arc::new(Aes256CryptFilter);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: std::collections::BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: &key,
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: owner,
        user_password: user,
        permissions: lopdf::Permissions::all(),
    })
    .map_err(|e| Error::Save(format!("the encryption could not be set up: {e}")))?;
    doc.encrypt(&state)
        .map_err(|e| Error::Save(format!("encrypting the file failed: {e}")))
}

/// 16 bytes that differ from call to call (std's randomly keyed hasher
/// over the clock).
fn fresh_id() -> [u8; 16] {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let state = std::collections::hash_map::RandomState::new();
    let mut out = [0u8; 16];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut h = state.build_hasher();
        h.write_u128(now);
        h.write_usize(i);
        chunk.copy_from_slice(&h.finish().to_be_bytes());
    }
    out
}

/// The current UTC time as a PDF date (7.9.4).
fn pdf_date_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's civil_from_days algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
