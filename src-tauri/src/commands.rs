//! The IPC commands. Arguments arrive as raw JSON and go through the core's parser, so a
//! malformed payload gets the same `{ code: "validation", details.fields }` answer as a
//! malformed form, naming the field.

use serde_json::Value;
use tauri::State;

use konsultasi::api::{
    HolidayImport, HolidayInput, HolidayView, PolicyInput, PolicyOverview, PolicyVersionView,
    RequestDetail, RequestFilter, RequestInput, RequestSummary, RequesterOption, RoomInput,
    RoomView, ScheduleInput, SessionOverrideInput, SessionOverrideView, SlotSearch,
    SlotSuggestions, Topic, TopicRouting, UnitInput, UnitView,
};
use std::sync::Mutex;

use konsultasi::api::{ArrivalsDay, CheckInInput, CheckInView, ComplianceHistory, WalkInInput};
use konsultasi::api::{
    AuditEntry, CalendarEntry, CalendarFilter, ConfirmInput, Dashboard, ReasonInput, UserInput,
    UserView,
};
use konsultasi::api::{CheckInPreview, VoidCheckInInput};
use konsultasi::api::{
    ExportRequest, ExportSettings, ResourcePersonInput, ResourcePersonView, SavedExport,
};
use konsultasi::history::report::MonthlyReport;
use konsultasi::policy::rules::Finding;
use konsultasi::service::history::ImportSummary;
use konsultasi::service::workflow::{self, Actor};
use konsultasi::service::{self, checkin, export, history, parse_json, policy};
use konsultasi::time::system_now;
use konsultasi::validate::FieldErrors;
use konsultasi::{ErrorPayload, Store};

type Reply<T> = Result<T, ErrorPayload>;

/// The profile chosen at start; every change is made in its name.
#[derive(Default)]
pub struct Session(Mutex<Option<Actor>>);

impl Session {
    fn actor(&self) -> Reply<Actor> {
        let current = match self.0.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        current.ok_or_else(|| {
            konsultasi::Error::Validation(FieldErrors::single(
                "actor",
                "Pilih profil pengguna terlebih dahulu",
            ))
            .to_payload()
        })
    }

