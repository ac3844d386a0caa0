//! Every operation of the table × every role, through a real team server: a role the table
//! allows gets its answer, any other a refusal that changes nothing. The pairs come from
//! `OPERATIONS` and the core's role matrix, so a new operation is covered (or this test fails
//! for want of an example) without anyone remembering to add it.
//!
//! The server runs on the real clock, so what a call needs (a request to verify, a booking of
//! today to check in to) is made for it first, with the services, on the real clock too; a
//! booking that has to be today is moved to today in the database, as a calendar would have
//! brought it there.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{self, TestDb, fresh_db};
use crate::team_server::{Desk, TeamServer, account, first_admin};
use konsultasi::api::operations::OPERATIONS;
use konsultasi::api::{RequestInput, ScheduleInput, SlotSearch};
use konsultasi::domain::Channel;
use konsultasi::service::{self, checkin, scheduling, workflow};
use konsultasi::time::{office_date_and_clock, office_day, office_day_bounds, system_now};
use konsultasi::workflow::{Actor, Role};

/// What the examples are made with: the desk's database and its team leader's profile.
struct Maker<'a> {
    db: &'a TestDb,
    leader: Actor,
    serial: std::cell::Cell<u32>,
}

impl Maker<'_> {
    fn next(&self) -> u32 {
        let n = self.serial.get() + 1;
        self.serial.set(n);
        n
    }

    fn input(&self, channel: Channel) -> RequestInput {
        let mut input = common::valid_input();
        input.channel = Some(channel);
        let today = office_day(system_now());
        input.received_on = Some(today.to_string());
        let later = today + Duration::days(21);
        for (n, slot) in input.preferred_slots.iter_mut().enumerate() {
            slot.date = (later + Duration::days(n as i64)).to_string();
        }
        if let Some(letter) = input.letter.as_mut() {
            letter.date = today.to_string();
            letter.number = format!("900/{}/BPKAD/2026", self.next());
        }
        input
    }

    async fn request(&self, channel: Channel) -> i64 {
        service::create_request(
            &self.db.store,
            &self.leader,
            &self.input(channel),
            system_now(),
        )
        .await
        .expect("request")
        .id
    }

    async fn verified(&self) -> i64 {
        let id = self.request(Channel::InPerson).await;
        workflow::verify_request(&self.db.store, &self.leader, id, system_now())
            .await
            .expect("verified");
        id
    }

    /// A slot every rule passes for request `id`, as the desk would pick it.
    async fn free_slot(&self, id: i64, skip: usize) -> ScheduleInput {
        let search = SlotSearch {
            count: Some(4),
            ..SlotSearch::default()
        };
        let found = scheduling::suggest_slots(&self.db.store, id, &search, system_now())
            .await
            .expect("slots");
        let slot = found.suggestions.get(skip).expect("a free slot");
        ScheduleInput {
            date: slot.date.clone(),
            time: slot.time.clone(),
            room_code: slot.room_code.clone(),
            unit_code: Some(slot.unit_code.clone()),
            meeting_url: (slot.room_code.is_none())
                .then(|| "https://meet.example.go.id/uji".into()),
            ..ScheduleInput::default()
        }
    }

    /// A scheduled video conference (a room-free booking, so many can be moved to today).
    /// A message of a scheduled request that the server refused for good, for `resend_mail`.
    async fn failed_mail(&self) -> i64 {
        use konsultasi::store::mail::{self as outbox, NewMail, Outcome};
        let id = self.scheduled().await;
        let booking = service::get_request(&self.db.store, id)
            .await
            .expect("request")
            .booking
            .expect("booked");
        let now = system_now();
        let mut tx = self.db.store.write_serialised().await.expect("write");
        let mail = outbox::queue(
            &mut tx,
            &NewMail {
                request_id: id,
                booking_id: booking.id,
                kind: konsultasi::mail::MailKind::Invite,
                sequence: 0,
                audience: konsultasi::mail::MailAudience::Pemda,
                recipient_name: "Rina".into(),
                recipient_address: "rina@pemda.go.id".into(),
                recipient_zone: konsultasi::domain::region::ZoneLabel::Wib,
                due_at: now,
            },
            now,
        )
        .await
        .expect("queue");
        let refused = Outcome::Failed {
            answer: "550 5.1.1 Alamat tidak dikenal".into(),
        };
        // Earlier examples' messages sent again wait in the queue too: each is refused alike.
        loop {
            let taken = outbox::take_due(&mut tx, now, now + Duration::minutes(5))
                .await
                .expect("take")
                .expect("due");
            outbox::record_outcome(&mut tx, taken.id, &refused, now)
                .await
                .expect("record");
            if taken.id == mail {
                break;
            }
        }
        tx.commit().await.expect("commit");
        mail
    }

    async fn scheduled(&self) -> i64 {
        let id = self.request(Channel::VideoConference).await;
        let slot = self.free_slot(id, 0).await;
        scheduling::schedule_request(&self.db.store, &self.leader, id, &slot, system_now())
            .await
            .expect("scheduled");
        id
    }

    /// A scheduled video conference whose booking is moved to `starts`–`ends`.
    async fn booked_at(&self, starts: chrono::DateTime<Utc>, ends: chrono::DateTime<Utc>) -> i64 {
        let id = self.scheduled().await;
        common::execute(
            &self.db.store,
            &format!(
                "UPDATE bookings SET starts_at = {}, ends_at = {} WHERE request_id = {id} AND active",
                common::instant_sql(starts),
                common::instant_sql(ends)
            ),
        )
        .await;
        id
    }

    /// Booked today, from a few minutes ago: it may be checked in to now.
    async fn booked_today(&self) -> i64 {
        let now = system_now();
        let (midnight, _) = office_day_bounds(office_day(now));
        let starts = (now - Duration::minutes(10)).max(midnight);
        self.booked_at(starts, starts + Duration::minutes(30)).await
    }

    async fn checked_in(&self) -> i64 {
        let id = self.booked_today().await;
        let input = serde_json::from_value(check_in_input()).expect("check-in input");
        checkin::check_in(&self.db.store, &self.leader, id, &input, system_now())
            .await
            .expect("checked in");
        id
    }

    async fn version(&self, id: i64) -> i64 {
        service::get_request(&self.db.store, id)
            .await
            .expect("request")
            .version
    }

    /// Arguments that the operation accepts from a role allowed to call it.
    async fn example(&self, operation: &str) -> Value {
        let now = system_now();
        let today = office_day(now).to_string();
        let n = self.next();
        match operation {
            "list_requests" => json!({ "filter": {} }),
            "get_request" | "audit_trail" | "check_in_of" | "check_ins_of" => {
                json!({ "id": self.request(Channel::InPerson).await })
            }
            "create_request" => json!({ "input": self.input(Channel::InPerson) }),
            "update_request" => {
                let id = self.request(Channel::InPerson).await;
                let mut input = self.input(Channel::InPerson);
                input.description = format!("Diubah {n}");
                json!({ "id": id, "version": self.version(id).await, "input": input })
            }
            "search_requesters" => json!({ "query": "muko", "limit": 5 }),
            "list_topics"
            | "list_users"
            | "list_accounts"
            | "policy_overview"
            | "list_session_overrides"
            | "list_rooms"
            | "list_units"
            | "list_resource_persons"
            | "dashboard"
            | "export_settings"
            | "mail_settings"
            | "setup_status" => json!({}),
            "save_mail_settings" => json!({ "input": {
                "enabled": false, "host": "", "port": 587, "security": "starttls",
                "username": "", "sender_name": "", "sender_address": "",
                "reminder_working_days": 1, "reminder_pemda_time": "10:00",
                "reminder_staff_time": "07:30"
            }}),
            // Not set up: the answer says so (200), as a desk without SMTP sees it.
            "send_test_mail" => json!({ "input": { "to": "uji@kemenkeu.go.id" } }),
            "mail_of_request" => json!({ "id": self.request(Channel::InPerson).await }),
            "resend_mail" => json!({ "id": self.failed_mail().await }),
            "check_request_input" => json!({ "id": null, "input": self.input(Channel::InPerson) }),
            "suggest_slots" => json!({
                "id": self.request(Channel::VideoConference).await,
                "search": { "count": 3 }
            }),
            "schedule_request" => {
                let id = self.request(Channel::VideoConference).await;
                json!({ "id": id, "input": self.free_slot(id, 0).await })
            }
            "reschedule_request" => {
                let id = self.scheduled().await;
                json!({ "id": id, "input": self.free_slot(id, 1).await })
            }
            "verify_request" => json!({ "id": self.request(Channel::InPerson).await }),
            "reject_request" => json!({
                "id": self.verified().await,
                "input": { "reason": "Surat tidak sesuai" }
            }),
            "confirm_request" => {
                let (date, time) = office_date_and_clock(now - Duration::minutes(1));
                json!({
                    "id": self.scheduled().await,
                    "input": { "date": date, "time": time, "confirmed_by": "Rina", "via": "whatsapp" }
                })
            }
            "cancel_request" => json!({
                "id": self.request(Channel::InPerson).await,
                "input": { "reason": "Pemda membatalkan" }
            }),
            "search_audit" => json!({ "text": "create" }),
            "create_user" => json!({ "input": { "name": format!("Profil {n}"), "role": "agent" } }),
            "create_account" => json!({ "input": {
                "username": format!("akun{n}"),
                "name": format!("Akun {n}"),
                "role": "agent",
                "password": "sandi-awal-2026!"
            }}),
            "update_account" | "reset_password" => {
                let admin = first_admin_actor(self.db).await;
                let (id, _) = account(self.db, &admin, &format!("ubah{n}"), Role::Agent).await;
                if operation == "update_account" {
                    json!({ "id": id, "input": { "name": format!("Diubah {n}"), "role": "secretariat", "active": true } })
                } else {
                    json!({ "id": id, "input": { "password": "sandi-baru-2026!" } })
                }
            }
            "set_policy" => {
                let overview = service::settings::policy_overview(&self.db.store, now)
                    .await
                    .expect("policy");
                json!({ "input": {
                    "effective_from": (office_day(now) + Duration::days(400 + i64::from(n))).to_string(),
                    "settings": overview.in_force.settings,
                    "note": format!("Versi uji {n}")
                }})
            }
            "list_holidays" => json!({ "year": null }),
            "add_holiday" => json!({ "input": {
                "date": (office_day(now) + Duration::days(500 + i64::from(n))).to_string(),
                "name": format!("Libur uji {n}"),
                "kind": null
            }}),
            "delete_holiday" => {
                let date = office_day(now) + Duration::days(900 + i64::from(n));
                let added = service::settings::add_holiday(
                    &self.db.store,
                    &self.leader,
                    &konsultasi::api::HolidayInput {
                        date: date.to_string(),
                        name: format!("Libur hapus {n}"),
                        kind: None,
                    },
                    now,
                )
                .await
                .expect("holiday");
                let id = added
                    .iter()
                    .find(|h| h.date == date.to_string())
                    .expect("added")
                    .id;
                json!({ "id": id })
            }
            "import_holidays_ics" => {
                let day = (office_day(now) + Duration::days(1500 + i64::from(n))).format("%Y%m%d");
                json!({ "content": format!(
                    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Uji//ID//\r\nBEGIN:VEVENT\r\n\
                     UID:{n}@uji\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:{day}\r\n\
                     SUMMARY:Libur impor {n}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                )})
            }
            "add_session_override" => json!({ "input": special_hours(n, 0, now) }),
            "delete_session_override" => {
                let added = service::settings::add_session_override(
                    &self.db.store,
                    &self.leader,
                    &serde_json::from_value(special_hours(n, 5, now)).expect("input"),
                    now,
                )
                .await
                .expect("special hours");
                json!({ "id": added.iter().map(|o| o.id).max().expect("added") })
            }
            "save_room" => json!({ "input": {
                "code": format!("RU-{n}"), "name": format!("Ruang Uji {n}"), "capacity": 8, "active": true
            }}),
            "save_unit" => json!({ "input": {
                "code": format!("U{n}"), "name": format!("Unit Uji {n}"), "short_name": format!("UU{n}")
            }}),
            "route_topic" => json!({ "input": { "topic_code": "DAU", "unit_code": "DTU" } }),
            "save_resource_person" => json!({ "input": {
                "id": null, "unit_code": "DTU", "name": format!("Narasumber {n}"),
                "position": null, "email": null, "active": true
            }}),
            "calendar" => json!({ "filter": { "from": today, "to": today } }),
            "whatsapp_message" => json!({ "id": self.scheduled().await }),
            "save_export_settings" => {
                let settings = service::export::export_settings(&self.db.store)
                    .await
                    .expect("settings");
                json!({ "input": settings })
            }
            "arrivals" | "video_attendance" => json!({ "date": today }),
            "check_in" | "check_in_preview" => json!({
                "id": self.booked_today().await,
                "input": check_in_input()
            }),
            "walk_in" => json!({ "input": {
                "request": self.input(Channel::InPerson),
                "check_in": check_in_input()
            }}),
            "walk_in_preview" => json!({ "input": {
                "request": self.input(Channel::InPerson),
                "check_in": check_in_input()
            }}),
            "complete_request" => json!({ "id": self.checked_in().await }),
            "mark_no_show" => {
                let ends = system_now() - Duration::minutes(5);
                json!({ "id": self.booked_at(ends - Duration::minutes(30), ends).await })
            }
            "void_check_in" => {
                let id = self.checked_in().await;
                let standing = checkin::check_in_view(&self.db.store, id)
                    .await
                    .expect("read")
                    .expect("checked in");
                json!({ "checkInId": standing.id, "input": { "reason": "Salah catat" } })
            }
            "compliance_history" => json!({ "regionCode": "17.06" }),
            "monthly_report" => json!({ "month": office_day(now).format("%Y-%m").to_string() }),
            "import_history" => {
                let day = office_day(now) - Duration::days(400 + i64::from(n));
                json!({
                    "fileName": "riwayat.csv",
                    "content": format!("saluran,tanggal,pengguna_layanan,topik\nvideo_conference,{day},Kabupaten Mukomuko,DAU\n")
                })
            }
            other => panic!(
                "no example for operation {other}: add one to tests/integration/team_roles.rs"
            ),
        }
    }
}

