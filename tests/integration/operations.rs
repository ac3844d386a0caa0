//! The operation table's one dispatch: every declared operation runs by name, arguments are read
//! and refused as the shell's commands read them, the table's role rule refuses in the service's
//! own words, and answers are the services' views as JSON.

use crate::common::{self, agent, fresh_db, now, row_counts, valid_input};
use konsultasi::ErrorPayload;
use konsultasi::api::UserInput;
use konsultasi::api::operations::{Acting, OPERATIONS};
use konsultasi::error::ErrorCode;
use konsultasi::service::operations::dispatch;
use konsultasi::service::{self, settings, workflow};
use konsultasi::workflow::Role;
use serde_json::{Value, json};

fn fields(payload: &ErrorPayload) -> Vec<(&str, &str)> {
    payload
        .details
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.message.as_str()))
        .collect()
}

async fn refused(
    db: &common::TestDb,
    actor: Option<&workflow::Actor>,
    name: &str,
    args: Value,
) -> ErrorPayload {
    dispatch(&db.store, actor, name, args, now())
        .await
        .expect_err("refused")
        .to_payload()
}

#[tokio::test]
async fn every_declared_operation_runs_by_name_and_no_other() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    for spec in OPERATIONS {
        // Without arguments most are refused for a missing one; none is unknown.
        if let Err(error) = dispatch(&db.store, Some(&db.actor), spec.name, json!({}), now()).await
        {
            let payload = error.to_payload();
            assert!(
                !fields(&payload)
                    .iter()
                    .any(|(field, _)| *field == "operation"),
                "{}: {payload:?}",
                spec.name
            );
        }
    }
    let unknown = refused(&db, Some(&db.actor), "drop_everything", json!({})).await;
    assert_eq!(unknown.code, ErrorCode::Validation);
    assert_eq!(
        fields(&unknown),
        [("operation", "Operasi \"drop_everything\" tidak dikenal")]
    );
}

#[tokio::test]
async fn an_argument_wrong_as_a_whole_is_named_after_it() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let whole = refused(&db, None, "get_request", json!({ "id": "tiga" })).await;
    assert_eq!(whole.code, ErrorCode::Validation);
    assert_eq!(fields(&whole).first().map(|f| f.0), Some("id"), "{whole:?}");
    // An absent argument reads as null, so it is named too.
    let absent = refused(&db, None, "get_request", json!({})).await;
    assert_eq!(fields(&absent).first().map(|f| f.0), Some("id"));
    // Multi-word arguments arrive in camelCase and are named as the service names them.
    let camel = refused(
        &db,
        Some(&db.actor),
        "void_check_in",
        json!({ "checkInId": null, "input": { "reason": "x" } }),
    )
    .await;
    assert_eq!(fields(&camel).first().map(|f| f.0), Some("check_in_id"));
    // The first bad argument in declared order is the one reported.
    let first = refused(
        &db,
        Some(&db.actor),
        "update_request",
        json!({ "id": 1, "version": "satu", "input": 5 }),
    )
    .await;
    assert_eq!(
        fields(&first).iter().map(|f| f.0).collect::<Vec<_>>(),
        ["version"]
    );
}

#[tokio::test]
async fn paths_inside_an_argument_stay_as_the_form_knows_them() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let mut input = serde_json::to_value(valid_input()).expect("input as JSON");
    input["contact"]["name"] = json!(42);
    let via_table = refused(
        &db,
        Some(&db.actor),
        "create_request",
        json!({ "input": input }),
    )
    .await;
    let direct = service::parse_json::<konsultasi::api::RequestInput>(input)
        .expect_err("refused")
        .to_payload();
    assert_eq!(via_table, direct);
    assert_eq!(
        fields(&via_table).first().map(|f| f.0),
        Some("contact.name")
    );
}

#[tokio::test]
async fn a_key_the_operation_does_not_take_is_refused_after_its_arguments() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let extra = refused(&db, None, "get_request", json!({ "id": 1, "ids": [1] })).await;
    assert_eq!(fields(&extra), [("ids", "Isian \"ids\" tidak dikenal")]);
    let bad_first = refused(&db, None, "get_request", json!({ "id": "x", "ids": [1] })).await;
    assert_eq!(fields(&bad_first).first().map(|f| f.0), Some("id"));
    let not_an_object = refused(&db, None, "get_request", json!([1])).await;
    assert_eq!(fields(&not_an_object).first().map(|f| f.0), Some("args"));
}

