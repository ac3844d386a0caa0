//! What the views say about stored values so that no face works it out again: the office's
//! label of an instant and the slots an audit entry booked, from the store's text.

use serde_json::Value;

use crate::time::{office_label, parse_rfc3339};

/// "Sabtu, 28 November 2026 10.00 WIB" of a stored RFC 3339 instant. A label only shows the
/// instant, so text that does not read is shown as it stands rather than refusing the record.
pub(crate) fn instant_label(stored: &str) -> String {
    parse_rfc3339(stored).map_or_else(|| stored.to_owned(), office_label)
}

/// The slot a (re)scheduling entry booked and, for a rescheduling, the one it replaced, read
/// from the entry's snapshots (`after.starts_at`, `before.booking.starts_at`). A snapshot
/// without them, as older entries may be, gives no label rather than an error.
pub(crate) fn audit_slot_labels(
    action: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> (Option<String>, Option<String>) {
    let label = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .and_then(parse_rfc3339)
            .map(office_label)
    };
    let booked = matches!(action, "schedule" | "reschedule")
        .then(|| label(after.and_then(|a| a.get("starts_at"))))
        .flatten();
    let replaced = (action == "reschedule")
        .then(|| {
            label(
                before
                    .and_then(|b| b.get("booking"))
                    .and_then(|b| b.get("starts_at")),
            )
        })
        .flatten();
    (booked, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rescheduling_names_the_new_slot_and_the_one_it_replaced() {
        let before = serde_json::json!({ "status": "confirmed", "booking": { "starts_at": "2026-12-07T02:00:00Z" } });
        let after =
            serde_json::json!({ "status": "scheduled", "starts_at": "2026-12-10T06:00:00Z" });
        assert_eq!(
            audit_slot_labels("reschedule", Some(&before), Some(&after)),
            (
                Some("Kamis, 10 Desember 2026 13.00 WIB".to_owned()),
                Some("Senin, 7 Desember 2026 09.00 WIB".to_owned())
            )
        );
        assert_eq!(
            audit_slot_labels("schedule", None, Some(&after)).1,
            None,
            "a first booking replaced nothing"
        );
        assert_eq!(
            audit_slot_labels("confirm", Some(&before), Some(&after)),
            (None, None)
        );
        assert_eq!(
            audit_slot_labels("schedule", None, Some(&serde_json::json!([1, 2]))),
            (None, None)
        );
    }

    #[test]
    fn stored_instants_read_as_the_office_reads_them() {
        assert_eq!(
            instant_label("2026-12-08T03:15:00Z"),
            "Selasa, 8 Desember 2026 10.15 WIB"
        );
        assert_eq!(instant_label("kemarin"), "kemarin");
    }
}
