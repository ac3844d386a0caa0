//! Creating, reading, updating and listing requests through the core services.

use base64::Engine as _;
use konsultasi::api::{
    AuditEntry, GuestInput, RequestDetail, RequestFilter, RequestInput, ScanUpload,
};
use konsultasi::domain::{Channel, RequestStatus, RequesterKind};
use konsultasi::error::{Error, ErrorCode};
use konsultasi::service::{self, workflow};

use crate::common::{self, fresh_db, now, row_counts, tiny_pdf, valid_input};

fn scan(file_name: &str, bytes: &[u8]) -> ScanUpload {
    ScanUpload {
        file_name: file_name.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

fn field_errors(error: Error) -> Vec<(String, String)> {
    match error {
        Error::Validation(errors) => errors
            .as_slice()
            .iter()
            .map(|e| (e.field.clone(), e.message.clone()))
            .collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_created_request_reads_back_whole() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    assert_eq!(created.status, RequestStatus::Submitted);
    assert_eq!(created.channel, Channel::InPerson);
    assert_eq!(created.requester.label, "Kabupaten Mukomuko");
    assert_eq!(created.requester.province_name.as_deref(), Some("Bengkulu"));
    assert_eq!(created.contact.whatsapp, "+6281234567890");
    let topics: Vec<&str> = created.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(topics, ["DAU", "Dana Desa"]);
    assert_eq!(created.preferred_slots[0].starts_at, "2026-12-08T02:00:00Z");
    assert_eq!(
        created.preferred_slots[0].label,
        "Selasa, 8 Desember 2026 09.00 WIB"
    );
    assert_eq!(created.guests.len(), 2);
    assert_eq!(created.guests[1].name, "Ni Luh Ayu Wéndri");
    assert!(created.guests[0].is_regional_head);
    assert_eq!(created.created_at, "2026-11-28T03:00:00Z");

    let fetched = service::get_request(&db.store, created.id)
        .await
        .expect("get");
    assert_eq!(fetched, created);
}

#[tokio::test]
async fn slots_show_the_requesters_own_zone() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.requester.region_code = Some("94".into()); // Papua Tengah, WIT
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    assert_eq!(created.requester.label, "Provinsi Papua Tengah");
    assert_eq!(
        created.preferred_slots[0].label,
        "Selasa, 8 Desember 2026 09.00 WIB (11.00 WIT)"
    );
}

#[tokio::test]
async fn a_scanned_letter_is_kept_in_the_database_with_its_hash() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let dir = tempfile::tempdir().expect("dir");
    let original = dir.path().join("surat.pdf");
    std::fs::write(&original, tiny_pdf()).expect("write scan");

    let mut input = valid_input();
    let bytes = std::fs::read(&original).expect("read scan");
    if let Some(letter) = input.letter.as_mut() {
        letter.scan = Some(scan("surat.pdf", &bytes));
    }
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    // The original may move or vanish: the stored copy does not depend on it.
    std::fs::remove_file(&original).expect("remove original");

    let info = created.letter.and_then(|l| l.scan).expect("scan info");
    assert_eq!(info.mime_type, "application/pdf");
    assert_eq!(info.size_bytes, tiny_pdf().len() as i64);
    use sha2::Digest as _;
    let expected: String = sha2::Sha256::digest(tiny_pdf())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(info.sha256, expected);
    let (name, mime, content) =
        konsultasi::store::requests::letter_scan(db.store.pools(), created.id)
            .await
            .expect("query")
            .expect("stored scan");
    assert_eq!(
        (name.as_str(), mime.as_str()),
        ("surat.pdf", "application/pdf")
    );
    assert_eq!(content, tiny_pdf());
}

#[tokio::test]
async fn updating_without_a_new_scan_keeps_the_stored_one() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    if let Some(letter) = input.letter.as_mut() {
        letter.scan = Some(scan("surat.pdf", &tiny_pdf()));
    }
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");

    let mut edited = valid_input();
    edited.description = "Uraian yang diperbaiki.".into();
    edited.guests.pop();
    edited.topics = vec!["DBH".into()];
    let later = now() + chrono::Duration::hours(1);
    let updated = service::update_request(
        &db.store,
        &db.actor,
        created.id,
        created.version,
        &edited,
        later,
    )
    .await
    .expect("update");
    assert_eq!(updated.description, "Uraian yang diperbaiki.");
    assert_eq!(updated.guests.len(), 1);
    assert_eq!(updated.topics[0].code, "DBH");
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(updated.updated_at, "2026-11-28T04:00:00Z");
    assert_eq!(
        updated.letter.and_then(|l| l.scan).map(|s| s.sha256),
        created.letter.and_then(|l| l.scan).map(|s| s.sha256)
    );
    let counts = row_counts(&db.store).await;
    assert!(counts.contains(&("stored_files", 1)), "{counts:?}");
}

