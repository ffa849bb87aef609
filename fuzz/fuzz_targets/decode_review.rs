//! Any bytes as an AdmissionReview body: decoding must never panic, and a
//! decoded request must be judged (every mode) without panicking.
#![no_main]

use std::sync::OnceLock;

use gg_platform::{LoadOptions, MemoryFiles, Platform, load_platform};
use gg_rules::objects::ObjectContext;
use gg_webhook::{Exemptions, Mode, decode_review, judge};
use libfuzzer_sys::fuzz_target;

fn context() -> &'static ObjectContext<'static> {
    static PLATFORM: OnceLock<Platform> = OnceLock::new();
    static CONTEXT: OnceLock<ObjectContext<'static>> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let platform = PLATFORM.get_or_init(|| {
            let files = MemoryFiles::new()
                .with(
                    "p/platform/base.yaml",
                    include_str!("../../fixtures/example/gitops-config/platform/base.yaml"),
                )
                .with(
                    "p/platform/core.yaml",
                    include_str!("../../fixtures/example/gitops-config/platform/core.yaml"),
                )
                .with(
                    "p/shared/k8app-defaults.yaml",
                    include_str!("../../fixtures/example/gitops-config/shared/k8app-defaults.yaml"),
                );
            let options = LoadOptions {
                platform_dir: Some("p".to_owned()),
                ..LoadOptions::default()
            };
            load_platform(&files, &[], &options)
        });
        ObjectContext::new(platform)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = decode_review(data) {
        for mode in Mode::ALL {
            let decision = judge(context(), &Exemptions::default(), mode, &request);
            assert_eq!(decision.response.uid, request.uid);
            if let Some(warnings) = &decision.response.warnings {
                assert!(warnings.iter().all(|w| w.chars().count() <= 256));
                assert!(warnings.iter().map(|w| w.chars().count()).sum::<usize>() <= 4096);
            }
        }
    }
});
