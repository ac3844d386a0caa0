//! Calendar invites and calendars (RFC 5545, with iTIP methods of RFC 5546), built with the
//! `ics` crate.
//!
//! Values from Pemda (names, topics, notes) are untrusted: every TEXT value is escaped, and
//! nothing can smuggle a CR or LF into a non-text value (a UID, a URI, a parameter), so no input
//! can add a property or an attendee of its own. Lines are folded at 75 octets on character
//! boundaries.

use chrono::{DateTime, Datelike, Timelike, Utc};
use ics::components::Property;
use ics::parameters::{CN, CUType, PartStat, RSVP, Role as RoleParam};
use ics::properties::{
    Attendee, Description, DtEnd, DtStart, Location, Method, Organizer, Sequence, Status, Summary,
    TzName, URL,
};
use ics::{Alarm, Event, ICalendar, Standard, TimeZone, escape_text};

use crate::time::OFFICE_TZ;

/// Names the producer of our files (PRODID).
pub const PRODUCT_ID: &str = "-//DJPK Kementerian Keuangan//Konsultasi DJPK//ID";
/// The office zone as a TZID; its VTIMEZONE travels in every file that uses it.
const TZID: &str = "Asia/Jakarta";
/// The octet limit of one physical line (RFC 5545 §3.1), without the CRLF.
const LINE_LIMIT: usize = 75;

/// The iTIP method of an invite file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteMethod {
    /// A new or changed meeting: the receiver adds it or updates the one with the same UID.
    Request,
    /// The meeting is called off: the receiver removes the event with this UID.
    Cancel,
}

/// Someone's calendar address and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    /// A URI: `mailto:…` or `tel:+62…`.
    pub address: String,
}

impl Party {
    pub fn email(name: &str, email: &str) -> Self {
        Self {
            name: name.to_owned(),
            address: format!("mailto:{email}"),
        }
    }

    /// A party reached by telephone (RFC 3966), e.g. a WhatsApp number in E.164.
    pub fn phone(name: &str, e164: &str) -> Self {
        Self {
            name: name.to_owned(),
            address: format!("tel:{e164}"),
        }
    }
}

/// How an attendee takes part (the ROLE parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendeeRole {
    Chair,
    Required,
    Optional,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteAttendee {
    pub party: Party,
    pub role: AttendeeRole,
}

/// One consultation as it appears in a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    pub uid: String,
    pub sequence: u32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    /// The meeting link of a video conference.
    pub url: Option<String>,
    /// Whether the booking stands (CONFIRMED) or awaits the Pemda's confirmation (TENTATIVE).
    pub confirmed: bool,
}

/// One invite file: one event, its organizer and attendees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    pub method: InviteMethod,
    pub event: CalendarEvent,
    pub organizer: Party,
    pub attendees: Vec<InviteAttendee>,
    /// Minutes before the start for a reminder; none for a cancellation.
    pub reminder_minutes: Option<u32>,
}

/// An invite file (METHOD:REQUEST or METHOD:CANCEL with STATUS:CANCELLED) for one event.
/// `stamp` is the export time (DTSTAMP).
pub fn invite(invite: &Invite, stamp: DateTime<Utc>) -> String {
    let mut calendar = ICalendar::new("2.0", PRODUCT_ID);
    calendar.push(Method::new(match invite.method {
        InviteMethod::Request => "REQUEST",
        InviteMethod::Cancel => "CANCEL",
    }));
    calendar.add_timezone(office_timezone());
    let mut event = event(&invite.event, stamp);
    if invite.method == InviteMethod::Cancel {
        event.push(Status::cancelled());
    } else if invite.event.confirmed {
        event.push(Status::confirmed());
    } else {
        event.push(Status::tentative());
    }
    event.push(organizer_property(&invite.organizer));
    for attendee in &invite.attendees {
        event.push(attendee_property(attendee, invite.method));
    }
    if let (InviteMethod::Request, Some(minutes)) = (invite.method, invite.reminder_minutes) {
        event.add_alarm(Alarm::display(
            ics::properties::Trigger::new(format!("-PT{minutes}M")),
            Description::new(escape(&invite.event.summary)),
        ));
    }
    calendar.add_event(event);
    fold(&calendar.to_string())
}

