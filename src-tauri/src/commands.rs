//! The IPC commands. Arguments arrive as raw JSON and go through the core's parser, so a
//! malformed payload gets the same `{ code: "validation", details.fields }` answer as a
//! malformed form, naming the field.

use serde_json::Value;
use tauri::State;

use konsultasi::api::{
    RequestDetail, RequestFilter, RequestInput, RequestSummary, RequesterOption, Topic,
};
use konsultasi::service::{self, parse_json};
use konsultasi::time::system_now;
use konsultasi::{ErrorPayload, Store};

type Reply<T> = Result<T, ErrorPayload>;

fn refuse(error: konsultasi::Error) -> ErrorPayload {
    error.to_payload()
}

/// Parses one named argument; a missing argument arrives as JSON `null`.
fn arg<T: serde::de::DeserializeOwned>(name: &str, value: Value) -> Reply<T> {
    parse_json::<T>(value).map_err(|error| {
        let mut payload = error.to_payload();
        for field in &mut payload.details.fields {
            // Paths inside an argument stay as the form knows them ("contact.name"); only an
            // error about the argument as a whole is named after it.
            if field.field.is_empty() || field.field == "." {
                field.field = name.to_owned();
            }
        }
        payload
    })
}

#[tauri::command]
pub async fn list_requests(store: State<'_, Store>, filter: Value) -> Reply<Vec<RequestSummary>> {
    let filter: RequestFilter = arg("filter", filter)?;
    service::list_requests(&store, &filter)
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn get_request(store: State<'_, Store>, id: Value) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    service::get_request(&store, id).await.map_err(refuse)
}

#[tauri::command]
pub async fn create_request(store: State<'_, Store>, input: Value) -> Reply<RequestDetail> {
    let input: RequestInput = arg("input", input)?;
    service::create_request(&store, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn update_request(
    store: State<'_, Store>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: RequestInput = arg("input", input)?;
    service::update_request(&store, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub fn search_requesters(
    store: State<'_, Store>,
    query: Value,
    limit: Value,
) -> Reply<Vec<RequesterOption>> {
    let query: String = arg("query", query)?;
    let limit: Option<usize> = arg("limit", limit)?;
    Ok(service::search_requesters(
        &store,
        &query,
        limit.unwrap_or(20).min(200),
    ))
}

#[tauri::command]
pub fn list_topics(store: State<'_, Store>) -> Reply<Vec<Topic>> {
    Ok(service::list_topics(&store))
}
