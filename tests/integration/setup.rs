//! The desk's setup: letters and invites are refused while what they print is a placeholder,
//! on every path, without using up a letter number; the setup status says what is missing.

use chrono::{TimeZone, Utc};
use konsultasi::api::{
    ExportRequest, LetterKind, RoomInput, ScheduleInput, SetupStatus, SetupStep,
};
use konsultasi::error::{Error, ErrorCode};
use konsultasi::service::export;
use konsultasi::service::setup::setup_status;
use konsultasi::service::{self, scheduling, settings, workflow};

use crate::common::{self, TestDb, fresh_db, now, pdf_text, row_counts, valid_input};

const WHERE: &str = "Isi di Pengaturan → Surat & undangan.";

/// A request verified and scheduled in RK-1 on Monday 7 December 2026 at 09.00 WIB, with the
/// letter settings as the fresh database seeded them.
async fn scheduled(db: &TestDb) -> i64 {
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &ScheduleInput {
            date: "2026-12-07".into(),
            time: "09:00".into(),
            room_code: Some("RK-1".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("schedule");
    created.id
}

async fn letters_issued(db: &TestDb) -> i64 {
    common::scalar(&db.store, "SELECT count(*) FROM issued_letters").await
}

fn assert_placeholder_refusal(error: &Error, reason: &str) {
    assert_eq!(error.code(), ErrorCode::Policy, "{error}");
    let message = error.to_string();
    assert!(
        message.starts_with("Surat belum dapat dibuat: ")
            && message.contains(reason)
            && message.ends_with(WHERE),
        "{message}"
    );
}

#[tokio::test]
async fn a_letter_signed_by_the_placeholder_is_refused_on_every_path_and_takes_no_number() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let id = scheduled(&db).await;
    let after_the_visit = Utc
        .with_ymd_and_hms(2026, 12, 7, 4, 0, 0)
        .single()
        .expect("instant");
    let before = row_counts(&db.store).await;
    let dir = tempfile::tempdir().expect("dir");
    let reason = "nama penandatangan masih contoh";

    for kind in [LetterKind::Confirmation, LetterKind::Certificate] {
        // The core's own call, as the CLI's `export letter` makes it.
        let refused = export::letter(&db.store, Some(&db.actor), id, kind, after_the_visit)
            .await
            .expect_err("placeholder signatory");
        assert_placeholder_refusal(&refused, reason);
        let request = ExportRequest::Letter {
            request_id: id,
            letter: kind,
        };
        // The window's "Unduh …": nothing is written where the dialog pointed.
        let target = dir.path().join(format!("{kind:?}.pdf"));
        let refused = export::save(
            &db.store,
            Some(&db.actor),
            &request,
            &target,
            after_the_visit,
        )
        .await
        .expect_err("placeholder signatory");
        assert_placeholder_refusal(&refused, reason);
        assert!(!target.exists(), "a refused letter writes no file");
        let refused = export::produce(&db.store, Some(&db.actor), &request, after_the_visit)
            .await
            .expect_err("placeholder signatory");
        assert_placeholder_refusal(&refused, reason);
    }
    assert_eq!(letters_issued(&db).await, 0, "no number was used up");
    assert_eq!(
        row_counts(&db.store).await,
        before,
        "a refusal writes nothing"
    );

    // The attendance sheet prints no signatory: it is made meanwhile.
    let sheet = export::letter(
        &db.store,
        None,
        id,
        LetterKind::AttendanceSheet,
        after_the_visit,
    )
    .await
    .expect("the attendance sheet needs no signatory");
    assert!(pdf_text(&sheet.bytes).contains("DAFTAR HADIR"));

    // Once the secretariat filled it in, the letters take the first numbers of the year.
    common::fill_letter_settings(&db.store, &db.actor).await;
    let confirmation = export::letter(
        &db.store,
        Some(&db.actor),
        id,
        LetterKind::Confirmation,
        now(),
    )
    .await
    .expect("confirmation");
    let text = pdf_text(&confirmation.bytes);
    assert!(text.contains("S-1/PK.1/2026"), "{text}");
    assert!(text.contains(common::SIGNATORY), "{text}");
    assert!(!text.contains("Nama Penandatangan"), "{text}");
    let certificate = export::save(
        &db.store,
        Some(&db.actor),
        &ExportRequest::Letter {
            request_id: id,
            letter: LetterKind::Certificate,
        },
        &dir.path().join("keterangan.pdf"),
        after_the_visit,
    )
    .await
    .expect("certificate");
    let text = pdf_text(&std::fs::read(&certificate.path).expect("read"));
    assert!(text.contains("S-2/PK.1/2026"), "{text}");
    assert_eq!(letters_issued(&db).await, 2);
}

#[tokio::test]
async fn a_placeholder_organizer_address_refuses_the_invite_and_the_confirmation_only() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let id = scheduled(&db).await;
    common::fill_letter_settings(&db.store, &db.actor).await;
    let mut settings = export::export_settings(&db.store).await.expect("settings");
    settings.organizer_email = "konsultasi@example.com".into();
    export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect("an address of the right form is saved");

    let invite = export::invite(&db.store, id, false, now())
        .await
        .expect_err("replies would go nowhere");
    assert_eq!(invite.code(), ErrorCode::Policy);
    assert_eq!(
        invite.to_string(),
        format!(
            "Undangan belum dapat dibuat: surel penyelenggara undangan masih alamat contoh. {WHERE}"
        )
    );
    let refused = export::letter(
        &db.store,
        Some(&db.actor),
        id,
        LetterKind::Confirmation,
        now(),
    )
    .await
    .expect_err("the confirmation prints the address");
    assert_placeholder_refusal(&refused, "surel penyelenggara undangan masih alamat contoh");
    assert_eq!(letters_issued(&db).await, 0);
    // The staff calendar expects no replies and the certificate prints no address.
    let filter = konsultasi::api::CalendarFilter {
        from: "2026-12-01".into(),
        to: "2026-12-31".into(),
        ..Default::default()
    };
    export::calendar(&db.store, &filter, now())
        .await
        .expect("staff calendar");
    let after = Utc
        .with_ymd_and_hms(2026, 12, 7, 4, 0, 0)
        .single()
        .expect("instant");
    export::letter(
        &db.store,
        Some(&db.actor),
        id,
        LetterKind::Certificate,
        after,
    )
    .await
    .expect("certificate");

    settings.organizer_email = "callcenter.djpk@kemenkeu.go.id".into();
    export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect("save");
    export::invite(&db.store, id, false, now())
        .await
        .expect("invite");
}

