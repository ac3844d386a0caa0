//! Finding slots, booking and moving them, and what the bookings look like: the calendar and the
//! dashboard.

use clap::Args;

use konsultasi::api::{CalendarFilter, ScheduleInput, SlotSearch};
use konsultasi::domain::Channel;
use konsultasi::error::Result;
use konsultasi::service::calendar;
use konsultasi::service::scheduling;
use konsultasi::time::system_now;

use crate::Session;
use crate::choices;
use crate::io::print_json;

/// A slot as staff give it on the command line.
#[derive(Args)]
pub struct SlotArgs {
    /// YYYY-MM-DD (WIB)
    #[arg(long)]
    date: String,
    /// HH:MM (WIB)
    #[arg(long)]
    time: String,
    #[arg(long)]
    duration: Option<u32>,
    /// Room code, required for a tatap muka.
    #[arg(long)]
    room: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    /// MS Teams link of a video conference.
    #[arg(long)]
    url: Option<String>,
    /// Id of a resource person of the unit (repeat for several; see `resource-persons list`).
    /// Left out on a reschedule, the booking keeps its resource persons.
    #[arg(long = "person")]
    persons: Vec<i64>,
}

impl From<SlotArgs> for ScheduleInput {
    fn from(slot: SlotArgs) -> Self {
        ScheduleInput {
            date: slot.date,
            time: slot.time,
            duration_minutes: slot.duration,
            room_code: slot.room,
            unit_code: slot.unit,
            meeting_url: slot.url,
            resource_person_ids: (!slot.persons.is_empty()).then_some(slot.persons),
        }
    }
}

#[derive(Args)]
pub struct SlotsArgs {
    id: i64,
    /// First day to consider (YYYY-MM-DD; default tomorrow).
    #[arg(long)]
    from: Option<String>,
    /// Last day to consider (YYYY-MM-DD; default 90 days after --from).
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    count: Option<u32>,
    /// Unit code of the resource persons (default: routing of the first topic).
    #[arg(long)]
    unit: Option<String>,
    #[arg(long)]
    duration: Option<u32>,
    /// Resource persons (ids) who will lead it: 3,5. Default: the unit as a whole.
    #[arg(long = "resource-persons", value_delimiter = ',')]
    resource_persons: Vec<i64>,
}

/// The bookings of a period, as `calendar` and `export calendar` select them.
#[derive(Args)]
pub struct CalendarArgs {
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    #[arg(long)]
    room: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    #[arg(long, value_parser = choices::stored(Channel::ALL, Channel::as_str))]
    channel: Option<Channel>,
}

impl From<CalendarArgs> for CalendarFilter {
    fn from(args: CalendarArgs) -> Self {
        CalendarFilter {
            from: args.from,
            to: args.to,
            room_code: args.room,
            unit_code: args.unit,
            channel: args.channel,
        }
    }
}

pub async fn slots(args: SlotsArgs, session: &Session) -> Result<()> {
    let search = SlotSearch {
        from: args.from,
        to: args.to,
        count: args.count,
        unit_code: args.unit,
        duration_minutes: args.duration,
        resource_person_ids: args.resource_persons,
    };
    let store = session.store().await?;
    print_json(&scheduling::suggest_slots(store, args.id, &search, system_now()).await?)
}

pub async fn schedule(session: &Session, id: i64, slot: SlotArgs) -> Result<()> {
    let input = ScheduleInput::from(slot);
    let (store, actor) = session.acting().await?;
    print_json(&scheduling::schedule_request(store, &actor, id, &input, system_now()).await?)
}

pub async fn reschedule(session: &Session, id: i64, slot: SlotArgs) -> Result<()> {
    let input = ScheduleInput::from(slot);
    let (store, actor) = session.acting().await?;
    print_json(&scheduling::reschedule_request(store, &actor, id, &input, system_now()).await?)
}

pub async fn calendar(args: CalendarArgs, session: &Session) -> Result<()> {
    let filter = CalendarFilter::from(args);
    let store = session.store().await?;
    print_json(&calendar::calendar(store, &filter).await?)
}

pub async fn dashboard(session: &Session) -> Result<()> {
    let store = session.store().await?;
    print_json(&calendar::dashboard(store, system_now()).await?)
}