#[tokio::test]
async fn replacing_a_scan_removes_the_old_file() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    if let Some(letter) = input.letter.as_mut() {
        letter.scan = Some(scan("lama.pdf", &tiny_pdf()));
    }
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    if let Some(letter) = input.letter.as_mut() {
        letter.scan = Some(scan("baru.png", &png));
    }
    let updated = service::update_request(
        &db.store,
        &db.actor,
        created.id,
        created.version,
        &input,
        now(),
    )
    .await
    .expect("update");
    let info = updated.letter.and_then(|l| l.scan).expect("scan");
    assert_eq!(
        (info.file_name.as_str(), info.mime_type.as_str()),
        ("baru.png", "image/png")
    );
    assert!(row_counts(&db.store).await.contains(&("stored_files", 1)));
}

#[tokio::test]
async fn refused_input_names_each_field_and_writes_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("seed one");
    let before = row_counts(&db.store).await;

    type Spoil = Box<dyn Fn(&mut RequestInput)>;
    let cases: Vec<(&str, Spoil)> = vec![
        ("contact.name", Box::new(|i| i.contact.name = "   ".into())),
        (
            "contact.name",
            Box::new(|i| i.contact.name = "x".repeat(101)),
        ),
        (
            "guests[1].name",
            Box::new(|i| i.guests[1].name = String::new()),
        ),
        (
            "guests[0].position",
            Box::new(|i| i.guests[0].position = "j".repeat(500)),
        ),
        (
            "planned_guest_count",
            Box::new(|i| i.planned_guest_count = 0),
        ),
        (
            "planned_guest_count",
            Box::new(|i| i.planned_guest_count = -4),
        ),
        (
            "planned_guest_count",
            Box::new(|i| i.planned_guest_count = 1),
        ), // fewer than named guests
        (
            "preferred_slots[1].date",
            Box::new(|i| i.preferred_slots[1].date = "2026-02-30".into()),
        ),
        (
            "preferred_slots[0].time",
            Box::new(|i| i.preferred_slots[0].time = "25:00".into()),
        ),
        ("preferred_slots", Box::new(|i| i.preferred_slots.clear())),
        (
            "letter.date",
            Box::new(|i| {
                if let Some(l) = i.letter.as_mut() {
                    l.date = "2026-13-01".into()
                }
            }),
        ),
        (
            "letter.number",
            Box::new(|i| {
                if let Some(l) = i.letter.as_mut() {
                    l.number = " ".into()
                }
            }),
        ),
        (
            "letter.scan",
            Box::new(|i| {
                if let Some(l) = i.letter.as_mut() {
                    l.scan = Some(scan("surat.docx", b"PK\x03\x04 word"))
                }
            }),
        ),
        (
            "letter.scan",
            Box::new(|i| {
                if let Some(l) = i.letter.as_mut() {
                    l.scan = Some(ScanUpload {
                        file_name: "a.pdf".into(),
                        content_base64: "%%%".into(),
                    })
                }
            }),
        ),
        (
            "requester.region_code",
            Box::new(|i| i.requester.region_code = Some("99.99".into())),
        ),
        (
            "requester.region_code",
            Box::new(|i| i.requester.region_code = Some("bogor".into())),
        ),
        (
            "requester.name",
            Box::new(|i| {
                i.requester.kind = Some(RequesterKind::Academic);
                i.requester.region_code = None;
            }),
        ),
        (
            "contact.whatsapp",
            Box::new(|i| i.contact.whatsapp = "021 555 1234".into()),
        ),
        (
            "contact.email",
            Box::new(|i| i.contact.email = Some("bukan-email".into())),
        ),
        ("topics", Box::new(|i| i.topics.clear())),
        (
            "topics[0]",
            Box::new(|i| i.topics = vec!["NONEXISTENT".into()]),
        ),
        ("channel", Box::new(|i| i.channel = None)),
        ("guests", Box::new(|i| i.guests[1].is_regional_head = true)),
        (
            "description",
            Box::new(|i| i.description = "a".repeat(4001)),
        ),
    ];
    for (field, spoil) in cases {
        let mut input = valid_input();
        spoil(&mut input);
        let error = service::create_request(&db.store, &db.actor, &input, now())
            .await
            .expect_err(field);
        assert_eq!(error.code(), ErrorCode::Validation);
        let errors = field_errors(error);
        assert!(
            errors
                .iter()
                .any(|(f, message)| f == field && !message.is_empty()),
            "expected an error on {field}, got {errors:?}"
        );
        assert_eq!(
            row_counts(&db.store).await,
            before,
            "{field} wrote something"
        );
    }
}

