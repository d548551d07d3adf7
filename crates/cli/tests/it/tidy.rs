//! Tidy checks: the layout rules of the code, read from the source as text (rust-analyzer keeps
//! its own this way). They fail with the file and the line that broke a rule.
//!
//! - The web layer is a kit (`http/`, `ui/`, `state.rs`) and one folder per feature; the kit
//!   imports no feature, a feature imports no other feature, and no file imports another in a
//!   circle. Templates count as part of the folder they sit in (`templates/<feature>/`).
//! - The web layer does not depend on the store: it talks to the services only.
//! - No source file grows past `MAX_LINES`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file may be, in lines of code (its unit tests apart): past this a file
/// wants splitting by concern.
const MAX_LINES: usize = 1_000;

/// The web layer's shared plumbing: modules every feature may use, which use no feature.
const KIT: [&str; 3] = ["http", "ui", "state"];

/// Modules that put the features together (they may name every feature).
const ROOTS: [&str; 2] = ["lib", "openapi"];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The code of a file without its comments (doc comments name modules freely) and without its
/// unit tests (a test module's `super::*` is its own file).
fn code_of(text: &str) -> String {
    text.lines()
        .take_while(|line| !line.starts_with("#[cfg(test)]"))
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A source file of the web crate, by its module path (`http::error`, `registry`, `lib`).
struct WebFile {
    module: Vec<String>,
    path: PathBuf,
    code: String,
}

impl WebFile {
    /// The top-level module the file belongs to (`http`, `registry`, `lib`).
    fn top(&self) -> &str {
        &self.module[0]
    }
}

fn web_files() -> Vec<WebFile> {
    let src = crates_dir().join("web/src");
    let templates = crates_dir().join("web/templates");
    let mut files = Vec::new();
    for path in rust_files(&src) {
        let relative = path.strip_prefix(&src).unwrap().with_extension("");
        let mut module: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        let code = code_of(&std::fs::read_to_string(&path).unwrap());
        files.push(WebFile { module, path, code });
    }
    // A template's code runs in the module of its struct, which sits in the folder of the same
    // name: it counts as a file of that folder.
    for path in rust_files(&templates) {
        let relative = path.strip_prefix(&templates).unwrap();
        let folder = relative.iter().next().unwrap().to_string_lossy().into_owned();
        let name = format!("{}.html", relative.with_extension("").to_string_lossy().replace('/', "_"));
        let code = std::fs::read_to_string(&path).unwrap();
        files.push(WebFile { module: vec![folder, name], path, code });
    }
    files
}

/// Every `crate::a::b::…` path a file names, with its line.
fn crate_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
            let segments: Vec<String> = tail[..end].split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
            if !segments.is_empty() {
                found.push((n + 1, segments));
            }
            rest = &tail[end..];
        }
        // `use crate::http::{a, b::c}` names the modules inside the braces too.
        if let Some(at) = line.find("crate::")
            && let Some(open) = line[at..].find("::{")
        {
            let base: Vec<String> = line[at + "crate::".len()..at + open].split("::").map(str::to_string).collect();
            let inner = &line[at + open + 3..];
            for item in inner.split([',', '}']).map(str::trim).filter(|s| s.contains("::")) {
                let mut segments = base.clone();
                segments.extend(item.split("::").map(str::to_string));
                found.push((n + 1, segments));
            }
        }
    }
    found
}

/// The paths a file names through `super::` (features use their own siblings this way).
fn super_paths(module: &[String], code: &str) -> Vec<(usize, Vec<String>)> {
    let parent = &module[..module.len().saturating_sub(1)];
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("super::") {
            let tail = &rest[at + "super::".len()..];
            let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
            let mut segments = parent.to_vec();
            segments.extend(tail[..end].split("::").filter(|s| !s.is_empty()).map(str::to_string));
            found.push((n + 1, segments));
            rest = &tail[end..];
        }
        if let Some(at) = line.find("super::{") {
            for item in line[at + "super::{".len()..].split([',', '}']).map(str::trim).filter(|s| s.contains("::")) {
                let mut segments = parent.to_vec();
                segments.extend(item.split("::").map(str::to_string));
                found.push((n + 1, segments));
            }
        }
    }
    found
}

