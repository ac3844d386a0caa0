//! Every operation of the desk, declared once: its wire name, its arguments, its answer, whether
//! it acts as the signed-in user and who may call it.
//!
//! The one table below generates the rest: [`OPERATIONS`] (what a face or the team server may
//! list and check), the [`Operations`] trait that the services implement with one method per
//! operation (so a declared operation without an implementation, or with another signature,
//! does not compile), [`dispatch`] (JSON in, JSON out, for any face), and the window's typed
//! client ([`typescript_client`], written to `ui/src/lib/api/operations.ts` by
//! `tests/integration/bindings.rs`).
//!
//! On the wire an operation is its name and one JSON object of named arguments, keyed in
//! camelCase as the window has always sent them (`checkInId` for `check_in_id`). Arguments are
//! read in declared order, each on its own, so the first bad one is the one reported; an absent
//! argument reads as `null`; a key the operation does not take is refused after them.
//!
//! The metadata after each signature, in this order:
//! - `as: actor` — acts as the signed-in user, refused without one; `as: maybe_actor` — takes
//!   the signed-in user when there is one; absent — changes nothing in anyone's name.
//! - `only: Secretariat("…")` — only the secretariat; anyone else is refused before the service
//!   runs, in the words the service itself uses ("Hanya sekretariat yang dapat …"), which it
//!   also keeps checking for the faces that call it directly.
//!   `only: workflow(Role, …)` — only these roles, but the workflow decides after the request's
//!   status (a status refusal comes first), so the service refuses. Absent — any role; where a
//!   rule depends on the data (scheduling in person needs the secretariat, video does not) the
//!   widest is declared and the service keeps its check.
//! - `window: hidden` — the window's typed client does not offer it (no screen uses it; the
//!   CLI does). The window may still call it by name.

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use ts_rs::TS;

use konsultasi_core::history::report::MonthlyReport;
use konsultasi_core::policy::rules::Finding;
use konsultasi_core::workflow::{Actor, Capability, Role};

use crate::*;

/// Whether an operation acts as the signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acting {
    /// It changes nothing in anyone's name.
    Nobody,
    /// It needs the signed-in user; without one it is refused.
    Actor,
    /// It takes the signed-in user when there is one (the desk's first profile has none).
    MaybeActor,
}

/// Who may call an operation, by the capability of the core's role matrix it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Every role (reading the desk).
    Anyone,
    /// Roles holding `capability`; any other is refused before the service runs. `refusal`
    /// completes "Hanya … yang dapat …", as [`Capability::refusal`] words it.
    Capability {
        capability: Capability,
        refusal: &'static str,
    },
    /// Roles holding `capability`, as the workflow decides with the request's status (a status
    /// refusal comes first): the service refuses.
    Workflow { capability: Capability },
}

impl Access {
    /// What the operation needs of the role.
    pub fn capability(&self) -> Capability {
        match self {
            Access::Anyone => Capability::ReadDesk,
            Access::Capability { capability, .. } | Access::Workflow { capability } => *capability,
        }
    }

    /// The roles that may call the operation at all.
    pub fn roles(&self) -> Vec<Role> {
        Role::holding(self.capability())
    }

    /// Whether `role` may call the operation at all.
    pub fn allows(&self, role: Role) -> bool {
        role.may(self.capability())
    }

    /// Whether the table itself refuses `role`, before any service runs.
    pub fn refuses_before_service(&self, role: Role) -> bool {
        matches!(self, Access::Capability { .. }) && !self.allows(role)
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationSpec {
    /// The wire name (`list_requests`).
    pub name: &'static str,
    /// The arguments in declared order, as the service names them (`check_in_id`); on the wire
    /// each is keyed by [`wire_key`].
    pub arguments: &'static [&'static str],
    pub acting: Acting,
    pub access: Access,
    /// Whether the window's typed client offers it.
    pub in_window: bool,
}

/// The row of the operation called `name`.
pub fn operation(name: &str) -> Option<&'static OperationSpec> {
    OPERATIONS.iter().find(|spec| spec.name == name)
}

