//! Following the platform files as they change (the ConfigMaps mounted into
//! the pod update them when a service is registered or an environment
//! added): the platform is loaded again at every interval, like the TLS files;
//! a changed one that loads without errors replaces the judged one at once,
//! one that does not is refused and the last good one stays (said in the log,
//! the `platform_stale` metric and `/readyz`).
//!
//! Generic over how the platform is loaded: the server only asks a loader for
//! a [`Platform`] and compares it with the one it judges with.

use std::sync::Arc;
use std::time::Duration;

use gg_admission::PreparedPlatform;
use gg_platform::Platform;

use crate::app::{AppState, PlatformStatus};

/// Loads the platform: from its files, or whatever the platform is made of;
/// the error says why it cannot be loaded.
pub type Loader = Arc<dyn Fn() -> Result<Platform, String> + Send + Sync>;

/// What one look at the platform found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// The platform is the one judged with.
    Unchanged,
    /// A changed platform loaded and is judged with from now on.
    Applied,
    /// The platform changed and does not load: the last one stays.
    Rejected(String),
}

/// Loads the platform once and applies what changed to `state` (which
/// must be judging already). Blocking: call it off the async workers.
pub fn reload_once(state: &AppState, load: &dyn Fn() -> Result<Platform, String>) -> Reload {
    let platform = match load() {
        Ok(platform) => platform,
        Err(error) => return reject(state, error),
    };
    let stale = matches!(state.platform_status(), PlatformStatus::Stale(_));
    let same = state
        .platform()
        .is_some_and(|current| *current.context().platform() == platform);
    if same && !stale {
        return Reload::Unchanged;
    }
    match PreparedPlatform::new(platform) {
        Ok(prepared) => {
            state.use_platform(prepared);
            if same {
                // the files are back to the platform judged with
                tracing::info!("the platform configuration loads again");
                return Reload::Unchanged;
            }
            state.metrics().count_reload(true);
            tracing::info!("platform configuration reloaded");
            Reload::Applied
        }
        Err(error) => reject(state, error.to_string()),
    }
}

/// Keeps the current platform because its files do not load; a rejection is
/// counted and logged once, not at every look while the files stay broken.
fn reject(state: &AppState, why: String) -> Reload {
    if state.platform_status() != PlatformStatus::Stale(why.clone()) {
        state.metrics().count_reload(false);
        tracing::warn!(
            error = %why,
            "the changed platform configuration does not load; judging with the last one that did"
        );
        state.keep_platform(why.clone());
    }
    Reload::Rejected(why)
}

/// Looks at the platform every `interval`, forever.
pub async fn watch(state: Arc<AppState>, load: Loader, interval: Duration) {
    loop {
        tokio::time::sleep(interval).await;
        let state = Arc::clone(&state);
        let load = Arc::clone(&load);
        // A panicking loader is a bug, not a reason to stop following the files.
        let _ = tokio::task::spawn_blocking(move || reload_once(&state, &*load)).await;
    }
}