#[tokio::test]
async fn refused_update_leaves_the_request_as_it_was() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    let mut bad = valid_input();
    bad.guests.push(GuestInput {
        name: String::new(),
        ..GuestInput::default()
    });
    let error = service::update_request(
        &db.store,
        &db.actor,
        created.id,
        created.version,
        &bad,
        now(),
    )
    .await
    .expect_err("refused");
    assert_eq!(error.code(), ErrorCode::Validation);
    assert_eq!(
        service::get_request(&db.store, created.id)
            .await
            .expect("get"),
        created
    );

    let missing = service::update_request(&db.store, &db.actor, 999, 1, &valid_input(), now())
        .await
        .expect_err("no such request");
    assert_eq!(missing.code(), ErrorCode::NotFound);
    assert_eq!(missing.to_string(), "Permohonan #999 tidak ditemukan");
}

#[tokio::test]
async fn error_payloads_carry_code_message_and_fields() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.contact.name.clear();
    let payload = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect_err("refused")
        .to_payload();
    let json = serde_json::to_value(&payload).expect("serialise");
    assert_eq!(json["code"], "validation");
    assert_eq!(json["details"]["fields"][0]["field"], "contact.name");
    assert_eq!(
        json["details"]["fields"][0]["message"],
        "Nama narahubung wajib diisi"
    );
    assert!(
        json["message"]
            .as_str()
            .is_some_and(|m| m.contains("Nama narahubung wajib diisi"))
    );
}

#[tokio::test]
async fn json_with_unknown_or_mistyped_fields_is_refused_by_name() {
    let _turn = common::run_beside_others();
    let unknown = serde_json::json!({ "channel": "in_person", "colour": "red" });
    let error = service::parse_json::<RequestInput>(unknown).expect_err("unknown field");
    assert_eq!(field_errors(error)[0].0, "colour");

    let nested = serde_json::json!({ "contact": { "name": "A", "whatsapp": "0812", "fax": "1" } });
    let error = service::parse_json::<RequestInput>(nested).expect_err("unknown nested field");
    assert_eq!(field_errors(error)[0].0, "contact.fax");

    let mut value = serde_json::to_value(valid_input()).expect("to json");
    value["planned_guest_count"] = serde_json::json!(2.5);
    let error = service::parse_json::<RequestInput>(value.clone()).expect_err("fraction");
    let errors = field_errors(error);
    assert_eq!(errors[0].0, "planned_guest_count");
    assert!(errors[0].1.contains("bilangan bulat"), "{errors:?}");

    value["planned_guest_count"] = serde_json::json!("lima");
    assert!(service::parse_json::<RequestInput>(value).is_err());
}