/// The key an argument has in the JSON object the window sends: camelCase, as Tauri's own
/// commands took it.
pub fn wire_key(argument: &str) -> String {
    let mut key = String::with_capacity(argument.len());
    let mut upper = false;
    for c in argument.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            key.extend(c.to_uppercase());
            upper = false;
        } else {
            key.push(c);
        }
    }
    key
}

/// Takes one argument out of the object sent; an absent one reads as `null`.
fn take_argument(arguments: &mut Map<String, Value>, name: &str) -> Value {
    arguments.remove(&wire_key(name)).unwrap_or(Value::Null)
}

/// The metadata of one row, read from the tokens after its signature.
macro_rules! operation_meta {
    (@acting [as: actor $($rest:tt)*]) => { Acting::Actor };
    (@acting [as: maybe_actor $($rest:tt)*]) => { Acting::MaybeActor };
    (@acting [$($rest:tt)*]) => { Acting::Nobody };

    (@access [only: workflow($capability:ident) $($rest:tt)*]) => {
        Access::Workflow { capability: Capability::$capability }
    };
    (@access [only: $capability:ident($refusal:literal) $($rest:tt)*]) => {
        Access::Capability { capability: Capability::$capability, refusal: $refusal }
    };
    (@access [$skip:tt $($rest:tt)*]) => { operation_meta!(@access [$($rest)*]) };
    (@access []) => { Access::Anyone };

    (@window [window: hidden $($rest:tt)*]) => { false };
    (@window [$skip:tt $($rest:tt)*]) => { operation_meta!(@window [$($rest)*]) };
    (@window []) => { true };
}

