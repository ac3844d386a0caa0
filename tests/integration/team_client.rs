//! The desk's own client of the team server (`konsultasi::remote`, what the window's shell
//! uses in team mode) against a real `konsultasi serve` on loopback: the pinned certificate,
//! the server's refusals handed on unchanged, exports, live events, and a server that goes away.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use serde_json::{Value, json};

use crate::common::{self, fresh_db};
use crate::team_server::{Desk, TeamServer, account, first_admin, self_signed_certificate};
use konsultasi::api::{CalendarFilter, ExportRequest, PasswordChange, SignInInput};
use konsultasi::remote::{Refusal, ServerAddress, ServerEvent, TeamClient};
use konsultasi::service::export::ExportedFile;
use konsultasi::workflow::Role;

fn sign_in(username: &str, password: &str) -> SignInInput {
    SignInInput {
        username: username.into(),
        password: password.into(),
        desk: "MEJA-KLIEN".into(),
    }
}

fn code(refusal: &Refusal) -> String {
    refusal.code()
}

#[tokio::test]
async fn the_desk_trusts_only_the_certificate_it_compared_and_sends_nothing_to_another() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (_, first) = account(&db, &admin, "rina", Role::Secretariat).await;
    let dir = tempfile::tempdir().expect("dir");
    let (cert, key, fingerprint) = self_signed_certificate(dir.path());
    let server = TeamServer::start(
        &db,
        &[
            "--tls-cert",
            cert.to_str().expect("path"),
            "--tls-key",
            key.to_str().expect("path"),
        ],
    );
    let address = ServerAddress::parse(&server.url).expect("address");

    // What the desk shows for comparing is what openssl (and the server) printed.
    let presented = TeamClient::presented_certificate(&address)
        .await
        .expect("handshake");
    assert_eq!(presented, fingerprint);
    assert_eq!(
        server.certificate_sha256.as_deref(),
        Some(fingerprint.as_str())
    );

    // Pinned to another certificate: refused at the handshake, before any password is sent.
    let elsewhere = dir.path().join("other");
    std::fs::create_dir(&elsewhere).expect("dir");
    let other = self_signed_certificate(&elsewhere).2;
    let wrong = TeamClient::new(address.clone(), Some(&other)).expect("client");
    let refused = wrong
        .sign_in(&sign_in("rina", &first))
        .await
        .expect_err("another certificate");
    assert_eq!(code(&refused), "conflict", "{refused:?}");
    assert!(
        refused.message().contains(&fingerprint),
        "{}",
        refused.message()
    );
    let attempts = common::scalar(
        &db.store,
        "SELECT count(*) FROM audit_log WHERE action LIKE 'account.sign_in%'",
    )
    .await;
    assert_eq!(attempts, 0, "the server heard no sign-in");

    // Pinned to the compared one (copied in lower case without colons): signed in.
    let pinned = fingerprint.to_lowercase().replace(':', "");
    let client = TeamClient::new(address, Some(&pinned)).expect("client");
    let session = client
        .sign_in(&sign_in("rina", &first))
        .await
        .expect("signed in");
    assert!(session.must_change_password);
    assert!(session.may.secretariat);
    let session = client
        .change_password(&PasswordChange {
            current: first.clone(),
            new: "meja-satu-aman-77".into(),
        })
        .await
        .expect("new password");
    assert!(!session.must_change_password);
    let listed = client
        .call("list_requests", &json!({ "filter": {} }))
        .await
        .expect("list");
    assert_eq!(listed, json!([]));
}