#[tokio::test]
async fn the_list_filters_by_status_channel_region_and_text() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let first = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("one");

    let mut video = valid_input();
    video.channel = Some(Channel::VideoConference);
    video.requester.kind = Some(RequesterKind::RegionalCouncil);
    video.requester.region_code = Some("32.01".into());
    video.letter = None;
    video.guests[1].name = "Bambang Sutrisno".into();
    let later = now() + chrono::Duration::minutes(5);
    let second = service::create_request(&db.store, &db.actor, &video, later)
        .await
        .expect("two");

    let mut academic = valid_input();
    academic.requester.kind = Some(RequesterKind::Academic);
    academic.requester.region_code = None;
    academic.requester.name = Some("Universitas Gadjah Mada".into());
    academic.description = "Riset 100% tentang DAU_x".into();
    let third = service::create_request(
        &db.store,
        &db.actor,
        &academic,
        later + chrono::Duration::minutes(5),
    )
    .await
    .expect("three");

    let ids =
        |rows: Vec<konsultasi::api::RequestSummary>| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    let all = service::list_requests(&db.store, &RequestFilter::default())
        .await
        .expect("list");
    assert_eq!(
        ids(all.clone()),
        vec![third.id, second.id, first.id],
        "newest first"
    );
    assert_eq!(all[1].requester_label, "DPRD Kabupaten Bogor");
    assert_eq!(all[2].letter_number.as_deref(), Some("900/412/BPKAD/2026"));
    assert_eq!(
        all[2].topics,
        vec!["DAU".to_owned(), "Dana Desa".to_owned()]
    );
    assert_eq!(all[2].first_slot.as_deref(), Some("2026-12-08T02:00:00Z"));

    let by = |filter: RequestFilter| {
        let store = db.store.clone();
        async move { ids(service::list_requests(&store, &filter).await.expect("list")) }
    };
    assert_eq!(
        by(RequestFilter {
            channel: Some(Channel::VideoConference),
            ..Default::default()
        })
        .await,
        vec![second.id]
    );
    assert_eq!(
        by(RequestFilter {
            region_code: Some("17.06".into()),
            ..Default::default()
        })
        .await,
        vec![first.id]
    );
    assert_eq!(
        by(RequestFilter {
            status: Some(RequestStatus::Scheduled),
            ..Default::default()
        })
        .await,
        Vec::<i64>::new()
    );
    assert_eq!(
        by(RequestFilter {
            text: Some("bogor".into()),
            ..Default::default()
        })
        .await,
        vec![second.id]
    );
    assert_eq!(
        by(RequestFilter {
            text: Some("sutrisno".into()),
            ..Default::default()
        })
        .await,
        vec![second.id]
    );
    assert_eq!(
        by(RequestFilter {
            text: Some("gadjah mada".into()),
            ..Default::default()
        })
        .await,
        vec![third.id]
    );
    assert_eq!(
        by(RequestFilter {
            text: Some("412/BPKAD".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    // LIKE wildcards in the text are literal characters.
    assert_eq!(
        by(RequestFilter {
            text: Some("100%".into()),
            ..Default::default()
        })
        .await,
        vec![third.id]
    );
    assert_eq!(
        by(RequestFilter {
            text: Some("DAU_x".into()),
            ..Default::default()
        })
        .await,
        vec![third.id]
    );
    assert_eq!(
        by(RequestFilter {
            text: Some("%".into()),
            ..Default::default()
        })
        .await,
        vec![third.id]
    );
}

#[tokio::test]
async fn hostile_text_is_stored_and_returned_verbatim() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.contact.name = "<img src=x onerror=alert(1)>'; DROP TABLE requests; --".into();
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    assert_eq!(created.contact.name, input.contact.name);
    assert_eq!(
        service::list_requests(&db.store, &RequestFilter::default())
            .await
            .expect("list")
            .len(),
        1
    );
}

#[tokio::test]
async fn the_list_filters_by_unit_and_consultation_date() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // DAU routes to Dit. DTU; preferred 8 December 09.00 WIB.
    let dau = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("dau");
    let mut pdrd_input = valid_input();
    pdrd_input.channel = Some(Channel::VideoConference);
    pdrd_input.topics = vec!["PDRD".into()];
    pdrd_input.preferred_slots[0].date = "2026-12-15".into();
    pdrd_input.preferred_slots.truncate(1);
    let pdrd = service::create_request(&db.store, &db.actor, &pdrd_input, now())
        .await
        .expect("pdrd");

    let by = |filter: RequestFilter| {
        let store = db.store.clone();
        async move {
            let mut ids: Vec<i64> = service::list_requests(&store, &filter)
                .await
                .expect("list")
                .iter()
                .map(|r| r.id)
                .collect();
            ids.sort();
            ids
        }
    };
    let unit = |code: &str| RequestFilter {
        unit_code: Some(code.into()),
        ..Default::default()
    };
    let between = |from: Option<&str>, to: Option<&str>| RequestFilter {
        from: from.map(Into::into),
        to: to.map(Into::into),
        ..Default::default()
    };
    assert_eq!(by(unit("DTU")).await, vec![dau.id]);
    assert_eq!(by(unit("PDRD")).await, vec![pdrd.id]);
    assert_eq!(by(unit("PKD")).await, Vec::<i64>::new());
    assert_eq!(
        by(between(Some("2026-12-08"), Some("2026-12-08"))).await,
        vec![dau.id]
    );
    assert_eq!(by(between(Some("2026-12-09"), None)).await, vec![pdrd.id]);
    assert_eq!(by(between(None, Some("2026-12-14"))).await, vec![dau.id]);
    assert_eq!(
        by(between(Some("2026-12-15"), Some("2026-12-15"))).await,
        vec![pdrd.id]
    );

    // Once booked, the booking's unit and day count, not the topic's or the preference's.
    service::scheduling::schedule_request(
        &db.store,
        &db.actor,
        pdrd.id,
        &konsultasi::api::ScheduleInput {
            date: "2026-12-10".into(),
            time: "13:00".into(),
            duration_minutes: None,
            room_code: None,
            unit_code: Some("DTU".into()),
            meeting_url: None,
            resource_person_ids: None,
        },
        now(),
    )
    .await
    .expect("schedule the video conference");
    assert_eq!(by(unit("DTU")).await, vec![dau.id, pdrd.id]);
    assert_eq!(by(unit("PDRD")).await, Vec::<i64>::new());
    assert_eq!(
        by(between(Some("2026-12-10"), Some("2026-12-10"))).await,
        vec![pdrd.id]
    );
    assert_eq!(
        by(between(Some("2026-12-15"), None)).await,
        Vec::<i64>::new()
    );
}

#[tokio::test]
async fn a_malformed_list_filter_is_refused_by_field() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    for (filter, field) in [
        (
            RequestFilter {
                from: Some("2026-02-30".into()),
                ..Default::default()
            },
            "from",
        ),
        (
            RequestFilter {
                from: Some("2026-12-10".into()),
                to: Some("2026-12-01".into()),
                ..Default::default()
            },
            "to",
        ),
        (
            RequestFilter {
                unit_code: Some("NOPE".into()),
                ..Default::default()
            },
            "unit_code",
        ),
    ] {
        let error = service::list_requests(&db.store, &filter)
            .await
            .expect_err("refused");
        let fields = field_errors(error);
        assert_eq!(fields.len(), 1, "{fields:?}");
        assert_eq!(fields[0].0, field);
    }
}