/// The trait method of one row: the signed-in user comes first where the row acts as one.
macro_rules! operation_method {
    ([as: actor $($meta:tt)*] $(#[doc = $doc:literal])* $name:ident ($($arg:ident: $ty:ty),*) -> $out:ty) => {
        $(#[doc = $doc])*
        fn $name(&self, actor: &Actor, $($arg: $ty),*)
            -> impl Future<Output = Result<$out, Self::Error>> + Send;
    };
    ([as: maybe_actor $($meta:tt)*] $(#[doc = $doc:literal])* $name:ident ($($arg:ident: $ty:ty),*) -> $out:ty) => {
        $(#[doc = $doc])*
        fn $name(&self, actor: Option<&Actor>, $($arg: $ty),*)
            -> impl Future<Output = Result<$out, Self::Error>> + Send;
    };
    ([$($meta:tt)*] $(#[doc = $doc:literal])* $name:ident ($($arg:ident: $ty:ty),*) -> $out:ty) => {
        $(#[doc = $doc])*
        fn $name(&self, $($arg: $ty),*)
            -> impl Future<Output = Result<$out, Self::Error>> + Send;
    };
}

/// Calls the trait method of one row once its arguments are read: resolves the signed-in user
/// and applies the table's own role check first where the row asks for them.
macro_rules! operation_call {
    ([as: actor $($meta:tt)*] $ops:ident, $name:ident, ($($arg:ident),*)) => {{
        let Some(actor) = $ops.actor() else {
            return Err($ops.no_actor());
        };
        let access = operation_meta!(@access [$($meta)*]);
        if access.refuses_before_service(actor.role) {
            return Err($ops.refused(actor, &access));
        }
        $ops.$name(actor, $($arg),*).await
    }};
    ([as: maybe_actor $($meta:tt)*] $ops:ident, $name:ident, ($($arg:ident),*)) => {{
        let access = operation_meta!(@access [$($meta)*]);
        if let Some(actor) = $ops.actor() {
            if access.refuses_before_service(actor.role) {
                return Err($ops.refused(actor, &access));
            }
        }
        $ops.$name($ops.actor(), $($arg),*).await
    }};
    ([$($meta:tt)*] $ops:ident, $name:ident, ($($arg:ident),*)) => {
        $ops.$name($($arg),*).await
    };
}

macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ($($arg:ident: $ty:ty),* $(,)?) -> $out:ty { $($meta:tt)* }
    )*) => {
        /// The table, in declared order.
        pub const OPERATIONS: &[OperationSpec] = &[$(
            OperationSpec {
                name: stringify!($name),
                arguments: &[$(stringify!($arg)),*],
                acting: operation_meta!(@acting [$($meta)*]),
                access: operation_meta!(@access [$($meta)*]),
                in_window: operation_meta!(@window [$($meta)*]),
            },
        )*];

        /// What the services provide: one method per operation, with its arguments parsed and
        /// the signed-in user resolved, plus how a face words the refusals of [`dispatch`].
        pub trait Operations: Sync {
            type Error: Send;

            /// Reads one argument (`name` as declared; `value` is `null` when it was absent).
            fn argument<T: DeserializeOwned>(
                &self,
                name: &'static str,
                value: Value,
            ) -> Result<T, Self::Error>;
            /// A key of the arguments object that the operation does not take.
            fn unknown_argument(&self, key: &str) -> Self::Error;
            /// A name that is not in the table.
            fn unknown_operation(&self, name: &str) -> Self::Error;
            /// The signed-in user, if any.
            fn actor(&self) -> Option<&Actor>;
            /// The refusal of an operation that acts as the signed-in user when nobody is.
            fn no_actor(&self) -> Self::Error;
            /// The refusal of `actor` by the table's own role check.
            fn refused(&self, actor: &Actor, access: &Access) -> Self::Error;
            /// The answer as JSON.
            fn answer<T: Serialize>(&self, answer: T) -> Result<Value, Self::Error>;

            $(operation_method!([$($meta)*] $(#[doc = $doc])* $name ($($arg: $ty),*) -> $out);)*
        }

        /// Runs the operation `name` with the JSON object of its arguments and answers its JSON.
        pub async fn dispatch<O: Operations>(
            ops: &O,
            name: &str,
            arguments: Value,
        ) -> Result<Value, O::Error> {
            let mut arguments = match arguments {
                Value::Null => Map::new(),
                Value::Object(map) => map,
                other => ops.argument::<Map<String, Value>>("args", other)?,
            };
            match name {
                $(stringify!($name) => {
                    $(let $arg: $ty = ops.argument(
                        stringify!($arg),
                        take_argument(&mut arguments, stringify!($arg)),
                    )?;)*
                    if let Some(key) = arguments.keys().next() {
                        return Err(ops.unknown_argument(key));
                    }
                    ops.answer(operation_call!([$($meta)*] ops, $name, ($($arg),*))?)
                })*
                _ => Err(ops.unknown_operation(name)),
            }
        }

        /// The TypeScript of the window's typed client: an `Operations` interface with one
        /// method per operation the window is offered (camelCase, arguments in declared order)
        /// and `operations(call)`, which implements it over one `call(name, args)`.
        pub fn typescript_client() -> String {
            let config = ts_rs::Config::new().with_large_int("number");
            let rows = vec![$(
                ClientRow {
                    name: stringify!($name),
                    docs: &[$($doc),*],
                    arguments: vec![$((stringify!($arg), <$ty as TS>::name(&config))),*],
                    answer: <$out as TS>::name(&config),
                    access: operation_meta!(@access [$($meta)*]),
                    in_window: operation_meta!(@window [$($meta)*]),
                },
            )*];
            render_client(&rows)
        }
    };
}

operations! {
    // Requests.

    /// The requests a filter selects.
    list_requests(filter: RequestFilter) -> Vec<RequestSummary> {}
    get_request(id: i64) -> RequestDetail {}
    create_request(input: RequestInput) -> RequestDetail {
        as: actor, only: Register("mendaftarkan permohonan")
    }
    /// Replaces the fields of request `id` if it is still at `version`, the one the form loaded;
    /// a request changed since (by anyone, fields or status) is refused with `conflict`, whose
    /// message names who changed it and when.
    update_request(id: i64, version: i64, input: RequestInput) -> RequestDetail {
        as: actor, only: Register("mengubah permohonan")
    }
    /// Requesters matching `query`; `limit` defaults to 20 and is at most 200.
    search_requesters(query: String, limit: Option<usize>) -> Vec<RequesterOption> {}
    list_topics() -> Vec<Topic> {}

    // Rules and scheduling.

    /// The rules' findings for a form as it stands; `id` is null for a new request.
    check_request_input(id: Option<i64>, input: RequestInput) -> Vec<Finding> {}
    suggest_slots(id: i64, search: SlotSearch) -> SlotSuggestions {}
    /// Refusals come back as ApiError `policy`/`conflict` with `details.findings`. A tatap muka
    /// is the secretariat's to schedule, a video conference anyone's (the workflow decides).
    schedule_request(id: i64, input: ScheduleInput) -> RequestDetail {
        as: actor, only: workflow(Register)
    }
    /// Moves a Dijadwalkan/Dikonfirmasi request to a new slot; the Pemda confirms again.
    reschedule_request(id: i64, input: ScheduleInput) -> RequestDetail {
        as: actor, only: workflow(Register)
    }

    // Workflow. Every write is made in the name of the signed-in profile: without one the core
    // answers `validation` on the field `actor`. An illegal transition is refused with
    // `conflict`, a role that may not make it with `policy` (verify adds the letter findings).

    verify_request(id: i64) -> RequestDetail { as: actor, only: workflow(Secretariat) }
    confirm_request(id: i64, input: ConfirmInput) -> RequestDetail {
        as: actor, only: workflow(Register)
    }
    cancel_request(id: i64, input: ReasonInput) -> RequestDetail {
        as: actor, only: workflow(Register)
    }
    reject_request(id: i64, input: ReasonInput) -> RequestDetail {
        as: actor, only: workflow(Secretariat)
    }
    /// One request's history, oldest first.
    audit_trail(id: i64) -> Vec<AuditEntry> {}
    /// Entries whose action, actor, note or values contain `text`, newest first.
    search_audit(text: String) -> Vec<AuditEntry> {}

    // Profiles. Choosing one is the face's (the shell remembers it for the session; a team
    // server signs in), so it is not an operation.

    list_users() -> Vec<UserView> {}

    // Team accounts: the administrator's. Signing in, out and changing one's own password are
    // the team server's own endpoints, since they hold the session.

    list_accounts() -> Vec<AccountView> { as: actor, only: ManageAccounts("mengelola akun") }
    /// The account signs in with `input.password` once and must then set its own.
    create_account(input: AccountInput) -> AccountView {
        as: actor, only: ManageAccounts("mengelola akun")
    }
    /// A role change or a deactivation ends the account's sessions at once.
    update_account(id: i64, input: AccountUpdate) -> AccountView {
        as: actor, only: ManageAccounts("mengelola akun")
    }
    /// Sets a password the user must replace at the next sign-in; their sessions end.
    reset_password(id: i64, input: PasswordReset) -> AccountView {
        as: actor, only: ManageAccounts("mengelola akun")
    }
    /// Adds a profile: the desk's very first one without a selected profile (it must be a
    /// secretariat), every later one only by a selected secretariat (else `policy`).
    create_user(input: UserInput) -> UserView {
        as: maybe_actor, only: ManageProfiles("menambah profil pengguna")
    }

    // Settings. Every change is the secretariat's and written to the audit log.

    policy_overview() -> PolicyOverview {}
    set_policy(input: PolicyInput) -> PolicyVersionView {
        as: actor, only: Lead("mengubah kebijakan layanan")
    }
    list_holidays(year: Option<i32>) -> Vec<HolidayView> {}
    /// Returns the holidays of the added one's year.
    add_holiday(input: HolidayInput) -> Vec<HolidayView> {
        as: actor, only: Secretariat("mengubah hari libur")
    }
    delete_holiday(id: i64) -> () { as: actor, only: Secretariat("mengubah hari libur") }
    /// `content` is the text of an .ics file, read by the UI (the window has no file access).
    import_holidays_ics(content: String) -> HolidayImport {
        as: actor, only: Secretariat("mengubah hari libur")
    }
    list_session_overrides() -> Vec<SessionOverrideView> {}
    add_session_override(input: SessionOverrideInput) -> Vec<SessionOverrideView> {
        as: actor, only: Secretariat("mengubah jam layanan khusus")
    }
    delete_session_override(id: i64) -> () {
        as: actor, only: Secretariat("mengubah jam layanan khusus")
    }
    list_rooms() -> Vec<RoomView> {}
    /// Adds or changes a room (by code); answers every room.
    save_room(input: RoomInput) -> Vec<RoomView> {
        as: actor, only: Secretariat("mengubah daftar ruang")
    }
    list_units() -> Vec<UnitView> {}
    /// Adds a unit or renames one (by its code); answers every unit.
    save_unit(input: UnitInput) -> Vec<UnitView> {
        as: actor, only: Secretariat("mengubah daftar unit"), window: hidden
    }
    /// Changes the unit a topic routes to by default; answers every topic.
    route_topic(input: TopicRouting) -> Vec<Topic> {
        as: actor, only: Secretariat("mengubah unit tujuan topik"), window: hidden
    }
    /// DJPK's resource persons of every unit, active or not.
    list_resource_persons() -> Vec<ResourcePersonView> {}
    /// Adds or changes one; answers the whole list.
    save_resource_person(input: ResourcePersonInput) -> Vec<ResourcePersonView> {
        as: actor, only: Secretariat("mengubah daftar narasumber")
    }
    /// Bookings between two WIB dates (inclusive, at most 400 days apart).
    calendar(filter: CalendarFilter) -> Vec<CalendarEntry> {}
    /// The start screen of the day: today's and this week's bookings, the queues, broken
    /// bookings.
    dashboard() -> Dashboard {}

    // Exports. Saving one to a file the user chose is the face's (the shell's save dialog).

    /// The confirmation text for WhatsApp, with its *bold* markup.
    whatsapp_message(id: i64) -> String {}
    export_settings() -> ExportSettings {}
    save_export_settings(input: ExportSettings) -> ExportSettings {
        as: actor, only: Secretariat("mengubah pengaturan surat dan undangan")
    }
    // Invitations by e-mail. Bookings and cancellations queue them in their own write; a
    // worker of the desk (or of the team server) sends them.

    mail_settings() -> MailSettingsView {}
    save_mail_settings(input: MailSettingsInput) -> MailSettingsView {
        as: actor, only: Secretariat("mengubah pengaturan surel")
    }
    /// Sends one message now, past the outbox, and answers what the server said.
    send_test_mail(input: MailTestInput) -> MailTestResult {
        as: actor, only: Secretariat("mengirim surel uji")
    }
    /// Every message of a request, to each recipient, oldest first.
    mail_of_request(id: i64) -> Vec<MailDeliveryView> {}
    /// Queues a failed or uncertain message again.
    resend_mail(id: i64) -> MailDeliveryView {
        as: actor, only: Secretariat("mengirim ulang surel")
    }
    /// What the desk still has to set: placeholders that letters and invites would print (they
    /// are refused with `policy` meanwhile), an active room; and whether the database is
    /// read-only.
    setup_status() -> SetupStatus {}

    // The day of the visit. Check-in records who came and the violations that follow by
    // themselves; it is refused (`conflict`) on any day but the booking's.

    /// Delegations of one WIB day (`YYYY-MM-DD`): booked ones by start, then walk-ins.
    arrivals(date: String) -> ArrivalsDay {}
    check_in(id: i64, input: CheckInInput) -> RequestDetail {
        as: actor, only: Secretariat("mencatat kedatangan")
    }
    /// A delegation without booking: registered as a tatap muka request and checked in at once.
    walk_in(input: WalkInInput) -> RequestDetail {
        as: actor, only: Secretariat("mencatat kedatangan")
    }
    complete_request(id: i64) -> RequestDetail {
        as: actor, only: Secretariat("menyelesaikan konsultasi")
    }
    /// Refused (`conflict`) until the slot has ended.
    mark_no_show(id: i64) -> RequestDetail {
        as: actor, only: Secretariat("mencatat ketidakhadiran")
    }
    check_in_of(id: i64) -> Option<CheckInView> {}
    /// What `checkIn` would record now and the violations it would write; refused as it would
    /// be.
    check_in_preview(id: i64, input: CheckInInput) -> CheckInPreview {
        as: actor, only: Secretariat("mencatat kedatangan")
    }
    walk_in_preview(input: WalkInInput) -> CheckInPreview {}
    /// The secretariat voids a check-in with a reason: its violations leave every report and
    /// the request returns to where it stood, to be checked in again.
    void_check_in(check_in_id: i64, input: VoidCheckInInput) -> RequestDetail {
        as: actor, only: Secretariat("membatalkan kedatangan")
    }
    /// Every check-in of a request, voided ones included, newest first.
    check_ins_of(id: i64) -> Vec<CheckInView> {}
    /// The video conferences of one WIB day and who joined them (not desk arrivals).
    video_attendance(date: String) -> ArrivalsDay {}
    /// A Pemda's (and its DPRD's) requests, visits and violations, by region code.
    compliance_history(region_code: String) -> ComplianceHistory {}

    // History and the monthly report.

    /// The report of `month` (`YYYY-MM`); save it with `saveExport({ kind: "monthly_report" … })`.
    monthly_report(month: String) -> MonthlyReport {
        as: actor, only: Lead("melihat laporan bulanan")
    }
    /// Imports the desk's earlier records (CSV: saluran, tanggal, pengguna_layanan, topik): every
    /// row, or none — then `validation` with one field `rows[LINE]` per row it could not match.
    import_history(file_name: String, content: String) -> ImportSummary {
        as: actor, only: Lead("mengimpor catatan terdahulu")
    }
}

/// One operation as the TypeScript client needs it.
struct ClientRow {
    name: &'static str,
    docs: &'static [&'static str],
    /// Name and TypeScript type of each argument.
    arguments: Vec<(&'static str, String)>,
    answer: String,
    access: Access,
    in_window: bool,
}

/// `Array<T>` as `T[]` where `T` is a plain name, as hand-written TypeScript spells it.
fn typescript_type(name: &str) -> String {
    match name
        .strip_prefix("Array<")
        .and_then(|n| n.strip_suffix('>'))
    {
        Some(item) if item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            format!("{item}[]")
        }
        _ => name.to_owned(),
    }
}

/// The declared names a TypeScript type refers to (`RequestSummary` in `RequestSummary[]`).
fn referenced_names(typescript: &str, into: &mut std::collections::BTreeSet<String>) {
    for word in typescript.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && word != "Array" {
            into.insert(word.to_owned());
        }
    }
}

fn jsdoc(lines: &[String], indent: &str) -> String {
    match lines {
        [] => String::new(),
        [only] => format!("{indent}/** {only} */\n"),
        _ => {
            let mut out = format!("{indent}/**\n");
            for line in lines {
                if line.is_empty() {
                    out.push_str(&format!("{indent} *\n"));
                } else {
                    out.push_str(&format!("{indent} * {line}\n"));
                }
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

fn render_client(rows: &[ClientRow]) -> String {
    let offered: Vec<&ClientRow> = rows.iter().filter(|row| row.in_window).collect();
    let mut names = std::collections::BTreeSet::new();
    let mut interface = String::new();
    let mut client = String::new();
    for row in &offered {
        let method = wire_key(row.name);
        let answer = match row.answer.as_str() {
            "null" => "void".to_owned(),
            other => typescript_type(other),
        };
        referenced_names(&answer, &mut names);
        let parameters: Vec<String> = row
            .arguments
            .iter()
            .map(|(name, ty)| {
                let ty = typescript_type(ty);
                referenced_names(&ty, &mut names);
                format!("{}: {ty}", wire_key(name))
            })
            .collect();
        let keys: Vec<String> = row
            .arguments
            .iter()
            .map(|(name, _)| wire_key(name))
            .collect();
        let mut docs: Vec<String> = row.docs.iter().map(|line| line.trim().to_owned()).collect();
        if row.access != Access::Anyone {
            let roles: Vec<&str> = row
                .access
                .roles()
                .into_iter()
                .map(|role| role.as_str())
                .collect();
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(format!(
                "Only for: {}; any other role is refused with `policy`.",
                roles.join(", ")
            ));
        }
        interface.push_str(&jsdoc(&docs, "  "));
        interface.push_str(&format!(
            "  {method}({}): Promise<{answer}>;\n",
            parameters.join(", ")
        ));
        let sent = if keys.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{ {} }}", keys.join(", "))
        };
        client.push_str(&format!(
            "    {method}: ({}) => call(\"{}\", {sent}),\n",
            keys.join(", "),
            row.name
        ));
    }
    let imports: Vec<String> = names.into_iter().collect();
    format!(
        "// Generated from the operation table (crates/contract/src/operations.rs) by\n\
         // tests/integration/bindings.rs. Do not edit: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p konsultasi --test integration bindings`.\n\
         \n\
         import type {{\n  {}\n}} from \"./types\";\n\
         \n\
         /** Sends one operation of the table, by name, with the object of its named arguments. */\n\
         export type Call = <T>(operation: string, args: Record<string, unknown>) => Promise<T>;\n\
         \n\
         /** The operations of the table that the window offers, each as the core declares it. */\n\
         export interface Operations {{\n{interface}}}\n\
         \n\
         /** The typed client of the table over one `call`. */\n\
         export function operations(call: Call): Operations {{\n  return {{\n{client}  }};\n}}\n",
        imports.join(",\n  ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_arguments_are_distinct() {
        let mut names: Vec<&str> = OPERATIONS.iter().map(|spec| spec.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OPERATIONS.len());
        for spec in OPERATIONS {
            let mut keys: Vec<String> = spec.arguments.iter().map(|a| wire_key(a)).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), spec.arguments.len(), "{}", spec.name);
        }
    }

    #[test]
    fn a_role_rule_needs_the_signed_in_user() {
        for spec in OPERATIONS {
            if spec.access != Access::Anyone {
                assert_ne!(spec.acting, Acting::Nobody, "{}", spec.name);
            }
        }
    }

    #[test]
    fn the_table_says_who_may_call() {
        let set_policy = operation("set_policy").expect("declared");
        assert_eq!(set_policy.access.roles(), [Role::TeamLeader]);
        assert!(set_policy.access.refuses_before_service(Role::Secretariat));
        assert!(!set_policy.access.refuses_before_service(Role::TeamLeader));
        // The workflow refuses a verify after the request's status, not the table.
        let verify = operation("verify_request").expect("declared");
        assert_eq!(verify.access.roles(), [Role::Secretariat, Role::TeamLeader]);
        assert!(!verify.access.refuses_before_service(Role::Agent));
        let create_user = operation("create_user").expect("declared");
        assert_eq!(create_user.acting, Acting::MaybeActor);
        assert_eq!(create_user.access.roles(), [Role::TeamLeader, Role::Admin]);
        let accounts = operation("create_account").expect("declared");
        assert_eq!(accounts.access.roles(), [Role::Admin]);
        let list = operation("list_requests").expect("declared");
        assert_eq!(list.access.roles(), Role::ALL);
        assert!(!operation("route_topic").expect("declared").in_window);
        assert!(operation("select_user").is_none(), "a face's own command");
    }

    #[test]
    fn wire_keys_are_camel_case() {
        assert_eq!(wire_key("check_in_id"), "checkInId");
        assert_eq!(wire_key("id"), "id");
    }

    #[test]
    fn the_client_spells_types_as_the_window_does() {
        let client = typescript_client();
        assert!(
            client.contains("  listRequests(filter: RequestFilter): Promise<RequestSummary[]>;\n")
        );
        assert!(client.contains(
            "    voidCheckIn: (checkInId, input) => call(\"void_check_in\", { checkInId, input }),\n"
        ));
        assert!(client.contains("  deleteHoliday(id: number): Promise<void>;\n"));
        assert!(client.contains("    listTopics: () => call(\"list_topics\", {}),\n"));
        assert!(!client.contains("saveUnit"));
    }
}
