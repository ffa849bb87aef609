//! Writing several files as one change: every file is checked and staged
//! beside its target first, and then either all of them are put in place or,
//! when one cannot be, none is (the ones already moved are taken back).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Files to write together.
#[derive(Debug, Default)]
pub(crate) struct Change {
    files: Vec<(PathBuf, String)>,
}

/// A file staged under a temporary name next to its target.
#[derive(Debug)]
struct Staged {
    target: PathBuf,
    temp: PathBuf,
    /// The target's bytes before the change, when it existed.
    previous: Option<Vec<u8>>,
}

impl Change {
    /// Adds a file (created, or replaced when it exists).
    pub(crate) fn write(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.push((path.into(), text.into()));
    }

    /// Writes every file, or none.
    ///
    /// # Errors
    /// The first file that cannot be written (a read-only or non-regular
    /// target, a directory that cannot be created, a failed write); nothing
    /// has been changed then.
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        let mut created_dirs = Vec::new();
        let mut staged = Vec::new();
        let outcome = self.stage(&mut created_dirs, &mut staged);
        let outcome = outcome.and_then(|()| put_in_place(&staged));
        if outcome.is_err() {
            for file in &staged {
                let _ignored = fs::remove_file(&file.temp);
            }
            for dir in created_dirs.iter().rev() {
                let _ignored = fs::remove_dir(dir);
            }
        }
        outcome
    }

    fn stage(
        &self,
        created_dirs: &mut Vec<PathBuf>,
        staged: &mut Vec<Staged>,
    ) -> anyhow::Result<()> {
        for (target, text) in &self.files {
            let previous = check_target(target)?;
            if let Some(parent) = target.parent() {
                create_dirs(parent, created_dirs)?;
            }
            let temp = temp_name(target);
            fs::write(&temp, text).with_context(|| format!("cannot write {}", target.display()))?;
            staged.push(Staged {
                target: target.clone(),
                temp,
                previous,
            });
        }
        Ok(())
    }
}

/// Renames every staged file onto its target; on a failure, restores the
/// targets already replaced.
fn put_in_place(staged: &[Staged]) -> anyhow::Result<()> {
    for (done, file) in staged.iter().enumerate() {
        if let Err(err) = fs::rename(&file.temp, &file.target) {
            for earlier in staged.iter().take(done) {
                let _ignored = match &earlier.previous {
                    Some(bytes) => fs::write(&earlier.target, bytes),
                    None => fs::remove_file(&earlier.target),
                };
            }
            return Err(err).with_context(|| format!("cannot write {}", file.target.display()));
        }
    }
    Ok(())
}

/// Fails unless `target` can be written: a regular file that is not read-only
/// (which a rename would silently replace), or nothing yet. Returns its bytes.
fn check_target(target: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(None);
    };
    if !meta.is_file() {
        anyhow::bail!(
            "cannot write {}: it is not a regular file",
            target.display()
        );
    }
    if meta.permissions().readonly() {
        anyhow::bail!("cannot write {}: it is read-only", target.display());
    }
    let bytes = fs::read(target).with_context(|| format!("cannot read {}", target.display()))?;
    Ok(Some(bytes))
}

/// Creates `dir` and its missing parents, recording the ones it made.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .collect();
    for d in missing.into_iter().rev() {
        fs::create_dir(d).with_context(|| format!("cannot create {}", d.display()))?;
        created.push(d.to_path_buf());
    }
    Ok(())
}

/// `.NAME.gitops-guard-new` beside `target`.
fn temp_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.gitops-guard-new"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_files_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.yaml");
        fs::write(&kept, "old\n").unwrap();
        let mut change = Change::default();
        change.write(dir.path().join("new/a.yaml"), "a\n");
        change.write(&kept, "new\n");
        change.commit().unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("new/a.yaml")).unwrap(),
            "a\n"
        );
        assert_eq!(fs::read_to_string(&kept).unwrap(), "new\n");

        let locked = dir.path().join("locked.yaml");
        fs::write(&locked, "locked\n").unwrap();
        let mut perms = fs::metadata(&locked).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&locked, perms).unwrap();
        let mut change = Change::default();
        change.write(dir.path().join("other/b.yaml"), "b\n");
        change.write(&kept, "newer\n");
        change.write(&locked, "x\n");
        let err = change.commit().unwrap_err().to_string();
        assert!(err.contains("read-only"), "{err}");
        assert!(
            !dir.path().join("other").exists(),
            "the staged directory is gone"
        );
        assert_eq!(fs::read_to_string(&kept).unwrap(), "new\n");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with("gitops-guard-new")
            })
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