#[tokio::test]
async fn refusals_pass_unchanged_exports_arrive_whole_and_changes_are_heard() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let admin = first_admin(&db).await;
    let (_, agent_first) = account(&db, &admin, "agen", Role::Agent).await;
    let (_, secretary_first) = account(&db, &admin, "sekre", Role::Secretariat).await;
    let server = TeamServer::start(&db, &[]);
    let mut agent = Desk::new(&server);
    agent.sign_in_new("agen", &agent_first).await;

    let address = ServerAddress::parse(&server.url).expect("loopback http");
    let client = TeamClient::new(address, None).expect("client");
    client
        .sign_in(&sign_in("sekre", &secretary_first))
        .await
        .expect("signed in");
    client
        .change_password(&PasswordChange {
            current: secretary_first.clone(),
            new: "meja-dua-aman-77".into(),
        })
        .await
        .expect("own password");

    // A malformed argument: the core's validation, field by field, as the server said it.
    let mut input = serde_json::to_value(common::valid_input()).expect("input");
    input["requester"]["region_code"] = json!("99.99");
    let refused = client
        .call("create_request", &json!({ "input": input }))
        .await
        .expect_err("refused");
    let Refusal::Server(payload) = &refused else {
        panic!("the server's own answer, not the client's: {refused:?}");
    };
    assert_eq!(payload["code"], "validation");
    assert!(
        payload["details"]["fields"]
            .as_array()
            .is_some_and(|fields| !fields.is_empty()),
        "{payload}"
    );
    let refused = client
        .call("drop table", &json!({}))
        .await
        .expect_err("no such operation");
    assert_eq!(code(&refused), "validation");

    // Another desk's change reaches this desk's event stream within 2 s.
    let events = client.events().await.expect("events");
    let mut events = std::pin::pin!(events);
    let first = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("ready in time");
    assert!(matches!(first, Some(Ok(ServerEvent::Ready))), "{first:?}");
    let registered = Instant::now();
    let (status, created) = agent
        .call(
            "create_request",
            json!({ "input": serde_json::to_value(common::valid_input()).expect("input") }),
        )
        .await;
    assert!(status.is_success(), "{created}");
    let id = created["id"].as_i64().expect("id");
    let heard = loop {
        match tokio::time::timeout(Duration::from_secs(2), events.next()).await {
            Ok(Some(Ok(ServerEvent::Change(change)))) if change.request_id == Some(id) => {
                break registered.elapsed();
            }
            Ok(Some(Ok(_))) => continue,
            other => panic!("no change heard within 2 s: {other:?}"),
        }
    };
    assert!(heard < Duration::from_secs(2), "{heard:?}");

    // An export the server produced is saved whole at the desk.
    let document = client
        .export(&ExportRequest::Calendar {
            filter: CalendarFilter {
                from: "2027-01-04".into(),
                to: "2027-01-08".into(),
                room_code: None,
                unit_code: None,
                channel: None,
            },
        })
        .await
        .expect("calendar export");
    let file = ExportedFile::from_document(document).expect("a file the desk saves");
    let text = String::from_utf8(file.bytes.clone()).expect("utf-8");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    let saved_in = tempfile::tempdir().expect("dir");
    let saved =
        konsultasi::service::export::save_to(&file, &saved_in.path().join("kalender"), None)
            .expect("saved");
    assert_eq!(
        std::fs::read(&saved.path).expect("read back"),
        file.bytes,
        "the saved file is what the server produced"
    );
    // A letter of a request never scheduled: the server's conflict, unchanged.
    let refused = client
        .export(&ExportRequest::Letter {
            request_id: id,
            letter: konsultasi::api::LetterKind::Confirmation,
        })
        .await
        .expect_err("never scheduled");
    assert_eq!(code(&refused), "conflict", "{refused:?}");

    // The server goes away: calls are "unavailable", in Indonesian, and the stream ends.
    drop(server);
    let refused = client
        .call("list_requests", &json!({ "filter": {} }))
        .await
        .expect_err("server gone");
    assert_eq!(code(&refused), "unavailable", "{refused:?}");
    assert!(
        refused.message().contains("tidak dapat dihubungi"),
        "{}",
        refused.message()
    );
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match events.next().await {
                None | Some(Err(_)) => break,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the event stream ends with the server");

    let payload: Value = refused.into_payload();
    assert_eq!(payload["code"], "unavailable");
}