fn steps(status: &SetupStatus) -> Vec<(SetupStep, &str)> {
    status
        .items
        .iter()
        .map(|item| (item.step, item.field.as_str()))
        .collect()
}

#[tokio::test]
async fn the_setup_status_lists_what_is_still_a_placeholder_or_missing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let fresh = setup_status(&db.store).await.expect("status");
    assert_eq!(steps(&fresh), [(SetupStep::Signatory, "signatory_name")]);
    assert!(!fresh.complete && !fresh.letters_ready && fresh.invites_ready);
    assert_eq!(
        fresh.letters_refusal.as_deref(),
        Some(
            format!("Surat belum dapat dibuat: nama penandatangan masih contoh. {WHERE}").as_str()
        )
    );
    assert!(!fresh.read_only);
    assert_eq!(fresh.database_path, db.location.to_string());

    // A placeholder in every step, and no active room.
    let mut settings = export::export_settings(&db.store).await.expect("settings");
    settings.letterhead[1] = "[Nama Instansi]".into();
    settings.signatory_position = "Jabatan".into();
    settings.organizer_name = "XXX".into();
    settings.organizer_email = "djpk@desk.test".into();
    export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect("save");
    for room in settings::list_rooms(&db.store).await.expect("rooms") {
        settings::save_room(
            &db.store,
            &db.actor,
            &RoomInput {
                active: false,
                code: room.code,
                name: room.name,
                capacity: room.capacity,
            },
            now(),
        )
        .await
        .expect("deactivate");
    }
    let status = setup_status(&db.store).await.expect("status");
    assert_eq!(
        steps(&status),
        [
            (SetupStep::Letterhead, "letterhead[1]"),
            (SetupStep::Signatory, "signatory_name"),
            (SetupStep::Signatory, "signatory_position"),
            (SetupStep::Organizer, "organizer_name"),
            (SetupStep::Organizer, "organizer_email"),
            (SetupStep::Rooms, ""),
        ]
    );
    assert!(!status.letters_ready && !status.invites_ready);
    assert!(
        status.items[0]
            .message
            .starts_with("Baris 2 kop surat masih contoh")
    );

    // Filled in, and one room back: nothing is missing.
    settings = export::export_settings(&db.store).await.expect("settings");
    settings.letterhead[1] = "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN".into();
    settings.signatory_name = common::SIGNATORY.into();
    settings.signatory_position = "Sekretaris Direktorat Jenderal".into();
    settings.organizer_name = "Contact Center DJPK".into();
    settings.organizer_email = "callcenter.djpk@kemenkeu.go.id".into();
    export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect("save");
    settings::save_room(
        &db.store,
        &db.actor,
        &RoomInput {
            code: "RK-1".into(),
            name: "Ruang Konsultasi 1".into(),
            capacity: 8,
            active: true,
        },
        now(),
    )
    .await
    .expect("activate");
    let done = setup_status(&db.store).await.expect("status");
    assert!(done.items.is_empty(), "{:?}", done.items);
    assert!(done.complete && done.letters_ready && done.invites_ready);
    assert_eq!(done.letters_refusal, None);
}

#[test]
fn the_status_says_when_the_database_was_opened_read_only() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::os::unix::process::CommandExt as _;
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("arsip");
    let db = folder.join("desk.db");
    let made = common::cli(&db)
        .args(["users", "add", "Sekretariat", "--role", "team_leader"])
        .output()
        .expect("run");
    assert!(made.status.success());
    let chmod = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    chmod(dir.path(), 0o755);
    chmod(&folder, 0o555);
    for entry in std::fs::read_dir(&folder).expect("list") {
        chmod(&entry.expect("entry").path(), 0o444);
    }
    let mut command = common::cli(&db);
    // Root may write anything: the reader is `nobody` then.
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .expect("id must be installed")
        .stdout
        .starts_with(b"0\n");
    if is_root {
        command.uid(65534).gid(65534);
    }
    let out = command.args(["export", "status"]).output().expect("status");
    chmod(&folder, 0o755);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(status["read_only"], true, "{status}");
    assert_eq!(status["database_path"], db.display().to_string());
}
