//! The floors' invariants that the compiler cannot see by itself: no module of any crate depends
//! on a sibling that depends back on it (directly or round a longer loop), and each floor's
//! manifest names only the floors below it.
//!
//! Dependencies are read from the source: every `crate::a::…` and `super::a::…` path, including
//! the names inside `use crate::{a, b::c}` groups. Two modules are compared at the level where
//! their paths part, so `service::scheduling` using `service::transitions::x` is an edge scheduling →
//! transitions under `service`, wherever in their files the paths appear (unit-test modules aside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModulePath = Vec<String>;

use crate::common;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `export/pdf/layout.rs` → `export::pdf::layout`; `mod.rs`, `lib.rs` and `main.rs` name their
/// folder.
fn module_of(root: &Path, file: &Path) -> ModulePath {
    let relative = file.strip_prefix(root).expect("file under its root");
    let mut parts: ModulePath = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn without_line_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The file without its unit-test module (by convention the last item): a test may set up its
/// data through a sibling service, which is no dependency of the product.
fn without_unit_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..at],
        None => text,
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The top-level names of a `{a, b::c, d::{e}}` group starting at `text[0] == '{'`.
fn group_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    heads.push(std::mem::take(&mut current));
                    break;
                }
            }
            ',' if depth == 1 => {
                heads.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    heads
        .into_iter()
        .filter_map(|head| {
            let name: String = head.trim().chars().take_while(|c| is_ident(*c)).collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// Every path a file names through `crate::` or `super::`, made absolute.
fn paths_named(module: &ModulePath, text: &str) -> Vec<ModulePath> {
    let text = without_line_comments(text);
    let mut found = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != ':';
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        if !starts_word || !(rest.starts_with("crate::") || rest.starts_with("super::")) {
            i += 1;
            continue;
        }
        // The module the path is relative to: the crate root, or a parent of this file's
        // module (a `mod.rs` stands for its folder, so its `super` is the folder's parent).
        let mut base: ModulePath;
        let mut j = i;
        if rest.starts_with("crate::") {
            base = Vec::new();
            j += 7;
        } else {
            base = module.clone();
            while bytes[j..].iter().take(7).collect::<String>() == "super::" {
                base.pop();
                j += 7;
            }
        }
        let mut segments = base;
        loop {
            let name: String = bytes[j..].iter().take_while(|c| is_ident(**c)).collect();
            if !name.is_empty() {
                j += name.chars().count();
                segments.push(name);
                if bytes[j..].iter().take(2).collect::<String>() == "::" {
                    j += 2;
                    continue;
                }
                found.push(segments);
                break;
            }
            if bytes.get(j) == Some(&'{') {
                let group: String = bytes[j..].iter().collect();
                for head in group_heads(&group) {
                    let mut path = segments.clone();
                    path.push(head);
                    found.push(path);
                }
            }
            break;
        }
        i = j.max(i + 1);
    }
    found
}

/// The sibling edges of one crate: under each parent module, which child uses which.
fn sibling_edges(root: &Path) -> BTreeMap<ModulePath, BTreeSet<(String, String)>> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let sources: BTreeMap<ModulePath, String> = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("source file");
            (module_of(root, file), without_unit_tests(&text).to_owned())
        })
        .collect();
    let mut edges: BTreeMap<ModulePath, BTreeSet<(String, String)>> = BTreeMap::new();
    for (module, text) in &sources {
        for path in paths_named(module, text) {
            // The longest prefix that is a module of this crate; re-exports of other crates
            // (`crate::domain` in the contract) are not modules here and are skipped.
            let Some(target) = (1..=path.len())
                .rev()
                .map(|k| path[..k].to_vec())
                .find(|prefix| sources.contains_key(prefix))
            else {
                continue;
            };
            let shared = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if shared < module.len() && shared < target.len() {
                edges
                    .entry(module[..shared].to_vec())
                    .or_default()
                    .insert((module[shared].clone(), target[shared].clone()));
            }
        }
    }
    edges
}

