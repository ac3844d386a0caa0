//! The implementation of the operation table (`api::operations`): one method per operation,
//! each calling one service, and [`dispatch`], which every face that speaks JSON calls with an
//! operation's name and its arguments (the desktop shell's `call`; the team server's requests).

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::operations::{self, Access, Operations};
use crate::api::*;
use crate::error::{Error, Result};
use crate::history::report::MonthlyReport;
use crate::policy::rules::Finding;
use crate::service::users;
use crate::store::Store;
use crate::validate::FieldErrors;

use super::workflow::{self, Actor};
use super::{accounts, calendar, checkin, export, history, parse_json, scheduling, settings};

/// Runs the operation `name` as `actor` (the signed-in user, if any) with the JSON object of its
/// arguments, and answers its view as JSON. Refusals are the services' own, plus the table's:
/// an unknown operation or argument key, an argument that does not parse (named after it), an
/// operation that acts as the signed-in user when nobody is, a role the table refuses.
pub async fn dispatch(
    store: &Store,
    actor: Option<&Actor>,
    name: &str,
    arguments: Value,
    now: DateTime<Utc>,
) -> Result<Value> {
    operations::dispatch(&Desk { store, actor, now }, name, arguments).await
}

/// Parses one named argument of an operation (or of a face's own command); `null` stands for
/// an absent one. Paths inside the argument stay as the form knows them (`contact.name`); only
/// a complaint about the argument as a whole is named after it.
pub fn argument<T: DeserializeOwned>(name: &str, value: Value) -> Result<T> {
    parse_json::<T>(value).map_err(|error| match error {
        Error::Validation(errors) => {
            let mut named = FieldErrors::default();
            for field in errors.as_slice() {
                if field.field.is_empty() || field.field == "." {
                    named.push(name, field.message.clone());
                } else {
                    named.push(field.field.clone(), field.message.clone());
                }
            }
            Error::Validation(named)
        }
        other => other,
    })
}

/// The refusal of an operation that acts as the signed-in user when nobody is.
pub fn no_actor() -> Error {
    Error::Validation(FieldErrors::single(
        "actor",
        "Pilih profil pengguna terlebih dahulu",
    ))
}

/// The services over one store, as one user at one instant.
struct Desk<'a> {
    store: &'a Store,
    actor: Option<&'a Actor>,
    now: DateTime<Utc>,
}