/// The audit entries of one action on a request, oldest first.
async fn entries(store: &konsultasi::Store, id: i64, action: &str) -> Vec<AuditEntry> {
    workflow::audit_trail(store, id)
        .await
        .expect("trail")
        .into_iter()
        .filter(|e| e.action == action)
        .collect()
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_is_refused_naming_who_changed_it() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    assert_eq!(created.version, 1);

    let mut first = valid_input();
    first.description = "Perubahan pertama.".into();
    let later = now() + chrono::Duration::minutes(5);
    let updated = service::update_request(
        &db.store,
        &db.actor,
        created.id,
        created.version,
        &first,
        later,
    )
    .await
    .expect("based on the stored version");
    assert_eq!(updated.version, 2);

    // A second desk still holds version 1.
    let before = row_counts(&db.store).await;
    let mut stale = valid_input();
    stale.description = "Perubahan dari jendela lama.".into();
    let error = service::update_request(&db.store, &db.actor, created.id, 1, &stale, now())
        .await
        .expect_err("stale");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert_eq!(
        error.to_string(),
        format!(
            "Permohonan #{} sudah diubah oleh Ketua Tim Uji pada 28/11/2026 10.05 WIB setelah \
             Anda membukanya; muat ulang untuk melihat perubahannya",
            created.id
        )
    );
    assert_eq!(
        row_counts(&db.store).await,
        before,
        "a refusal writes nothing"
    );
    assert_eq!(
        service::get_request(&db.store, created.id)
            .await
            .expect("get"),
        updated
    );
}

#[tokio::test]
async fn a_status_change_raises_the_version_too() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let agent = common::agent(&db.store).await;
    let created = service::create_request(&db.store, &agent, &valid_input(), now())
        .await
        .expect("create");
    let verified = workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    assert_eq!(verified.version, created.version + 1);

    let mut edit = valid_input();
    edit.description = "Diubah dari jendela yang dibuka sebelum verifikasi.".into();
    let error =
        service::update_request(&db.store, &agent, created.id, created.version, &edit, now())
            .await
            .expect_err("the form was opened before the verification");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert!(error.to_string().contains("oleh Ketua Tim Uji"), "{error}");
    let edited = service::update_request(
        &db.store,
        &agent,
        created.id,
        verified.version,
        &edit,
        now(),
    )
    .await
    .expect("based on the verified version");
    assert_eq!(edited.status, RequestStatus::Verified);
    assert_eq!(edited.version, verified.version + 1);
}

