//! What the CLI reads and prints: input files or standard input, JSON and files on standard
//! output, exports written to `--out`, one-line messages on standard error.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use konsultasi::error::{Error, Result};
use konsultasi::files;
use konsultasi::service::export::ExportedFile;

/// The text of FILE, or of stdin when FILE is omitted or "-"; capped in size either way.
pub fn read_text(file: Option<&Path>, field: &str) -> Result<String> {
    match file {
        Some(path) if path != Path::new("-") => files::read_text_capped(path, field),
        _ => {
            let bytes = files::read_limited(
                std::io::stdin().lock(),
                field,
                "Masukan standar",
                files::MAX_TEXT_BYTES,
            )?;
            files::text_of(bytes, field, "Masukan standar")
        }
    }
}

/// The last part of a path, as the file is named to the user.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn overwrite(force: bool) -> files::Overwrite {
    if force {
        files::Overwrite::Allow
    } else {
        files::Overwrite::Refuse
    }
}

/// Writes an exported file to `out` (refusing what `files::write_export` refuses, `database`
/// first of all), or its bytes to standard output. Warnings about its content go to standard
/// error.
pub fn deliver(
    file: &ExportedFile,
    out: Option<&Path>,
    force: bool,
    database: Option<&Path>,
) -> Result<()> {
    for warning in &file.warnings {
        report(&format!("peringatan: {warning}"));
    }
    match out {
        Some(out) => {
            files::write_export(out, &file.bytes, database, overwrite(force), "out")?;
            print_json(&serde_json::json!({
                "file": out.display().to_string(),
                "bytes": file.bytes.len(),
                "warnings": file.warnings,
            }))
        }
        None => write_stdout(&file.bytes),
    }
}

/// One line to standard error. A closed or broken stderr (`2>&-`) loses the line but must not
/// turn a refusal into a panic (`eprintln!` panics there), so the exit code still says what
/// happened.
pub fn report(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Writes to standard output. A reader that went away (`| head`) is not a failure: the command
/// ends as if all was read, so the store is still closed and the exit code is 0.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Internal(format!("keluaran gagal ditulis: {e}"))),
    }
}

pub fn print_json(value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("keluaran JSON gagal dibuat: {e}")))?;
    text.push('\n');
    write_stdout(text.as_bytes())
}

/// One compact JSON line, for a program reading the output line by line.
pub fn print_line(value: &impl Serialize) -> Result<()> {
    let mut text = serde_json::to_string(value)
        .map_err(|e| Error::Internal(format!("keluaran JSON gagal dibuat: {e}")))?;
    text.push('\n');
    write_stdout(text.as_bytes())
}
