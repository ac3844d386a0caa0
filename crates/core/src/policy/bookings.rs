//! Bookings as the rules see them, and a sorted index to find those near a slot quickly.

use chrono::{DateTime, Duration, Utc};

use crate::domain::Channel;

/// A slot held by a booking, or proposed for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub channel: Channel,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The room of a tatap muka; `None` for a video conference.
    pub room: Option<String>,
    /// The technical unit providing the resource persons.
    pub unit: String,
    /// Named resource persons, when chosen; otherwise the unit as a whole is held.
    pub resource_persons: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedSlot {
    pub booking_id: i64,
    pub request_id: i64,
    pub slot: Slot,
}

/// Whether two intervals come closer than `buffer`. Symmetric by construction.
pub fn too_close(a: &Slot, b: &Slot, buffer: Duration) -> bool {
    a.start < b.end + buffer && b.start < a.end + buffer
}

/// Whether two slots need the same room.
pub fn share_room(a: &Slot, b: &Slot) -> bool {
    matches!((&a.room, &b.room), (Some(x), Some(y)) if x == y)
}

/// Whether two slots need the same people: the same named resource person, or the same unit
/// when either names none.
pub fn share_people(a: &Slot, b: &Slot) -> bool {
    if a.resource_persons.is_empty() || b.resource_persons.is_empty() {
        a.unit == b.unit
    } else {
        a.resource_persons
            .iter()
            .any(|p| b.resource_persons.contains(p))
    }
}

/// Active bookings sorted by start, for range lookups.
#[derive(Debug, Clone, Default)]
pub struct BookingIndex {
    by_start: Vec<BookedSlot>,
    longest: Duration,
}

impl BookingIndex {
    pub fn new(mut bookings: Vec<BookedSlot>) -> Self {
        bookings.sort_by_key(|b| b.slot.start);
        let longest = bookings
            .iter()
            .map(|b| b.slot.end - b.slot.start)
            .max()
            .unwrap_or_else(Duration::zero);
        Self {
            by_start: bookings,
            longest,
        }
    }

    pub fn len(&self) -> usize {
        self.by_start.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_start.is_empty()
    }

    /// Bookings whose interval, widened by `margin` on both sides, meets `[start, end)`.
    pub fn near(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        margin: Duration,
    ) -> impl Iterator<Item = &BookedSlot> {
        let earliest = start - margin - self.longest;
        let first = self.by_start.partition_point(|b| b.slot.start < earliest);
        self.by_start[first..]
            .iter()
            .take_while(move |b| b.slot.start < end + margin)
            .filter(move |b| b.slot.end + margin > start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn slot(start_h: u32, end_h: u32, room: Option<&str>, unit: &str) -> Slot {
        let at = |h| {
            Utc.with_ymd_and_hms(2026, 12, 8, h, 0, 0)
                .single()
                .expect("time")
        };
        Slot {
            channel: Channel::InPerson,
            start: at(start_h),
            end: at(end_h),
            room: room.map(str::to_owned),
            unit: unit.to_owned(),
            resource_persons: Vec::new(),
        }
    }

    #[test]
    fn buffers_keep_adjacent_bookings_apart() {
        let a = slot(2, 3, Some("A"), "DTU");
        let b = slot(3, 4, Some("A"), "DTU");
        assert!(too_close(&a, &b, Duration::minutes(15)));
        assert!(!too_close(&a, &b, Duration::zero()));
    }

    #[test]
    fn the_index_finds_overlaps_only() {
        let index = BookingIndex::new(vec![
            BookedSlot {
                booking_id: 1,
                request_id: 1,
                slot: slot(1, 2, Some("A"), "DTU"),
            },
            BookedSlot {
                booking_id: 2,
                request_id: 2,
                slot: slot(5, 6, Some("A"), "DTU"),
            },
            BookedSlot {
                booking_id: 3,
                request_id: 3,
                slot: slot(2, 8, Some("B"), "DTK"),
            },
        ]);
        let probe = slot(3, 4, None, "X");
        let ids: Vec<i64> = index
            .near(probe.start, probe.end, Duration::zero())
            .map(|b| b.booking_id)
            .collect();
        assert_eq!(ids, vec![3]);
        let widened: Vec<i64> = index
            .near(probe.start, probe.end, Duration::minutes(61))
            .map(|b| b.booking_id)
            .collect();
        assert_eq!(widened, vec![1, 3, 2]);
    }

    #[test]
    fn people_are_shared_by_unit_unless_named() {
        let mut a = slot(1, 2, None, "DTU");
        let mut b = slot(1, 2, None, "DTU");
        assert!(share_people(&a, &b));
        a.resource_persons = vec![1];
        b.resource_persons = vec![2];
        assert!(!share_people(&a, &b));
        b.resource_persons.push(1);
        assert!(share_people(&a, &b));
    }
}