/// Edits from separate stores (separate connections, as separate desks would make them), all
/// based on one version: exactly one lands. Then every desk retries on what it reads until its
/// edit lands, and the audit entries chain: each "before" is the previous "after", the first
/// the request as created and the last "after" the request as stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_edits_of_one_version_let_exactly_one_through_and_the_audit_chains() {
    let _turn = common::run_beside_others();
    const DESKS: usize = 12;
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    let id = created.id;
    let edit = |desk: usize, round: &str| {
        let mut input = valid_input();
        input.description = format!("Uraian dari meja {desk}, {round}.");
        input
    };

    let mut tasks = Vec::new();
    for desk in 0..DESKS {
        // Opened here: opening a PostgreSQL store is not a future a task can be spawned with.
        let store = konsultasi::Store::open_at(&db.location)
            .await
            .expect("open");
        let input = edit(desk, "putaran pertama");
        tasks.push(tokio::spawn(async move {
            let actor = common::team_leader(&store).await;
            let result = service::update_request(&store, &actor, id, 1, &input, now()).await;
            store.close().await;
            result
        }));
    }
    let mut landed = Vec::new();
    for (desk, task) in tasks.into_iter().enumerate() {
        match task.await.expect("task") {
            Ok(detail) => landed.push((desk, detail)),
            Err(error) => {
                assert_eq!(error.code(), ErrorCode::Conflict, "{error}");
                assert!(
                    error
                        .to_string()
                        .contains("sudah diubah oleh Ketua Tim Uji"),
                    "{error}"
                );
            }
        }
    }
    assert_eq!(landed.len(), 1, "exactly one edit of version 1 lands");
    let (winner, detail) = &landed[0];
    assert_eq!(detail.version, 2);
    assert_eq!(
        service::get_request(&db.store, id)
            .await
            .expect("get")
            .description,
        format!("Uraian dari meja {winner}, putaran pertama.")
    );

    let mut tasks = Vec::new();
    for desk in 0..DESKS {
        // Opened here: opening a PostgreSQL store is not a future a task can be spawned with.
        let store = konsultasi::Store::open_at(&db.location)
            .await
            .expect("open");
        let input = edit(desk, "putaran kedua");
        tasks.push(tokio::spawn(async move {
            let actor = common::team_leader(&store).await;
            let mut refused = 0;
            loop {
                let base = service::get_request(&store, id)
                    .await
                    .expect("read")
                    .version;
                match service::update_request(&store, &actor, id, base, &input, now()).await {
                    Ok(_) => break,
                    Err(error) if error.code() == ErrorCode::Conflict => refused += 1,
                    Err(error) => panic!("{error}"),
                }
                assert!(refused < 10 * DESKS, "desk {desk} never got through");
            }
            store.close().await;
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }

    let updates = entries(&db.store, id, "update").await;
    assert_eq!(updates.len(), 1 + DESKS, "one entry per landed edit");
    let value = |detail: &RequestDetail| serde_json::to_value(detail).expect("json");
    assert_eq!(updates[0].before.as_ref(), Some(&value(&created)));
    for pair in updates.windows(2) {
        assert_eq!(
            pair[1].before, pair[0].after,
            "entry {} names as replaced what entry {} wrote",
            pair[1].id, pair[0].id
        );
    }
    let stored = service::get_request(&db.store, id).await.expect("get");
    assert_eq!(stored.version, 2 + DESKS as i64);
    assert_eq!(
        updates.last().and_then(|e| e.after.as_ref()),
        Some(&value(&stored))
    );
}

/// The same through the command line: real processes, each its own connection.
#[test]
fn parallel_cli_updates_of_one_version_let_one_through() {
    let _turn = common::run_beside_others();
    const PROCESSES: usize = 8;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("konsultasi.db");
    let ok = |command: &mut std::process::Command| {
        let out = command.output().expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    ok(common::cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
    let file = dir.path().join("permohonan.json");
    std::fs::write(&file, serde_json::to_vec(&valid_input()).expect("json")).expect("write");
    let created = ok(common::cli(&db).args(["requests", "add"]).arg(&file));
    let id = created["id"].as_i64().expect("id").to_string();
    let shown = ok(common::cli(&db).args(["requests", "show", &id]));
    assert_eq!(shown["version"], 1);

    let children: Vec<_> = (0..PROCESSES)
        .map(|n| {
            let mut input = valid_input();
            input.description = format!("Uraian dari proses {n}.");
            let file = dir.path().join(format!("ubah-{n}.json"));
            std::fs::write(&file, serde_json::to_vec(&input).expect("json")).expect("write");
            common::cli(&db)
                .args(["requests", "update", &id])
                .arg(&file)
                .args(["--version", "1"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut codes = Vec::new();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if !out.status.success() {
            assert!(stderr.contains("sudah diubah oleh Sekretariat"), "{stderr}");
        }
        codes.push(out.status.code());
    }
    codes.sort();
    let mut expected = vec![Some(0)];
    expected.extend(std::iter::repeat_n(Some(2), PROCESSES - 1));
    assert_eq!(codes, expected, "one success, the rest refused (exit 2)");
    let shown = ok(common::cli(&db).args(["requests", "show", &id]));
    assert_eq!(shown["version"], 2);

    let trail = ok(common::cli(&db).args(["audit", &id]));
    let updates: Vec<_> = trail
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "update")
        .collect();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0]["after"], shown);

    // Without the version the edit is not even attempted.
    let out = common::cli(&db)
        .args(["requests", "update", &id])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

/// Schedules request `id` in person at `date` `time` WIB in room `room`.
async fn book(db: &common::TestDb, id: i64, date: &str, time: &str, room: &str) {
    service::scheduling::schedule_request(
        &db.store,
        &db.actor,
        id,
        &konsultasi::api::ScheduleInput {
            date: date.into(),
            time: time.into(),
            room_code: Some(room.into()),
            ..Default::default()
        },
        now(),
    )
    .await
    .expect("schedule");
}

#[tokio::test]
async fn a_booked_request_lists_and_dashboards_its_booking_not_its_preference() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // Papua Tengah (WIT), preferred Tuesday 8 December 09.00 WIB.
    let mut input = valid_input();
    input.requester.region_code = Some("94".into());
    let booked = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, booked.id, now())
        .await
        .expect("verify");
    book(&db, booked.id, "2026-12-10", "10:00", "RK-2").await;
    // A second one, created later, booked earlier; a third never booked.
    let sooner = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, sooner.id, now())
        .await
        .expect("verify");
    book(&db, sooner.id, "2026-12-07", "13:00", "RK-1").await;
    let unbooked = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");

    let detail = service::get_request(&db.store, booked.id)
        .await
        .expect("get");
    let detail_label = detail.booking.expect("booked").label;
    let list = service::list_requests(&db.store, &RequestFilter::default())
        .await
        .expect("list");
    let row = |id: i64| list.iter().find(|r| r.id == id).expect("listed").clone();

    let summary = row(booked.id);
    let booking = summary.booking.expect("the list row carries the booking");
    assert_eq!(booking.starts_at, "2026-12-10T03:00:00Z");
    assert_eq!(booking.label, detail_label, "the same label as the detail");
    assert!(booking.label.contains("Kamis, 10 Desember 2026 10.00 WIB"));
    assert!(booking.label.contains("12.00 WIT"), "{}", booking.label);
    assert!(!booking.label.contains("8 Desember"), "not the preference");
    assert_eq!(booking.room_code.as_deref(), Some("RK-2"));
    assert_eq!(booking.room_name.as_deref(), Some("Ruang Konsultasi 2"));
    // The preference stays what it is, named as such.
    assert_eq!(summary.first_slot.as_deref(), Some("2026-12-08T02:00:00Z"));
    assert!(row(unbooked.id).booking.is_none());

    // Waiting for the Pemda's confirmation: each with its booking, the soonest first.
    let board = service::calendar::dashboard(&db.store, now())
        .await
        .expect("dashboard");
    let waiting: Vec<(i64, Option<String>)> = board
        .awaiting_confirmation
        .iter()
        .map(|r| (r.id, r.booking.as_ref().map(|b| b.starts_at.clone())))
        .collect();
    assert_eq!(
        waiting,
        vec![
            (sooner.id, Some("2026-12-07T06:00:00Z".into())),
            (booked.id, Some("2026-12-10T03:00:00Z".into())),
        ]
    );
    assert_eq!(
        board.awaiting_confirmation[1].booking,
        row(booked.id).booking
    );

    // A cancelled request's booking is released: the list no longer shows it as booked.
    workflow::cancel_request(&db.store, &db.actor, sooner.id, "Pemda membatalkan", now())
        .await
        .expect("cancel");
    let after = service::list_requests(&db.store, &RequestFilter::default())
        .await
        .expect("list");
    let cancelled = after.iter().find(|r| r.id == sooner.id).expect("listed");
    assert_eq!(cancelled.status, RequestStatus::Cancelled);
    assert!(cancelled.booking.is_none());
}

#[tokio::test]
async fn the_list_carries_the_received_date_apart_from_the_entry_instant() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // The letter came on 20 November; it was typed in on the 28th.
    let mut input = valid_input();
    input.received_on = Some("2026-11-20".into());
    let late = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    // No date given: received today (WIB), 29 November at 01.00 WIB.
    input.received_on = None;
    let evening = now() + chrono::Duration::hours(15);
    let today = service::create_request(&db.store, &db.actor, &input, evening)
        .await
        .expect("create");
    // A row from before the column existed reads its entry date (only SQLite's column may be
    // empty).
    let legacy = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    if !common::on_postgres() {
        sqlx::query("UPDATE requests SET received_on = NULL WHERE id = $1")
            .bind(legacy.id)
            .execute(db.store.pool())
            .await
            .expect("clear");
    }

    let list = service::list_requests(&db.store, &RequestFilter::default())
        .await
        .expect("list");
    let dates = |id: i64| {
        let row = list.iter().find(|r| r.id == id).expect("listed");
        (row.received_on.clone(), row.created_at.clone())
    };
    assert_eq!(
        dates(late.id),
        ("2026-11-20".into(), "2026-11-28T03:00:00Z".into())
    );
    assert_eq!(
        dates(today.id),
        ("2026-11-29".into(), "2026-11-28T18:00:00Z".into())
    );
    if !common::on_postgres() {
        assert_eq!(
            dates(legacy.id),
            ("2026-11-28".into(), "2026-11-28T03:00:00Z".into())
        );
    }
    let detail = service::get_request(&db.store, late.id).await.expect("get");
    assert_eq!(dates(late.id).0, detail.received_on, "as the header says");
}

#[tokio::test]
async fn a_received_date_after_today_is_refused_beside_its_field_and_writes_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // `now()` is 28 November 2026, 10.00 WIB.
    let mut tomorrow = valid_input();
    tomorrow.received_on = Some("2026-11-29".into());
    let before = row_counts(&db.store).await;
    let error = service::create_request(&db.store, &db.actor, &tomorrow, now())
        .await
        .expect_err("a letter cannot arrive tomorrow");
    assert_eq!(error.code(), ErrorCode::Validation);
    let payload = error.to_payload();
    let field = payload
        .details
        .fields
        .iter()
        .find(|f| f.field == "received_on")
        .expect("the error sits beside Tanggal diterima");
    assert_eq!(
        field.message,
        "Tanggal permohonan diterima tidak boleh setelah hari ini (28 November 2026)"
    );
    assert_eq!(row_counts(&db.store).await, before);

    // Today itself is fine, on create and on edit; the live check refuses tomorrow too.
    let mut today = valid_input();
    today.received_on = Some("2026-11-28".into());
    let created = service::create_request(&db.store, &db.actor, &today, now())
        .await
        .expect("received today");
    let edit = service::update_request(
        &db.store,
        &db.actor,
        created.id,
        created.version,
        &tomorrow,
        now(),
    )
    .await
    .expect_err("an edit cannot move it to tomorrow");
    assert_eq!(error_field(&edit), Some("received_on".into()));
    let live =
        konsultasi::service::scheduling::check_request_input(&db.store, None, &tomorrow, now())
            .await
            .expect_err("the form's live check");
    assert_eq!(error_field(&live), Some("received_on".into()));
}

