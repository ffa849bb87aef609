//! Generates the rule catalog from the rule pages, `policies/rules/<id>.md`.
//!
//! A page is a rule's one registration: its file name is the id, its first
//! line `# <id>`, its first paragraph the summary, and two list items give
//! the default severity and the scope:
//!
//! ```text
//! - Default severity: error
//! - Applies to: merged environment
//! ```
//!
//! Every page becomes a `Rule` constant named after its id
//! (`secret-path-denied` → `rules::SECRET_PATH_DENIED`), so a check names
//! its rule by a constant the compiler checks, and a page without a valid
//! header fails the build with the page's name.
//!
//! A page's text lives in a static of its own, which every copy of the
//! constant points into: the text is in the program once, however many
//! crates name the rule (a string literal in a constant is copied into each
//! crate that uses the constant).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The page texts of `Applies to:` and the `Scope` variant each one means.
const SCOPES: &[(&str, &str)] = &[
    ("file", "File"),
    ("merged environment", "Environment"),
    ("service", "Service"),
    ("platform policy file", "PolicyFile"),
    ("live Vault (`gitops-guard vault check`)", "LiveVault"),
];

/// The severities a page may name and their `Severity` variants.
const SEVERITIES: &[(&str, &str)] = &[("error", "Error"), ("warning", "Warning"), ("info", "Info")];

/// What the catalog needs of one page.
struct Page {
    id: String,
    path: PathBuf,
    summary: String,
    severity: &'static str,
    scope: &'static str,
    /// The page's length in bytes.
    len: usize,
}

fn main() -> Result<(), String> {
    let manifest = env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?;
    let dir = Path::new(&manifest).join("../../policies/rules");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut pages = Vec::new();
    for entry in fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|ext| ext == "md") {
            pages.push(read_page(&path)?);
        }
    }
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    let out = Path::new(&env::var("OUT_DIR").map_err(|e| e.to_string())?).join("rules.rs");
    fs::write(&out, generate(&pages)?).map_err(|e| format!("{}: {e}", out.display()))
}

/// Reads the header of one page.
fn read_page(path: &Path) -> Result<Page, String> {
    let shown = path.display();
    let text = fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let id = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .ok_or_else(|| format!("{shown}: the file name is not a rule id"))?
        .to_owned();
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!(
            "{shown}: a rule id is lowercase letters, digits and `-`"
        ));
    }
    if text.lines().next() != Some(format!("# {id}").as_str()) {
        return Err(format!("{shown}: the first line must be `# {id}`"));
    }
    let summary = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .ok_or_else(|| format!("{shown}: no summary line after the heading"))?
        .to_owned();
    let field = |name: &str, known: &[(&str, &'static str)]| {
        let prefix = format!("- {name}: ");
        let value = text
            .lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .ok_or_else(|| format!("{shown}: no `{prefix}…` line"))?;
        known
            .iter()
            .find(|(written, _)| *written == value)
            .map(|(_, variant)| *variant)
            .ok_or_else(|| {
                let allowed: Vec<&str> = known.iter().map(|(written, _)| *written).collect();
                format!(
                    "{shown}: `{prefix}{value}` is none of: {}",
                    allowed.join(" | ")
                )
            })
    };
    Ok(Page {
        severity: field("Default severity", SEVERITIES)?,
        scope: field("Applies to", SCOPES)?,
        id,
        path: path.to_path_buf(),
        summary,
        len: text.len(),
    })
}

/// The Rust source of the catalog.
fn generate(pages: &[Page]) -> Result<String, String> {
    let mut out = String::new();
    let mut names = Vec::new();
    for page in pages {
        let name = page.id.to_ascii_uppercase().replace('-', "_");
        let path = page
            .path
            .to_str()
            .ok_or_else(|| format!("{}: not a UTF-8 path", page.path.display()))?;
        writeln!(
            out,
            "static {name}_PAGE: [u8; {len}] = *include_bytes!({path:?});\n#[doc = {doc:?}]\npub const {name}: Rule = Rule {{\n    id: RuleId::from_static({id:?}),\n    scope: Scope::{scope},\n    default_severity: Severity::{severity},\n    summary: {summary:?},\n    page: page_text(&{name}_PAGE),\n}};\n",
            doc = format!("`{}`: {}", page.id, page.summary),
            id = page.id,
            scope = page.scope,
            severity = page.severity,
            summary = page.summary,
            len = page.len,
        )
        .map_err(|e| e.to_string())?;
        names.push(name);
    }
    writeln!(
        out,
        "/// Every rule, by id.\npub(crate) const ALL: &[Rule] = &[{}];",
        names.join(", ")
    )
    .map_err(|e| e.to_string())?;
    Ok(out)
}
