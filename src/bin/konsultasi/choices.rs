//! The domain's closed sets as command-line values, read from the domain enums themselves (their
//! `ALL` and `as_str`), so a value added there is offered here with no second list to keep.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, Command};

/// A clap value parser over a closed set: each value with the word that names it. `--help`
/// lists the words; a wrong word is refused by clap's own parser, with the list and the nearest
/// word.
#[derive(Clone)]
pub struct Choices<T> {
    values: Vec<(PossibleValue, T)>,
}

impl<T> Choices<T> {
    pub fn new(values: impl IntoIterator<Item = (PossibleValue, T)>) -> Self {
        Choices {
            values: values.into_iter().collect(),
        }
    }
}

/// Every value of a domain enum, spelled as stored and in JSON (`checked_in`).
pub fn stored<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Choices<T> {
    Choices::new(
        all.iter()
            .map(|&value| (PossibleValue::new(as_str(value)), value)),
    )
}

/// Every value of a domain enum with its words joined by hyphens (`attendance-sheet`), for the
/// sets the command line has always spelled so.
pub fn hyphenated<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Choices<T> {
    Choices::new(
        all.iter()
            .map(|&value| (PossibleValue::new(as_str(value).replace('_', "-")), value)),
    )
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let words = self.values.iter().map(|(word, _)| word.clone());
        let word = PossibleValuesParser::new(words).parse_ref(cmd, arg, value)?;
        let ignore_case = arg.is_some_and(Arg::is_ignore_case_set);
        self.values
            .iter()
            .find(|(name, _)| name.matches(&word, ignore_case))
            .map(|(_, value)| value.clone())
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|(word, _)| word.clone())))
    }
}