fn error_field(error: &Error) -> Option<String> {
    error
        .to_payload()
        .details
        .fields
        .first()
        .map(|f| f.field.clone())
}

#[tokio::test]
async fn the_audit_search_ignores_case_in_names_and_recorded_values() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.description = "Konsultasi Dana Bagi Hasil".into();
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    let trail = workflow::audit_trail(&db.store, created.id)
        .await
        .expect("trail");
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].at, "2026-11-28T03:00:00Z");
    let found = |text: &'static str| {
        let store = db.store.clone();
        async move {
            workflow::search_audit(&store, text)
                .await
                .expect("search")
                .iter()
                .map(|e| e.request_id)
                .collect::<Vec<_>>()
        }
    };
    let actor = db.actor.name.to_lowercase();
    let by_actor = workflow::search_audit(&db.store, &actor)
        .await
        .expect("search");
    assert!(
        by_actor.iter().any(|e| e.request_id == Some(created.id)),
        "{actor}"
    );
    assert_eq!(found("DANA BAGI HASIL").await, [Some(created.id)]);
    assert_eq!(found("bagi_hasil").await, Vec::<Option<i64>>::new());
}

/// A long queue reaches the dashboard as its first five and its size: the cards show a few,
/// the list filtered by status shows all.
#[tokio::test]
async fn the_dashboard_carries_the_first_five_of_a_queue_and_how_many_wait() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut ids = Vec::new();
    for minute in 0..7 {
        let at = now() + chrono::Duration::minutes(minute);
        let made = service::create_request(&db.store, &db.actor, &valid_input(), at)
            .await
            .expect("create");
        ids.push(made.id);
    }
    let board = service::calendar::dashboard(&db.store, now())
        .await
        .expect("dashboard");
    assert_eq!(board.awaiting_verification_total, 7);
    let shown: Vec<i64> = board.awaiting_verification.iter().map(|r| r.id).collect();
    // The newest entries first, as the list orders them.
    let newest: Vec<i64> = ids.iter().rev().take(5).copied().collect();
    assert_eq!(shown, newest);
    assert_eq!(board.awaiting_confirmation_total, 0);
    assert!(board.awaiting_confirmation.is_empty());
}