#[tokio::test]
async fn acting_without_a_profile_is_refused_on_actor_and_writes_nothing() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let before = row_counts(&db.store).await;
    let input = serde_json::to_value(valid_input()).expect("input as JSON");
    let payload = refused(&db, None, "create_request", json!({ "input": input })).await;
    assert_eq!(payload.code, ErrorCode::Validation);
    assert_eq!(
        fields(&payload),
        [("actor", "Pilih profil pengguna terlebih dahulu")]
    );
    assert_eq!(row_counts(&db.store).await, before);
    // Arguments are read first, as the shell's commands did.
    let bad = refused(&db, None, "create_request", json!({ "input": 1 })).await;
    assert_eq!(fields(&bad).first().map(|f| f.0), Some("input"));
}

#[tokio::test]
async fn the_tables_role_rule_refuses_in_the_services_words() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let agent = agent(&db.store).await;
    let via_table = refused(&db, Some(&agent), "delete_holiday", json!({ "id": 999 })).await;
    let direct = settings::delete_holiday(&db.store, &agent, 999, now())
        .await
        .expect_err("refused")
        .to_payload();
    assert_eq!(via_table, direct);
    assert_eq!(via_table.code, ErrorCode::Policy);
    assert!(
        via_table
            .message
            .starts_with("Hanya Sekretariat atau Ketua tim yang dapat mengubah hari libur")
    );
    for spec in OPERATIONS {
        if spec.access.refuses_before_service(Role::Agent) {
            assert_ne!(spec.acting, Acting::Nobody, "{}", spec.name);
        }
    }
}

#[tokio::test]
async fn a_profile_is_made_with_or_without_a_signed_in_user_as_the_service_decides() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let input = json!({ "input": { "name": "Rina", "role": "agent" } });
    // The desk has a profile already: without one signed in, the service refuses.
    let without = refused(&db, None, "create_user", input.clone()).await;
    let direct = workflow::create_user(
        &db.store,
        None,
        &UserInput {
            name: "Rina".into(),
            role: Some(Role::Agent),
        },
        now(),
    )
    .await
    .expect_err("refused")
    .to_payload();
    assert_eq!(without, direct);
    let made = dispatch(&db.store, Some(&db.actor), "create_user", input, now())
        .await
        .expect("made by the team leader");
    assert_eq!(made["name"], "Rina");
    assert_eq!(made["role"], "agent");
}

#[tokio::test]
async fn answers_are_the_services_views_as_json() {
    let _turn = crate::common::run_beside_others();
    let db = fresh_db().await;
    let topics = dispatch(&db.store, None, "list_topics", Value::Null, now())
        .await
        .expect("topics");
    assert_eq!(
        topics,
        serde_json::to_value(service::list_topics(&db.store)).expect("as JSON")
    );
    let input = serde_json::to_value(valid_input()).expect("input as JSON");
    let created = dispatch(
        &db.store,
        Some(&db.actor),
        "create_request",
        json!({ "input": input }),
        now(),
    )
    .await
    .expect("created");
    let id = created["id"].as_i64().expect("id");
    let read = dispatch(&db.store, None, "get_request", json!({ "id": id }), now())
        .await
        .expect("read");
    assert_eq!(read, created);
    let limited = dispatch(
        &db.store,
        None,
        "search_requesters",
        json!({ "query": "kab", "limit": null }),
        now(),
    )
    .await
    .expect("searched");
    assert_eq!(
        limited,
        serde_json::to_value(service::search_requesters(&db.store, "kab", 20)).expect("as JSON")
    );
    let holidays = dispatch(
        &db.store,
        Some(&db.actor),
        "add_holiday",
        json!({ "input": { "date": "2026-12-24", "name": "Cuti Bersama Natal", "kind": null } }),
        now(),
    )
    .await
    .expect("added");
    let added = holidays
        .as_array()
        .and_then(|list| list.iter().find(|h| h["date"] == "2026-12-24"))
        .and_then(|h| h["id"].as_i64())
        .expect("the added holiday");
    // `()` answers null, as the shell's commands did.
    let deleted = dispatch(
        &db.store,
        Some(&db.actor),
        "delete_holiday",
        json!({ "id": added }),
        now(),
    )
    .await
    .expect("deleted");
    assert_eq!(deleted, Value::Null);
}