/// A calendar for the desk's own use (METHOD:PUBLISH): every event, without attendees. iTIP
/// still wants the organizer on each event.
pub fn published_calendar(
    name: &str,
    organizer: &Party,
    events: &[CalendarEvent],
    stamp: DateTime<Utc>,
) -> String {
    let mut calendar = ICalendar::new("2.0", PRODUCT_ID);
    calendar.push(Method::new("PUBLISH"));
    calendar.push(Property::new("X-WR-CALNAME", escape(name)));
    calendar.push(Property::new("X-WR-TIMEZONE", TZID));
    calendar.add_timezone(office_timezone());
    for entry in events {
        let mut event = event(entry, stamp);
        event.push(if entry.confirmed {
            Status::confirmed()
        } else {
            Status::tentative()
        });
        event.push(organizer_property(organizer));
        calendar.add_event(event);
    }
    fold(&calendar.to_string())
}

fn event(entry: &CalendarEvent, stamp: DateTime<Utc>) -> Event<'static> {
    let mut event = Event::new(uri(&entry.uid), utc_stamp(stamp));
    event.push(Sequence::new(entry.sequence.to_string()));
    event.push(office_time(DtStart::new(local_stamp(entry.starts_at))));
    event.push(office_time(DtEnd::new(local_stamp(entry.ends_at))));
    event.push(Summary::new(escape(&entry.summary)));
    event.push(Description::new(escape(&entry.description)));
    if let Some(location) = &entry.location {
        event.push(Location::new(escape(location)));
    }
    if let Some(url) = &entry.url {
        event.push(URL::new(uri(url)));
    }
    event
}

fn organizer_property(organizer: &Party) -> Organizer<'static> {
    let mut property = Organizer::new(uri(&organizer.address));
    property.add(CN::new(param_text(&organizer.name)));
    property
}

fn office_time<P: Into<Property<'static>>>(property: P) -> Property<'static> {
    let mut property = property.into();
    property.add(ics::parameters::TzIDParam::new(TZID));
    property
}

fn attendee_property(attendee: &InviteAttendee, method: InviteMethod) -> Attendee<'static> {
    let mut property = Attendee::new(uri(&attendee.party.address));
    property.add(CN::new(param_text(&attendee.party.name)));
    property.add(CUType::new("INDIVIDUAL"));
    property.add(RoleParam::new(match attendee.role {
        AttendeeRole::Chair => "CHAIR",
        AttendeeRole::Required => "REQ-PARTICIPANT",
        AttendeeRole::Optional => "OPT-PARTICIPANT",
    }));
    property.add(PartStat::new("NEEDS-ACTION"));
    // Only an e-mail address can answer an invite; a telephone number is there to be named.
    if method == InviteMethod::Request && attendee.party.address.starts_with("mailto:") {
        property.add(RSVP::True);
    }
    property
}

/// Asia/Jakarta has kept +07:00 (WIB) since 1964: one STANDARD block describes it.
fn office_timezone() -> TimeZone<'static> {
    let mut standard = Standard::new("19700101T000000", "+0700", "+0700");
    standard.push(TzName::new("WIB"));
    TimeZone::standard(TZID, standard)
}

// Stamps are written by hand: chrono's `format` parses its pattern on every call, which was
// a large part of exporting thousands of events.
fn basic_stamp<T: Datelike + Timelike>(t: &T, suffix: &str) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}{suffix}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn utc_stamp(instant: DateTime<Utc>) -> String {
    basic_stamp(&instant, "Z")
}

fn local_stamp(instant: DateTime<Utc>) -> String {
    basic_stamp(&instant.with_timezone(&OFFICE_TZ), "")
}

/// A TEXT value: control characters other than newlines dropped, then escaped.
fn escape(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    escape_text(clean).into_owned()
}

/// A URI or other non-text value: no control character, no space, can reach the file.
fn uri(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect()
}

/// A parameter value (RFC 5545 §3.2): no control characters and no DQUOTE, which it cannot
/// escape; quoted when it holds `,` `;` or `:`, which would otherwise end it.
fn param_text(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    if clean.contains([',', ';', ':']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Refolds content lines so that none exceeds 75 octets, continuation space included, and no
/// fold splits a UTF-8 character. (The `ics` crate folds the first line at 75 octets but lets a
/// continuation line reach 76 with its leading space.)
fn fold(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + content.len() / 32);
    let mut lines = content.split("\r\n").peekable();
    let mut logical = String::new();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        if !lines.peek().is_some_and(|next| next.starts_with(' ')) {
            fold_line(line, &mut out);
            continue;
        }
        // A line the writer folded: join its continuations, then fold it again.
        logical.clear();
        logical.push_str(line);
        while let Some(continued) = lines.next_if(|next| next.starts_with(' ')) {
            logical.push_str(&continued[1..]);
        }
        fold_line(&logical, &mut out);
    }
    out
}