fn cycles(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (parent, edges) in sibling_edges(root) {
        let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, to) in &edges {
            graph.entry(from).or_default().push(to);
        }
        // Depth-first search; a node met again while still on the stack closes a cycle.
        fn visit<'a>(
            node: &'a str,
            graph: &BTreeMap<&'a str, Vec<&'a str>>,
            stack: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
            found: &mut Vec<Vec<&'a str>>,
        ) {
            if let Some(at) = stack.iter().position(|n| *n == node) {
                let mut cycle = stack[at..].to_vec();
                cycle.push(node);
                found.push(cycle);
                return;
            }
            if !done.insert(node) {
                return;
            }
            stack.push(node);
            for next in graph.get(node).into_iter().flatten() {
                visit(next, graph, stack, done, found);
            }
            stack.pop();
        }
        let mut done = BTreeSet::new();
        let mut loops = Vec::new();
        for node in graph.keys() {
            visit(node, &graph, &mut Vec::new(), &mut done, &mut loops);
        }
        for cycle in loops {
            found.push(format!("{}: {}", parent.join("::"), cycle.join(" → ")));
        }
    }
    found
}

const CRATE_SOURCES: [&str; 5] = [
    "crates/core/src",
    "crates/store/src",
    "crates/contract/src",
    "src",
    "src-tauri/src",
];

#[test]
fn no_module_depends_on_a_sibling_that_depends_back_on_it() {
    let _turn = common::run_beside_others();
    let mut all = Vec::new();
    for dir in CRATE_SOURCES {
        for cycle in cycles(&workspace().join(dir)) {
            all.push(format!("{dir}: {cycle}"));
        }
    }
    assert!(all.is_empty(), "module cycles:\n{}", all.join("\n"));
}

#[test]
fn the_cycle_finder_sees_a_cycle_through_a_use_group() {
    let _turn = common::run_beside_others();
    // Guards the test above against passing because it reads nothing.
    let dir = tempfile::tempdir().expect("temporary directory");
    let src = dir.path();
    std::fs::create_dir_all(src.join("service")).expect("folder");
    std::fs::write(src.join("lib.rs"), "pub mod service;\n").expect("lib");
    std::fs::write(
        src.join("service/mod.rs"),
        "pub mod a;\npub mod b;\npub mod c;\n",
    )
    .expect("mod");
    std::fs::write(src.join("service/a.rs"), "use super::b::thing;\n").expect("a");
    std::fs::write(src.join("service/b.rs"), "use crate::service::{c::x, d};\n").expect("b");
    std::fs::write(
        src.join("service/c.rs"),
        "fn f() { crate::service::a::g(); }\n",
    )
    .expect("c");
    let found = cycles(src);
    assert_eq!(found, vec!["service: a → b → c → a".to_owned()]);
}

fn manifest_dependencies(path: &str) -> String {
    let text = std::fs::read_to_string(workspace().join(path)).expect("manifest");
    // Everything from the dependency tables on; the package description may name anything.
    let start = text.find("[dependencies]").expect("a [dependencies] table");
    text[start..].to_owned()
}

#[test]
fn each_floor_depends_only_on_the_floors_below_it() {
    let _turn = common::run_beside_others();
    let core = manifest_dependencies("crates/core/Cargo.toml");
    for banned in [
        "sqlx",
        "tokio",
        "tauri",
        "konsultasi-store",
        "konsultasi-contract",
    ] {
        assert!(!core.contains(banned), "the pure core depends on {banned}");
    }
    let contract = manifest_dependencies("crates/contract/Cargo.toml");
    for banned in ["sqlx", "tokio", "tauri", "konsultasi-store"] {
        assert!(
            !contract.contains(banned),
            "the contract depends on {banned}"
        );
    }
    let store = manifest_dependencies("crates/store/Cargo.toml");
    for banned in ["tauri", "konsultasi-contract"] {
        assert!(!store.contains(banned), "the store depends on {banned}");
    }
}

/// Every product source file of a floor above the store, for the checks below.
fn sources_above_the_store() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in [
        "src",
        "src-tauri/src",
        "crates/contract/src",
        "crates/core/src",
    ] {
        rust_files(&workspace().join(dir), &mut files);
    }
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("source file");
            (file, text)
        })
        .collect()
}

#[test]
fn only_the_store_speaks_sql() {
    let _turn = common::run_beside_others();
    let mut offenders = Vec::new();
    for (file, text) in sources_above_the_store() {
        for (number, line) in without_line_comments(&text).lines().enumerate() {
            let speaks_sql = line.contains("sqlx")
                || line.contains(".pool()")
                || line.contains("BEGIN IMMEDIATE")
                || line.contains("SqliteConnection");
            if speaks_sql {
                offenders.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "SQL outside the store:\n{}",
        offenders.join("\n")
    );
    let services = manifest_dependencies("Cargo.toml");
    let before_dev = services
        .split("[dev-dependencies]")
        .next()
        .unwrap_or_default();
    assert!(
        !before_dev.contains("sqlx"),
        "the services crate depends on sqlx outside its dev-dependencies"
    );
}
