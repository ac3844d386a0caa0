//! Seeding shared by the window tests: data goes in through the core's own services, as the
//! window would put it there.
#![allow(dead_code)]

use konsultasi::api::{
    ContactInput, LetterInput, PreferredSlotInput, RequestInput, RequesterInput, UserInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::service::workflow::{self, Actor};
use konsultasi::time::system_now;
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Result, testid};

/// Creates the user profile `name` with `role` and returns it as the actor of later changes.
/// The desk's first profile makes itself (it must be its team leader); later ones are made by
/// the team leader, as the settings screen would.
pub async fn user(store: &konsultasi::Store, name: &str, role: Role) -> Result<Actor> {
    let input = UserInput {
        name: name.into(),
        role: Some(role),
    };
    let leader = workflow::list_users(store)
        .await?
        .into_iter()
        .find(|u| u.active && u.role == Role::TeamLeader);
    let maker = match leader {
        Some(profile) => Some(workflow::actor(store, &profile.id.to_string()).await?),
        None => None,
    };
    workflow::create_user(store, maker.as_ref(), &input, system_now()).await?;
    Ok(workflow::actor(store, name).await?)
}

/// A complete tatap muka request of Kabupaten Mukomuko about DAU, with its letter, for
/// 1 March 2027 09:00 WIB and three guests planned (none named).
pub fn mukomuko_in_person() -> RequestInput {
    RequestInput {
        channel: Some(Channel::InPerson),
        requester: RequesterInput {
            kind: Some(RequesterKind::RegionalGovernment),
            region_code: Some("17.06".into()),
            name: None,
        },
        contact: ContactInput {
            name: "Rina Marlina".into(),
            whatsapp: "081234567890".into(),
            email: None,
        },
        topics: vec!["DAU".into()],
        description: "Konsultasi penyaluran DAU.".into(),
        preferred_slots: vec![PreferredSlotInput {
            date: "2027-03-01".into(),
            time: "09:00".into(),
        }],
        planned_guest_count: 3,
        guests: vec![],
        letter: Some(LetterInput {
            number: "900/412/BPKAD/2026".into(),
            date: "2026-11-20".into(),
            subject: "Permohonan konsultasi".into(),
            addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
            signer: "Sekretaris Daerah".into(),
            scan: None,
        }),
        received_on: None,
    }
}

/// Opens a new request and fills it with a valid video-conference request from Kabupaten
/// Mukomuko, preferring `date` (`YYYY-MM-DD`) at 09.00.
pub async fn fill_video_request(desk: &Desk, date: &str, whatsapp: &str) -> Result<()> {
    desk.click("new-request").await?;
    desk.by_testid("request-form").await?;
    desk.click("channel-video_conference").await?;
    desk.select("requester-kind", "regional_government").await?;
    desk.type_into("requester-search", "muko").await?;
    desk.wait(&format!(
        "{}[data-code=\"17.06\"]",
        testid("requester-option")
    ))
    .await?
    .click()
    .await?;
    desk.type_into("contact-name", "Rina Marlina").await?;
    desk.type_into("contact-whatsapp", whatsapp).await?;
    desk.click("topic-DAU").await?;
    desk.type_into(
        "description",
        "Konsultasi penyaluran DAU bidang pendidikan.",
    )
    .await?;
    desk.set_value("slot-date-0", date).await?;
    desk.set_value("slot-time-0", "09:00").await?;
    desk.type_into("planned-guest-count", "2").await?;
    Ok(())
}