impl Operations for Desk<'_> {
    type Error = Error;

    fn argument<T: DeserializeOwned>(&self, name: &'static str, value: Value) -> Result<T> {
        argument(name, value)
    }

    fn unknown_argument(&self, key: &str) -> Error {
        Error::Validation(FieldErrors::single(
            key,
            format!("Isian \"{key}\" tidak dikenal"),
        ))
    }

    fn unknown_operation(&self, name: &str) -> Error {
        Error::Validation(FieldErrors::single(
            "operation",
            format!("Operasi \"{name}\" tidak dikenal"),
        ))
    }

    fn actor(&self) -> Option<&Actor> {
        self.actor
    }

    fn no_actor(&self) -> Error {
        no_actor()
    }

    fn refused(&self, actor: &Actor, access: &Access) -> Error {
        match access {
            Access::Capability {
                capability,
                refusal,
            } => users::refused(actor, *capability, refusal),
            Access::Anyone | Access::Workflow { .. } => {
                Error::Internal(format!("tidak ada penolakan peran untuk {access:?}"))
            }
        }
    }

    fn answer<T: Serialize>(&self, answer: T) -> Result<Value> {
        serde_json::to_value(answer).map_err(|error| Error::Internal(error.to_string()))
    }

    async fn list_requests(&self, filter: RequestFilter) -> Result<Vec<RequestSummary>> {
        super::list_requests(self.store, &filter).await
    }

    async fn get_request(&self, id: i64) -> Result<RequestDetail> {
        super::get_request(self.store, id).await
    }

    async fn create_request(&self, actor: &Actor, input: RequestInput) -> Result<RequestDetail> {
        super::create_request(self.store, actor, &input, self.now).await
    }

    async fn update_request(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        input: RequestInput,
    ) -> Result<RequestDetail> {
        super::update_request(self.store, actor, id, version, &input, self.now).await
    }

    async fn search_requesters(
        &self,
        query: String,
        limit: Option<usize>,
    ) -> Result<Vec<RequesterOption>> {
        let limit = limit.unwrap_or(20).min(200);
        Ok(super::search_requesters(self.store, &query, limit))
    }

    async fn list_topics(&self) -> Result<Vec<Topic>> {
        Ok(super::list_topics(self.store))
    }

    async fn check_request_input(
        &self,
        id: Option<i64>,
        input: RequestInput,
    ) -> Result<Vec<Finding>> {
        scheduling::check_request_input(self.store, id, &input, self.now).await
    }

    async fn suggest_slots(&self, id: i64, search: SlotSearch) -> Result<SlotSuggestions> {
        scheduling::suggest_slots(self.store, id, &search, self.now).await
    }

    async fn schedule_request(
        &self,
        actor: &Actor,
        id: i64,
        input: ScheduleInput,
    ) -> Result<RequestDetail> {
        scheduling::schedule_request(self.store, actor, id, &input, self.now).await
    }

    async fn reschedule_request(
        &self,
        actor: &Actor,
        id: i64,
        input: ScheduleInput,
    ) -> Result<RequestDetail> {
        scheduling::reschedule_request(self.store, actor, id, &input, self.now).await
    }

    async fn verify_request(&self, actor: &Actor, id: i64) -> Result<RequestDetail> {
        workflow::verify_request(self.store, actor, id, self.now).await
    }

    async fn confirm_request(
        &self,
        actor: &Actor,
        id: i64,
        input: ConfirmInput,
    ) -> Result<RequestDetail> {
        workflow::confirm_request(self.store, actor, id, &input, self.now).await
    }

    async fn cancel_request(
        &self,
        actor: &Actor,
        id: i64,
        input: ReasonInput,
    ) -> Result<RequestDetail> {
        workflow::cancel_request(self.store, actor, id, &input.reason, self.now).await
    }

    async fn reject_request(
        &self,
        actor: &Actor,
        id: i64,
        input: ReasonInput,
    ) -> Result<RequestDetail> {
        workflow::reject_request(self.store, actor, id, &input.reason, self.now).await
    }

    async fn audit_trail(&self, id: i64) -> Result<Vec<AuditEntry>> {
        workflow::audit_trail(self.store, id).await
    }

    async fn search_audit(&self, text: String) -> Result<Vec<AuditEntry>> {
        workflow::search_audit(self.store, &text).await
    }

    async fn list_users(&self) -> Result<Vec<UserView>> {
        workflow::list_users(self.store).await
    }

    async fn create_user(&self, actor: Option<&Actor>, input: UserInput) -> Result<UserView> {
        workflow::create_user(self.store, actor, &input, self.now).await
    }

    async fn list_accounts(&self, actor: &Actor) -> Result<Vec<AccountView>> {
        accounts::list_accounts(self.store, actor, self.now).await
    }

    async fn create_account(&self, actor: &Actor, input: AccountInput) -> Result<AccountView> {
        accounts::create_account(self.store, Some(actor), &input, self.now).await
    }

    async fn update_account(
        &self,
        actor: &Actor,
        id: i64,
        input: AccountUpdate,
    ) -> Result<AccountView> {
        accounts::update_account(self.store, actor, id, &input, self.now).await
    }

    async fn reset_password(
        &self,
        actor: &Actor,
        id: i64,
        input: PasswordReset,
    ) -> Result<AccountView> {
        accounts::reset_password(self.store, actor, id, &input, self.now).await
    }

    async fn policy_overview(&self) -> Result<PolicyOverview> {
        settings::policy_overview(self.store, self.now).await
    }

    async fn set_policy(&self, actor: &Actor, input: PolicyInput) -> Result<PolicyVersionView> {
        settings::set_policy(self.store, actor, &input, self.now).await
    }

    async fn list_holidays(&self, year: Option<i32>) -> Result<Vec<HolidayView>> {
        settings::list_holidays(self.store, year).await
    }

    async fn add_holiday(&self, actor: &Actor, input: HolidayInput) -> Result<Vec<HolidayView>> {
        settings::add_holiday(self.store, actor, &input, self.now).await
    }

    async fn delete_holiday(&self, actor: &Actor, id: i64) -> Result<()> {
        settings::delete_holiday(self.store, actor, id, self.now).await
    }

    async fn import_holidays_ics(&self, actor: &Actor, content: String) -> Result<HolidayImport> {
        settings::import_holidays_ics(self.store, actor, &content, self.now).await
    }

    async fn list_session_overrides(&self) -> Result<Vec<SessionOverrideView>> {
        settings::list_session_overrides(self.store).await
    }

    async fn add_session_override(
        &self,
        actor: &Actor,
        input: SessionOverrideInput,
    ) -> Result<Vec<SessionOverrideView>> {
        settings::add_session_override(self.store, actor, &input, self.now).await
    }

    async fn delete_session_override(&self, actor: &Actor, id: i64) -> Result<()> {
        settings::delete_session_override(self.store, actor, id, self.now).await
    }

    async fn list_rooms(&self) -> Result<Vec<RoomView>> {
        settings::list_rooms(self.store).await
    }

    async fn save_room(&self, actor: &Actor, input: RoomInput) -> Result<Vec<RoomView>> {
        settings::save_room(self.store, actor, &input, self.now).await
    }

    async fn list_units(&self) -> Result<Vec<UnitView>> {
        Ok(settings::units(self.store))
    }

    async fn save_unit(&self, actor: &Actor, input: UnitInput) -> Result<Vec<UnitView>> {
        settings::save_unit(self.store, actor, &input, self.now).await
    }

    async fn route_topic(&self, actor: &Actor, input: TopicRouting) -> Result<Vec<Topic>> {
        settings::route_topic(self.store, actor, &input, self.now).await
    }

    async fn list_resource_persons(&self) -> Result<Vec<ResourcePersonView>> {
        settings::resource_persons(self.store).await
    }

    async fn save_resource_person(
        &self,
        actor: &Actor,
        input: ResourcePersonInput,
    ) -> Result<Vec<ResourcePersonView>> {
        settings::save_resource_person(self.store, actor, &input, self.now).await
    }

    async fn calendar(&self, filter: CalendarFilter) -> Result<Vec<CalendarEntry>> {
        calendar::calendar(self.store, &filter).await
    }

    async fn dashboard(&self) -> Result<Dashboard> {
        calendar::dashboard(self.store, self.now).await
    }

    async fn whatsapp_message(&self, id: i64) -> Result<String> {
        export::whatsapp_message(self.store, id).await
    }

    async fn export_settings(&self) -> Result<ExportSettings> {
        export::export_settings(self.store).await
    }

    async fn save_export_settings(
        &self,
        actor: &Actor,
        input: ExportSettings,
    ) -> Result<ExportSettings> {
        export::save_export_settings(self.store, actor, &input, self.now).await
    }

    async fn mail_settings(&self) -> Result<MailSettingsView> {
        super::mail::mail_settings(self.store).await
    }

    async fn save_mail_settings(
        &self,
        actor: &Actor,
        input: MailSettingsInput,
    ) -> Result<MailSettingsView> {
        super::mail::save_mail_settings(self.store, actor, &input, self.now).await
    }

    async fn send_test_mail(&self, actor: &Actor, input: MailTestInput) -> Result<MailTestResult> {
        super::mail::send_test_mail(self.store, actor, &input, self.now).await
    }

    async fn mail_of_request(&self, id: i64) -> Result<Vec<MailDeliveryView>> {
        super::mail::mail_of_request(self.store, id).await
    }

    async fn resend_mail(&self, actor: &Actor, id: i64) -> Result<MailDeliveryView> {
        super::mail::resend_mail(self.store, actor, id, self.now).await
    }

    async fn setup_status(&self) -> Result<SetupStatus> {
        super::setup::setup_status(self.store).await
    }

    async fn arrivals(&self, date: String) -> Result<ArrivalsDay> {
        checkin::arrivals(self.store, &date, self.now).await
    }

    async fn check_in(&self, actor: &Actor, id: i64, input: CheckInInput) -> Result<RequestDetail> {
        checkin::check_in(self.store, actor, id, &input, self.now).await
    }

    async fn walk_in(&self, actor: &Actor, input: WalkInInput) -> Result<RequestDetail> {
        checkin::walk_in(self.store, actor, &input, self.now).await
    }

    async fn complete_request(&self, actor: &Actor, id: i64) -> Result<RequestDetail> {
        checkin::complete(self.store, actor, id, self.now).await
    }

    async fn mark_no_show(&self, actor: &Actor, id: i64) -> Result<RequestDetail> {
        checkin::mark_no_show(self.store, actor, id, self.now).await
    }

    async fn check_in_of(&self, id: i64) -> Result<Option<CheckInView>> {
        checkin::check_in_view(self.store, id).await
    }

    async fn check_in_preview(
        &self,
        actor: &Actor,
        id: i64,
        input: CheckInInput,
    ) -> Result<CheckInPreview> {
        checkin::check_in_preview(self.store, actor, id, &input, self.now).await
    }

    async fn walk_in_preview(&self, input: WalkInInput) -> Result<CheckInPreview> {
        checkin::walk_in_preview(self.store, &input, self.now).await
    }

    async fn void_check_in(
        &self,
        actor: &Actor,
        check_in_id: i64,
        input: VoidCheckInInput,
    ) -> Result<RequestDetail> {
        checkin::void_check_in(self.store, actor, check_in_id, &input, self.now).await
    }

    async fn check_ins_of(&self, id: i64) -> Result<Vec<CheckInView>> {
        checkin::check_ins_of(self.store, id).await
    }

    async fn video_attendance(&self, date: String) -> Result<ArrivalsDay> {
        checkin::video_attendance(self.store, &date, self.now).await
    }

    async fn compliance_history(&self, region_code: String) -> Result<ComplianceHistory> {
        checkin::compliance_history(self.store, &region_code).await
    }

    async fn monthly_report(&self, _actor: &Actor, month: String) -> Result<MonthlyReport> {
        history::monthly(self.store, &month).await
    }

    async fn import_history(
        &self,
        actor: &Actor,
        file_name: String,
        content: String,
    ) -> Result<ImportSummary> {
        history::import_held_csv(self.store, actor, &file_name, &content, self.now).await
    }
}
