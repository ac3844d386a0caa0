//! Measures the app as a user meets it: cold start to the first painted screen (the profile
//! chooser that opens the app), and the
//! resident memory of all its processes after 5 s idle.
//!
//! Run under an X display, after building the app:
//! `xvfb-run -a -s "-screen 0 1280x800x24" cargo run -p konsultasi-e2e --bin measure-startup -- [RUNS]`
//!
//! Start-up is timed from the WebDriver "new session" request, which launches the app, to two
//! animation frames after the first screen exists; the request list after choosing a profile
//! is timed too. Memory sums VmRSS and PSS (from
//! /proc/PID/smaps_rollup) over the app's process and every WebKit process it spawned.

use std::time::{Duration, Instant};

use konsultasi_e2e::{Desk, Profile, Result};

/// The app's process and its descendants (WebKitWebProcess, WebKitNetworkProcess).
fn app_processes() -> Vec<(u32, String)> {
    let mut all: Vec<(u32, u32, String)> = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Format: pid (comm) state ppid …; comm may contain spaces, so split at the last ')'.
        let Some((head, tail)) = stat.rsplit_once(')') else {
            continue;
        };
        let name = head
            .split_once('(')
            .map(|(_, n)| n.to_owned())
            .unwrap_or_default();
        let parent = tail
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0);
        all.push((pid, parent, name));
    }
    let mut family: Vec<(u32, String)> = all
        .iter()
        .filter(|(_, _, name)| name.starts_with("konsultasi-djp"))
        .map(|(pid, _, name)| (*pid, name.clone()))
        .collect();
    let mut index = 0;
    while index < family.len() {
        let parent = family[index].0;
        for (pid, ppid, name) in &all {
            if *ppid == parent && !family.iter().any(|(p, _)| p == pid) {
                family.push((*pid, name.clone()));
            }
        }
        index += 1;
    }
    family
}

fn kib(path: &str, key: &str) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(key))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|value| value.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() -> Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let mut starts = Vec::new();
    for run in 0..runs {
        let profile = Profile::new();
        let started = Instant::now();
        let desk = Desk::start(&profile).await?;
        desk.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let elapsed = started.elapsed();
        starts.push(elapsed);
        let chosen = Instant::now();
        // A fresh desk's team leader meets the set-up wizard first; it is left for now.
        desk.enter(konsultasi_e2e::TEST_USER, "team_leader").await?;
        println!(
            "run {}: first painted screen after {:.0} ms; request list {:.0} ms after choosing a profile",
            run + 1,
            elapsed.as_secs_f64() * 1000.0,
            chosen.elapsed().as_secs_f64() * 1000.0
        );

        if run == runs - 1 {
            tokio::time::sleep(Duration::from_secs(5)).await;
            let (mut rss, mut pss) = (0, 0);
            for (pid, name) in app_processes() {
                let process_rss = kib(&format!("/proc/{pid}/status"), "VmRSS:");
                let process_pss = kib(&format!("/proc/{pid}/smaps_rollup"), "Pss:");
                println!(
                    "  {name:<24} pid {pid:>7}: RSS {:>6.1} MB, PSS {:>6.1} MB",
                    process_rss as f64 / 1024.0,
                    process_pss as f64 / 1024.0
                );
                rss += process_rss;
                pss += process_pss;
            }
            println!(
                "after 5 s idle, all app processes: RSS {:.1} MB, PSS {:.1} MB",
                rss as f64 / 1024.0,
                pss as f64 / 1024.0
            );
        }
        desk.quit().await?;
    }
    starts.sort();
    let median = starts[starts.len() / 2];
    println!(
        "cold start to first painted screen over {runs} runs: median {:.0} ms, min {:.0} ms, max {:.0} ms",
        median.as_secs_f64() * 1000.0,
        starts[0].as_secs_f64() * 1000.0,
        starts[starts.len() - 1].as_secs_f64() * 1000.0
    );
    Ok(())
}
