//! Keeps the UI's TypeScript view of the IPC contract in step with the Rust types.
//!
//! Fails when `ui/src/lib/api/bindings.ts` differs from what the types generate, or
//! `ui/src/lib/api/operations.ts` (the window's typed client) from what the operation table
//! (`crates/contract/src/operations.rs`) generates. To refresh both after changing the contract
//! or the table: `UPDATE_BINDINGS=1 cargo test -p konsultasi --test integration bindings`.

use konsultasi::api::*;
use konsultasi::checkin::ViolationKind;
use konsultasi::domain::region::{RegionKind, ZoneLabel};
use konsultasi::domain::{Channel, RequestStatus, RequesterKind};
use konsultasi::error::{ErrorCode, ErrorDetails, ErrorPayload, FieldError};
use konsultasi::history::import::RowReport;
use konsultasi::history::report::{
    ChannelSection, ComplianceFigures, KindCount, LabelCount, MonthCount, MonthlyReport, ReportRow,
    ViolationRow,
};
use konsultasi::policy::calendar::HolidayKind;
use konsultasi::policy::rules::{Finding, RuleId, Severity};
use konsultasi::policy::{PolicySettings, SessionWindowSettings};
use konsultasi::service::workflow::ConfirmationChannel;
use konsultasi::workflow::{ActionView, DeskAction, Role};
use ts_rs::{Config, TS};

use crate::common;

const BINDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/api/bindings.ts");
const OPERATIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/api/operations.ts");

fn declaration<T: TS>(config: &Config) -> String {
    let mut out = String::new();
    if let Some(docs) = T::docs() {
        out.push_str(&docs);
    }
    out.push_str("export ");
    out.push_str(&T::decl(config));
    out.push('\n');
    out
}

