//! The policy engine's services under the path callers have always used; they live by use
//! case in [`super::scheduling`], [`super::settings`] and [`super::calendar`].

pub use super::calendar::*;
pub use super::scheduling::*;
pub use super::settings::*;