fn fold_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = LINE_LIMIT;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // Later lines begin with the space that marks them as continued.
        limit = LINE_LIMIT - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, hour, 0, 0)
            .single()
            .expect("present")
    }

    fn sample(method: InviteMethod) -> Invite {
        Invite {
            method,
            event: CalendarEvent {
                uid: "booking-1@konsultasi.djpk.kemenkeu.go.id".into(),
                sequence: 2,
                starts_at: at(2),
                ends_at: at(3),
                summary: "Konsultasi DAU; Kab. Mukomuko, Bengkulu".into(),
                description: "Topik: DAU\nSurat: 900/412".into(),
                location: Some("Ruang Konsultasi 1, Gedung Radius Prawiro".into()),
                url: None,
                confirmed: true,
            },
            organizer: Party::email("Layanan Konsultasi DJPK", "konsultasi@djpk.go.id"),
            attendees: vec![InviteAttendee {
                party: Party::phone("Marlina, S.E.; Kepala: BPKAD", "+6281234567890"),
                role: AttendeeRole::Required,
            }],
            reminder_minutes: Some(60),
        }
    }

    #[test]
    fn an_invite_carries_method_sequence_zone_and_quoted_names() {
        let text = invite(&sample(InviteMethod::Request), at(1));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("\r\nMETHOD:REQUEST\r\n"));
        assert!(text.contains("\r\nSEQUENCE:2\r\n"));
        assert!(text.contains("\r\nDTSTAMP:20270301T010000Z\r\n"));
        assert!(text.contains("\r\nDTSTART;TZID=Asia/Jakarta:20270301T090000\r\n"));
        assert!(text.contains("\r\nTZID:Asia/Jakarta\r\n"));
        assert!(text.contains("\r\nSTATUS:CONFIRMED\r\n"));
        assert!(text.contains("SUMMARY:Konsultasi DAU\\; Kab. Mukomuko\\, Bengkulu\r\n"));
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded.contains("CN=\"Marlina, S.E.; Kepala: BPKAD\""),
            "{unfolded}"
        );
        assert!(unfolded.contains(":tel:+6281234567890\r\n"));
        assert!(text.contains("BEGIN:VALARM\r\n"));
        assert!(text.contains("TRIGGER:-PT60M\r\n"));
    }

    #[test]
    fn a_cancellation_says_so_and_has_no_reminder() {
        let text = invite(&sample(InviteMethod::Cancel), at(1));
        assert!(text.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(text.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(!text.contains("STATUS:CONFIRMED"));
        assert!(!text.contains("VALARM"));
    }

    #[test]
    fn no_line_exceeds_75_octets_and_no_character_is_split() {
        let mut hostile = sample(InviteMethod::Request);
        hostile.event.summary = "Pemerintah Kabupaten Pegunungan Bintang — ".repeat(12)
            + &"é".repeat(80)
            + &"老虎".repeat(40);
        let text = invite(&hostile, at(1));
        for line in text.split("\r\n") {
            assert!(line.len() <= LINE_LIMIT, "{} octets: {line}", line.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&escape(&hostile.event.summary)));
    }

    #[test]
    fn nothing_can_break_out_of_a_non_text_value() {
        let mut hostile = sample(InviteMethod::Request);
        hostile.event.uid = "x@y\r\nATTENDEE:mailto:evil@example.com".into();
        hostile.event.url = Some("https://teams.example/a\nORGANIZER:mailto:x@y".into());
        hostile.attendees[0].party.name = "Ana\"\r\nATTENDEE:mailto:evil@example.com".into();
        hostile.event.description = "baris 1\r\nATTENDEE:mailto:evil@example.com".into();
        let text = invite(&hostile, at(1));
        let unfolded = text.replace("\r\n ", "");
        assert!(
            unfolded
                .split("\r\n")
                .all(|line| !line.starts_with("ATTENDEE:mailto:evil")),
            "{unfolded}"
        );
        assert_eq!(unfolded.matches("\r\nORGANIZER").count(), 1);
        assert!(unfolded.contains("DESCRIPTION:baris 1\\nATTENDEE:mailto:evil@example.com\r\n"));
    }

    #[test]
    fn the_published_calendar_has_no_attendees() {
        let events = [sample(InviteMethod::Request).event, {
            let mut other = sample(InviteMethod::Request).event;
            other.uid = "booking-2@konsultasi.djpk.kemenkeu.go.id".into();
            other.confirmed = false;
            other
        }];
        let organizer = Party::email("Contact Center DJPK", "callcenter.djpk@kemenkeu.go.id");
        let text = published_calendar("Konsultasi DJPK", &organizer, &events, at(1));
        assert!(text.contains("\r\nMETHOD:PUBLISH\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(!text.contains("ATTENDEE"));
        assert!(text.contains("STATUS:TENTATIVE"));
    }
}