/// The file a module path leads to: the longest prefix that is a file of the crate.
fn file_of<'a>(modules: &'a BTreeMap<Vec<String>, usize>, segments: &[String]) -> Option<&'a usize> {
    (1..=segments.len()).rev().find_map(|n| modules.get(&segments[..n].to_vec()))
}

#[test]
fn the_web_kit_imports_no_feature_and_features_import_no_other_feature() {
    let files = web_files();
    let features: BTreeSet<String> = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.top().to_string())
        .filter(|top| !KIT.contains(&top.as_str()) && !ROOTS.contains(&top.as_str()))
        .collect();
    assert!(features.len() >= 5, "features found: {features:?}");
    let mut broken = Vec::new();
    for file in &files {
        let own = file.top();
        if ROOTS.contains(&own) {
            continue;
        }
        for (line, path) in crate_paths(&file.code) {
            let named = path[0].as_str();
            if features.contains(named) && named != own {
                let who = if KIT.contains(&own) { "the kit" } else { "a feature" };
                broken.push(format!("{}:{line}: {who} ({own}) names the feature {named}", file.path.display()));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn no_web_file_imports_another_in_a_circle() {
    let files: Vec<WebFile> =
        web_files().into_iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")).collect();
    let modules: BTreeMap<Vec<String>, usize> = files.iter().enumerate().map(|(i, f)| (f.module.clone(), i)).collect();
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); files.len()];
    for (i, file) in files.iter().enumerate() {
        let named = crate_paths(&file.code).into_iter().chain(super_paths(&file.module, &file.code));
        for (_, path) in named {
            if let Some(&j) = file_of(&modules, &path)
                && j != i
            {
                edges[i].insert(j);
            }
        }
        // A module names its children in its own code (`pages::body`), without `crate::`.
        for (j, other) in files.iter().enumerate() {
            let is_child = other.module.len() == file.module.len() + 1 && other.module.starts_with(&file.module);
            let child = other.module.last().unwrap();
            if is_child && file.code.contains(&format!("{child}::")) {
                edges[i].insert(j);
            }
        }
    }
    // Depth-first search for a back edge: the cycle is the path from its target to here.
    fn visit(n: usize, edges: &[BTreeSet<usize>], state: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[n] = 1;
        path.push(n);
        for &m in &edges[n] {
            if state[m] == 1 {
                let from = path.iter().position(|&p| p == m).unwrap_or(0);
                return Some(path[from..].to_vec());
            }
            if state[m] == 0
                && let Some(cycle) = visit(m, edges, state, path)
            {
                return Some(cycle);
            }
        }
        path.pop();
        state[n] = 2;
        None
    }
    let mut state = vec![0u8; files.len()];
    for n in 0..files.len() {
        if state[n] == 0
            && let Some(cycle) = visit(n, &edges, &mut state, &mut Vec::new())
        {
            let names: Vec<String> = cycle.iter().map(|&i| files[i].module.join("::")).collect();
            panic!("these files import each other in a circle: {} -> {}", names.join(" -> "), names[0]);
        }
    }
}

#[test]
fn the_web_layer_talks_to_the_services_not_the_store() {
    let manifest = std::fs::read_to_string(crates_dir().join("web/Cargo.toml")).unwrap();
    assert!(!manifest.contains("cabildo-store"), "crates/web/Cargo.toml names cabildo-store");
    for file in web_files() {
        assert!(!file.code.contains("cabildo_store"), "{} names cabildo_store", file.path.display());
    }
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let mut long = Vec::new();
    for krate in ["domain", "store", "services", "web", "i18n", "cli", "demo"] {
        for path in rust_files(&crates_dir().join(krate).join("src")) {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines = text.lines().take_while(|line| !line.starts_with("#[cfg(test)]")).count();
            if lines > MAX_LINES && path.extension().is_some_and(|e| e == "rs") {
                long.push(format!("{}: {lines} lines (at most {MAX_LINES}): split it by concern", path.display()));
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}
