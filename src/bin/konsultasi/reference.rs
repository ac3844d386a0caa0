//! Reference data: the official regions, the Pemda and DPRD that ask, and the topics with the
//! unit each goes to.

use clap::Subcommand;

use konsultasi::api::TopicRouting;
use konsultasi::error::Result;
use konsultasi::service::{self, settings};
use konsultasi::time::system_now;

use crate::Session;
use crate::io::print_json;

#[derive(Subcommand)]
pub enum RegionsCommand {
    /// Find regions by name ("kab bogor", "Muko-Muko", "prov kalbar").
    Search {
        text: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Subcommand)]
pub enum RequestersCommand {
    /// Find Pemda and DPRD by name.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Subcommand)]
pub enum TopicsCommand {
    List,
    /// Send a topic's requests to another unit by default: `topics route DAU DTK`.
    Route {
        topic: String,
        unit: String,
    },
}

pub async fn regions(command: RegionsCommand, session: &Session) -> Result<()> {
    match command {
        RegionsCommand::Search { text, limit } => {
            let store = session.store().await?;
            print_json(&service::search_region_list(store, &text, limit))
        }
    }
}

pub async fn requesters(command: RequestersCommand, session: &Session) -> Result<()> {
    match command {
        RequestersCommand::Search { text, limit } => {
            let store = session.store().await?;
            print_json(&service::search_requesters(store, &text, limit))
        }
    }
}

pub async fn topics(command: TopicsCommand, session: &Session) -> Result<()> {
    match command {
        TopicsCommand::List => {
            let store = session.store().await?;
            print_json(&service::list_topics(store))
        }
        TopicsCommand::Route { topic, unit } => {
            let input = TopicRouting {
                topic_code: topic,
                unit_code: unit,
            };
            let (store, actor) = session.acting().await?;
            print_json(&settings::route_topic(store, &actor, &input, system_now()).await?)
        }
    }
}