    fn set(&self, actor: Actor) {
        match self.0.lock() {
            Ok(mut guard) => *guard = Some(actor),
            Err(poisoned) => *poisoned.into_inner() = Some(actor),
        }
    }
}

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
pub async fn create_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<RequestDetail> {
    let input: RequestInput = arg("input", input)?;
    service::create_request(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn update_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    version: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let version: i64 = arg("version", version)?;
    let input: RequestInput = arg("input", input)?;
    service::update_request(&store, &session.actor()?, id, version, &input, system_now())
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

#[tauri::command]
pub async fn check_request_input(
    store: State<'_, Store>,
    id: Value,
    input: Value,
) -> Reply<Vec<Finding>> {
    let id: Option<i64> = arg("id", id)?;
    let input: RequestInput = arg("input", input)?;
    policy::check_request_input(&store, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn suggest_slots(
    store: State<'_, Store>,
    id: Value,
    search: Value,
) -> Reply<SlotSuggestions> {
    let id: i64 = arg("id", id)?;
    let search: SlotSearch = arg("search", search)?;
    policy::suggest_slots(&store, id, &search, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn schedule_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: ScheduleInput = arg("input", input)?;
    policy::schedule_request(&store, &session.actor()?, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn policy_overview(store: State<'_, Store>) -> Reply<PolicyOverview> {
    policy::policy_overview(&store, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn set_policy(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<PolicyVersionView> {
    let input: PolicyInput = arg("input", input)?;
    policy::set_policy(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn list_holidays(store: State<'_, Store>, year: Value) -> Reply<Vec<HolidayView>> {
    let year: Option<i32> = arg("year", year)?;
    policy::list_holidays(&store, year).await.map_err(refuse)
}

#[tauri::command]
pub async fn add_holiday(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<Vec<HolidayView>> {
    let input: HolidayInput = arg("input", input)?;
    policy::add_holiday(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn delete_holiday(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<()> {
    let id: i64 = arg("id", id)?;
    policy::delete_holiday(&store, &session.actor()?, id, system_now())
        .await
        .map_err(refuse)
}

/// The UI reads the chosen .ics file itself and sends its text, so the window needs no file
/// system permission.
#[tauri::command]
pub async fn import_holidays_ics(
    store: State<'_, Store>,
    session: State<'_, Session>,
    content: Value,
) -> Reply<HolidayImport> {
    let content: String = arg("content", content)?;
    policy::import_holidays_ics(&store, &session.actor()?, &content, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn list_session_overrides(store: State<'_, Store>) -> Reply<Vec<SessionOverrideView>> {
    policy::list_session_overrides(&store).await.map_err(refuse)
}

#[tauri::command]
pub async fn add_session_override(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<Vec<SessionOverrideView>> {
    let input: SessionOverrideInput = arg("input", input)?;
    policy::add_session_override(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn delete_session_override(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<()> {
    let id: i64 = arg("id", id)?;
    policy::delete_session_override(&store, &session.actor()?, id, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn list_rooms(store: State<'_, Store>) -> Reply<Vec<RoomView>> {
    policy::list_rooms(&store).await.map_err(refuse)
}

#[tauri::command]
pub fn list_units(store: State<'_, Store>) -> Reply<Vec<UnitView>> {
    Ok(policy::units(&store))
}

#[tauri::command]
pub async fn save_room(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<Vec<RoomView>> {
    let input: RoomInput = arg("input", input)?;
    policy::save_room(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn save_unit(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<Vec<UnitView>> {
    let input: UnitInput = arg("input", input)?;
    policy::save_unit(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn route_topic(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<Vec<Topic>> {
    let input: TopicRouting = arg("input", input)?;
    policy::route_topic(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn reschedule_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: ScheduleInput = arg("input", input)?;
    policy::reschedule_request(&store, &session.actor()?, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn list_users(store: State<'_, Store>) -> Reply<Vec<UserView>> {
    workflow::list_users(&store).await.map_err(refuse)
}

/// Adds a profile as the chosen one (a secretariat); before any profile is chosen, only the
/// desk's first profile can be made (the core decides).
#[tauri::command]
pub async fn create_user(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<UserView> {
    let input: UserInput = arg("input", input)?;
    let actor = session.actor().ok();
    workflow::create_user(&store, actor.as_ref(), &input, system_now())
        .await
        .map_err(refuse)
}

/// Chooses the profile that makes every following change.
#[tauri::command]
pub async fn select_user(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<UserView> {
    let id: i64 = arg("id", id)?;
    let actor = workflow::actor(&store, &id.to_string())
        .await
        .map_err(refuse)?;
    let view = UserView {
        id: actor.id,
        name: actor.name.clone(),
        role: actor.role,
        active: true,
    };
    session.set(actor);
    Ok(view)
}

#[tauri::command]
pub fn current_user(session: State<'_, Session>) -> Reply<Option<UserView>> {
    Ok(session.actor().ok().map(|actor| UserView {
        id: actor.id,
        name: actor.name,
        role: actor.role,
        active: true,
    }))
}

#[tauri::command]
pub async fn verify_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    workflow::verify_request(&store, &session.actor()?, id, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn confirm_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: ConfirmInput = arg("input", input)?;
    workflow::confirm_request(&store, &session.actor()?, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn cancel_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: ReasonInput = arg("input", input)?;
    workflow::cancel_request(&store, &session.actor()?, id, &input.reason, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn reject_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: ReasonInput = arg("input", input)?;
    workflow::reject_request(&store, &session.actor()?, id, &input.reason, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn audit_trail(store: State<'_, Store>, id: Value) -> Reply<Vec<AuditEntry>> {
    let id: i64 = arg("id", id)?;
    workflow::audit_trail(&store, id).await.map_err(refuse)
}

#[tauri::command]
pub async fn search_audit(store: State<'_, Store>, text: Value) -> Reply<Vec<AuditEntry>> {
    let text: String = arg("text", text)?;
    workflow::search_audit(&store, &text).await.map_err(refuse)
}

#[tauri::command]
pub async fn calendar(store: State<'_, Store>, filter: Value) -> Reply<Vec<CalendarEntry>> {
    let filter: CalendarFilter = arg("filter", filter)?;
    policy::calendar(&store, &filter).await.map_err(refuse)
}

#[tauri::command]
pub async fn dashboard(store: State<'_, Store>) -> Reply<Dashboard> {
    policy::dashboard(&store, system_now())
        .await
        .map_err(refuse)
}

/// Produces an export and writes it to `path`, the file the user chose in the save dialog.
#[tauri::command]
pub async fn save_export(
    store: State<'_, Store>,
    session: State<'_, Session>,
    request: Value,
    path: Value,
) -> Reply<SavedExport> {
    let request: ExportRequest = arg("request", request)?;
    let path: String = arg("path", path)?;
    let actor = session.actor().ok();
    export::save(
        &store,
        actor.as_ref(),
        &request,
        std::path::Path::new(&path),
        system_now(),
    )
    .await
    .map_err(refuse)
}

#[tauri::command]
pub async fn whatsapp_message(store: State<'_, Store>, id: Value) -> Reply<String> {
    let id: i64 = arg("id", id)?;
    export::whatsapp_message(&store, id).await.map_err(refuse)
}

/// What the desk still has to set (placeholders in letters and invites, rooms) and whether the
/// database was opened read-only.
#[tauri::command]
pub async fn setup_status(store: State<'_, Store>) -> Reply<konsultasi::api::SetupStatus> {
    service::setup::setup_status(&store).await.map_err(refuse)
}

#[tauri::command]
pub async fn export_settings(store: State<'_, Store>) -> Reply<ExportSettings> {
    export::export_settings(&store).await.map_err(refuse)
}

#[tauri::command]
pub async fn save_export_settings(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<ExportSettings> {
    let input: ExportSettings = arg("input", input)?;
    export::save_export_settings(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn list_resource_persons(store: State<'_, Store>) -> Reply<Vec<ResourcePersonView>> {
    policy::resource_persons(&store).await.map_err(refuse)
}

#[tauri::command]
pub async fn save_resource_person(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<Vec<ResourcePersonView>> {
    let input: ResourcePersonInput = arg("input", input)?;
    policy::save_resource_person(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn arrivals(store: State<'_, Store>, date: Value) -> Reply<ArrivalsDay> {
    let date: String = arg("date", date)?;
    checkin::arrivals(&store, &date, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn check_in(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    let input: CheckInInput = arg("input", input)?;
    checkin::check_in(&store, &session.actor()?, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn walk_in(
    store: State<'_, Store>,
    session: State<'_, Session>,
    input: Value,
) -> Reply<RequestDetail> {
    let input: WalkInInput = arg("input", input)?;
    checkin::walk_in(&store, &session.actor()?, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn complete_request(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    checkin::complete(&store, &session.actor()?, id, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn mark_no_show(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
) -> Reply<RequestDetail> {
    let id: i64 = arg("id", id)?;
    checkin::mark_no_show(&store, &session.actor()?, id, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn check_in_of(store: State<'_, Store>, id: Value) -> Reply<Option<CheckInView>> {
    let id: i64 = arg("id", id)?;
    checkin::check_in_view(&store, id).await.map_err(refuse)
}

#[tauri::command]
pub async fn check_ins_of(store: State<'_, Store>, id: Value) -> Reply<Vec<CheckInView>> {
    let id: i64 = arg("id", id)?;
    checkin::check_ins_of(&store, id).await.map_err(refuse)
}

#[tauri::command]
pub async fn check_in_preview(
    store: State<'_, Store>,
    session: State<'_, Session>,
    id: Value,
    input: Value,
) -> Reply<CheckInPreview> {
    let id: i64 = arg("id", id)?;
    let input: CheckInInput = arg("input", input)?;
    checkin::check_in_preview(&store, &session.actor()?, id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn walk_in_preview(store: State<'_, Store>, input: Value) -> Reply<CheckInPreview> {
    let input: WalkInInput = arg("input", input)?;
    checkin::walk_in_preview(&store, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn void_check_in(
    store: State<'_, Store>,
    session: State<'_, Session>,
    check_in_id: Value,
    input: Value,
) -> Reply<RequestDetail> {
    let check_in_id: i64 = arg("check_in_id", check_in_id)?;
    let input: VoidCheckInInput = arg("input", input)?;
    checkin::void_check_in(&store, &session.actor()?, check_in_id, &input, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn video_attendance(store: State<'_, Store>, date: Value) -> Reply<ArrivalsDay> {
    let date: String = arg("date", date)?;
    checkin::video_attendance(&store, &date, system_now())
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn compliance_history(
    store: State<'_, Store>,
    region_code: Value,
) -> Reply<ComplianceHistory> {
    let region_code: String = arg("region_code", region_code)?;
    checkin::compliance_history(&store, &region_code)
        .await
        .map_err(refuse)
}

#[tauri::command]
pub async fn monthly_report(store: State<'_, Store>, month: Value) -> Reply<MonthlyReport> {
    let month: String = arg("month", month)?;
    history::monthly(&store, &month).await.map_err(refuse)
}

/// Imports the desk's earlier records from a CSV the user picked (its name and text): every
/// row, or none with each unmatched row named.
#[tauri::command]
pub async fn import_history(
    store: State<'_, Store>,
    session: State<'_, Session>,
    file_name: Value,
    content: Value,
) -> Reply<ImportSummary> {
    let file_name: String = arg("file_name", file_name)?;
    let content: String = arg("content", content)?;
    history::import_held_csv(
        &store,
        &session.actor()?,
        &file_name,
        &content,
        system_now(),
    )
    .await
    .map_err(refuse)
}