fn check_in_input() -> Value {
    json!({ "present": [0, 1], "extra_guests": [], "arrived_time": null, "note": null })
}

/// Special hours of two days, each example's own: `shift` 0 or 5 within its ten days.
fn special_hours(n: u32, shift: i64, now: chrono::DateTime<Utc>) -> Value {
    let from = office_day(now) + Duration::days(600 + 10 * i64::from(n) + shift);
    let windows = konsultasi::policy::PolicySettings::default().weekly_windows;
    json!({
        "label": format!("Jam khusus {n}"),
        "from": from.to_string(),
        "to": (from + Duration::days(2)).to_string(),
        "weekly_windows": windows
    })
}

async fn first_admin_actor(db: &TestDb) -> Actor {
    workflow::actor(&db.store, "Admin Tim")
        .await
        .expect("admin")
}

#[tokio::test]
async fn every_operation_answers_the_roles_the_table_allows_and_refuses_the_rest_unchanged() {
    let _turn = common::run_alone();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    // The fixtures' slots need rooms and settings a desk would have.
    common::fill_letter_settings(&db.store, &db.actor).await;
    let maker = Maker {
        db: &db,
        leader: db.actor.clone(),
        serial: std::cell::Cell::new(0),
    };
    let server = TeamServer::start(&db, &["--sign-ins-per-minute", "1000"]);
    let mut desks = Vec::new();
    for role in Role::ALL.iter().copied() {
        let mut desk = Desk::new(&server);
        let name = format!("peran{}", role.as_str().replace('_', ""));
        if role == Role::Admin {
            desk.sign_in("admin", crate::team_server::ADMIN_PASSWORD)
                .await;
        } else {
            let (_, first) = account(&db, &admin, &name, role).await;
            desk.sign_in_new(&name, &first).await;
        }
        desks.push((role, desk));
    }

    let mut checked = 0;
    for spec in OPERATIONS {
        for (role, desk) in &desks {
            let arguments = maker.example(spec.name).await;
            let before = common::row_counts(&db.store).await;
            let (status, body) = desk.call(spec.name, arguments).await;
            if spec.access.allows(*role) {
                assert_eq!(
                    status,
                    StatusCode::OK,
                    "{} as {role:?} is allowed: {body}",
                    spec.name
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{} as {role:?} is refused: {body}",
                    spec.name
                );
                assert_eq!(body["code"], "policy", "{}: {body}", spec.name);
                assert_eq!(
                    common::row_counts(&db.store).await,
                    before,
                    "{} as {role:?} changed nothing",
                    spec.name
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, OPERATIONS.len() * Role::ALL.len());
}
