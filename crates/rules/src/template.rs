//! `{placeholder}` templates in pack texts (explanations, reasons, tests).
//!
//! `{name}` is replaced by a value; `{{` and `}}` stand for literal braces.

/// Placeholders every pack text may use.
pub(crate) const TEXT_VARS: &[&str] = &["category", "document", "jurisdiction"];
/// Placeholders an exemption explanation may use.
pub(crate) const EXPLANATION_VARS: &[&str] =
    &["category", "document", "jurisdiction", "code", "citation"];

/// Checks that every placeholder in `text` is one of `allowed` and that
/// braces are balanced; the error says what is wrong.
pub(crate) fn check(text: &str, allowed: &[&str]) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
            rest = after;
            continue;
        }
        if tail.starts_with('}') {
            return Err("unmatched '}' (write '}}' for a literal brace)".to_string());
        }
        // tail starts with a single '{'.
        let body = &tail[1..];
        let Some(end) = body.find('}') else {
            return Err("unclosed '{' (write '{{' for a literal brace)".to_string());
        };
        let name = &body[..end];
        if !allowed.contains(&name) {
            return Err(format!(
                "unknown placeholder '{{{name}}}' (allowed here: {})",
                allowed
                    .iter()
                    .map(|a| format!("{{{a}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &body[end + 1..];
    }
    Ok(())
}

/// Fills a checked template. Unknown placeholders (impossible after
/// [`check`]) are left as written rather than dropped.
pub(crate) fn fill(text: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
            continue;
        }
        if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
            continue;
        }
        let body = tail.get(1..).unwrap_or("");
        match (tail.starts_with('{'), body.find('}')) {
            (true, Some(end)) => {
                let name = &body[..end];
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &body[end + 1..];
            }
            _ => {
                // A stray brace: keep it literally.
                out.push_str(&tail[..1]);
                rest = body;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_and_literal_braces() {
        let t = "The {category} in {document} {{sic}}";
        check(t, TEXT_VARS).unwrap();
        assert_eq!(
            fill(t, &[("category", "card number"), ("document", "bill.pdf")]),
            "The card number in bill.pdf {sic}"
        );
    }

    #[test]
    fn rejects_unknown_and_unbalanced() {
        assert!(check("{code}", TEXT_VARS).unwrap_err().contains("'{code}'"));
        check("{code}", EXPLANATION_VARS).unwrap();
        assert!(check("a { b", TEXT_VARS).unwrap_err().contains("unclosed"));
        assert!(check("a } b", TEXT_VARS).unwrap_err().contains("unmatched"));
    }
}