fn generate() -> String {
    let config = Config::new();
    let declarations = [
        declaration::<Channel>(&config),
        declaration::<RequestStatus>(&config),
        declaration::<RequesterKind>(&config),
        declaration::<ZoneLabel>(&config),
        declaration::<RegionKind>(&config),
        declaration::<ErrorCode>(&config),
        declaration::<FieldError>(&config),
        declaration::<ErrorDetails>(&config),
        declaration::<ErrorPayload>(&config),
        declaration::<RequesterInput>(&config),
        declaration::<ContactInput>(&config),
        declaration::<PreferredSlotInput>(&config),
        declaration::<GuestInput>(&config),
        declaration::<ScanUpload>(&config),
        declaration::<LetterInput>(&config),
        declaration::<RequestInput>(&config),
        declaration::<RequestFilter>(&config),
        declaration::<RequesterOption>(&config),
        declaration::<RegionView>(&config),
        declaration::<Topic>(&config),
        declaration::<RequesterView>(&config),
        declaration::<ContactView>(&config),
        declaration::<TopicRef>(&config),
        declaration::<SlotView>(&config),
        declaration::<GuestView>(&config),
        declaration::<ScanInfo>(&config),
        declaration::<LetterView>(&config),
        declaration::<DeskAction>(&config),
        declaration::<ActionView>(&config),
        declaration::<RequestDetail>(&config),
        declaration::<RequestSummary>(&config),
        declaration::<SummaryBooking>(&config),
        declaration::<RuleId>(&config),
        declaration::<Severity>(&config),
        declaration::<Finding>(&config),
        declaration::<SlotSearch>(&config),
        declaration::<SlotSuggestion>(&config),
        declaration::<SuggestionSource>(&config),
        declaration::<PreferenceVerdict>(&config),
        declaration::<SlotSuggestions>(&config),
        declaration::<ScheduleInput>(&config),
        declaration::<BookingView>(&config),
        declaration::<SessionWindowSettings>(&config),
        declaration::<PolicySettings>(&config),
        declaration::<PolicyVersionView>(&config),
        declaration::<PolicyOverview>(&config),
        declaration::<PolicyInput>(&config),
        declaration::<HolidayKind>(&config),
        declaration::<HolidayView>(&config),
        declaration::<HolidayInput>(&config),
        declaration::<HolidayImport>(&config),
        declaration::<SessionOverrideView>(&config),
        declaration::<SessionOverrideInput>(&config),
        declaration::<RoomView>(&config),
        declaration::<UnitView>(&config),
        declaration::<RoomInput>(&config),
        declaration::<UnitInput>(&config),
        declaration::<TopicRouting>(&config),
        declaration::<Role>(&config),
        declaration::<UserView>(&config),
        declaration::<Permissions>(&config),
        declaration::<UserInput>(&config),
        declaration::<AccountView>(&config),
        declaration::<AccountInput>(&config),
        declaration::<AccountUpdate>(&config),
        declaration::<PasswordReset>(&config),
        declaration::<SignInInput>(&config),
        declaration::<PasswordChange>(&config),
        declaration::<SessionView>(&config),
        declaration::<ChangeEvent>(&config),
        declaration::<ServerSignIn>(&config),
        declaration::<ServerSignInOutcome>(&config),
        declaration::<ConnectionView>(&config),
        declaration::<LiveEvent>(&config),
        declaration::<ConfirmationChannel>(&config),
        declaration::<ConfirmInput>(&config),
        declaration::<ReasonInput>(&config),
        declaration::<AuditEntry>(&config),
        declaration::<CalendarFilter>(&config),
        declaration::<CalendarEntry>(&config),
        declaration::<BrokenBooking>(&config),
        declaration::<Dashboard>(&config),
        declaration::<ExportSettings>(&config),
        declaration::<MailSettingsView>(&config),
        declaration::<MailSettingsInput>(&config),
        declaration::<MailTestInput>(&config),
        declaration::<MailTestResult>(&config),
        declaration::<MailDeliveryView>(&config),
        declaration::<MailSecurity>(&config),
        declaration::<MailKind>(&config),
        declaration::<MailAudience>(&config),
        declaration::<DeliveryState>(&config),
        declaration::<LetterKind>(&config),
        declaration::<ExportRequest>(&config),
        declaration::<SavedExport>(&config),
        declaration::<SetupStep>(&config),
        declaration::<SetupItem>(&config),
        declaration::<SetupStatus>(&config),
        declaration::<ResourcePersonView>(&config),
        declaration::<ResourcePersonInput>(&config),
        declaration::<ReportFormat>(&config),
        declaration::<ViolationKind>(&config),
        declaration::<CheckInInput>(&config),
        declaration::<WalkInInput>(&config),
        declaration::<AttendeeView>(&config),
        declaration::<ViolationView>(&config),
        declaration::<CheckInView>(&config),
        declaration::<VoidCheckInInput>(&config),
        declaration::<CheckInVoidView>(&config),
        declaration::<CheckInPreview>(&config),
        declaration::<PreviewViolation>(&config),
        declaration::<ArrivalView>(&config),
        declaration::<ArrivalsDay>(&config),
        declaration::<HeldVisitView>(&config),
        declaration::<ComplianceHistory>(&config),
        declaration::<ReportRow>(&config),
        declaration::<ChannelSection>(&config),
        declaration::<MonthCount>(&config),
        declaration::<LabelCount>(&config),
        declaration::<KindCount>(&config),
        declaration::<ViolationRow>(&config),
        declaration::<ComplianceFigures>(&config),
        declaration::<MonthlyReport>(&config),
        declaration::<RowReport>(&config),
        declaration::<ImportSummary>(&config),
    ];
    format!(
        "// Generated from the Rust types of the core (src/api.rs, src/error.rs, src/domain) by\n\
         // tests/integration/bindings.rs. Do not edit: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p konsultasi --test integration bindings`.\n\n{}",
        declarations.join("\n")
    )
}

/// Writes `generated` to `path` under `UPDATE_BINDINGS`, else fails when the file differs.
fn check_generated(path: &str, generated: &str) {
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, generated).expect("write generated TypeScript");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is stale: run `UPDATE_BINDINGS=1 cargo test -p konsultasi --test integration bindings` and commit the result"
    );
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let _turn = common::run_beside_others();
    check_generated(BINDINGS, &generate());
}

#[test]
fn typescript_operations_client_is_up_to_date() {
    let _turn = common::run_beside_others();
    check_generated(OPERATIONS, &operations::typescript_client());
}

/// The core's role matrix as the UI's test double reads it, so that it never spells the
/// matrix itself.
#[test]
fn the_role_matrix_for_the_ui_test_double_is_up_to_date() {
    let _turn = common::run_beside_others();
    let matrix: serde_json::Map<String, serde_json::Value> = Role::ALL
        .iter()
        .map(|role| {
            (
                role.as_str().to_owned(),
                serde_json::to_value(Permissions::of(*role)).expect("permissions"),
            )
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&matrix).expect("json");
    text.push('\n');
    check_generated(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/ui/src/tests/fixtures/roles.json"
        ),
        &text,
    );
}
