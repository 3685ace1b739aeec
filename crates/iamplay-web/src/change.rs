//! Applying a change the core proposes (a fix's or the tightest policy's RFC 6902 patch against the scenario
//! file, `iamplay_core::analysis`) to the workspace the playground edits. The patched file is read back as a
//! workspace whose policies keep the ids of the ones they were (so each keeps its editor model and undo
//! history), and a policy whose document did not change keeps its text exactly as typed: only the edited
//! policies change, each as one replacement of its text. This module decides nothing about IAM.

use crate::model::{import_scenario, PolicyDraft, Workspace};
use iamplay_core::analysis::patch::{apply, Json, PatchOp};
use iamplay_core::json::{self, Limits};

/// A workspace with a change applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub ws: Workspace,
    /// Policies that were there before and whose document changed.
    pub changed: Vec<u32>,
    /// Policies the change created.
    pub added: Vec<u32>,
}

impl Applied {
    /// The policies to show after applying: the edited ones first (their editors can undo the change).
    pub fn touched(&self) -> Vec<u32> {
        self.changed.iter().chain(&self.added).copied().collect()
    }
}

/// The JSON tree of a text, for comparing documents regardless of layout.
fn tree(text: &str) -> Option<Json> {
    json::parse(text, &Limits::scenario())
        .ok()
        .map(|value| Json::from_spanned(&value))
}

fn same_json(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (tree(a), tree(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Applies `patch` (made against `ws.to_scenario(false)`) to `ws`. The page has the on-demand analyses apply
/// patches (`lazy::apply_patch`, then [`apply_text`]); this is the same in one step, for tests.
pub fn apply_patch(ws: &Workspace, patch: &[PatchOp]) -> Result<Applied, String> {
    let text = ws.to_scenario(false).text;
    let document = tree(&text).ok_or_else(|| "the scenario is not valid JSON".to_string())?;
    let patched =
        apply(&document, patch).map_err(|error| format!("the change does not apply: {error}"))?;
    apply_text(ws, &patched.to_text())
}

/// `ws` changed into the scenario file `text` (`ws.to_scenario(false)` with a patch applied).
pub fn apply_text(ws: &Workspace, text: &str) -> Result<Applied, String> {
    Ok(merge(ws, import_scenario(text)?))
}

struct Ids {
    next: u32,
    changed: Vec<u32>,
    added: Vec<u32>,
}

impl Ids {
    /// `new` takes the place of `old` (same id; the old text when the document is the same), or is new.
    fn one(&mut self, old: Option<&PolicyDraft>, new: &mut PolicyDraft) {
        match old {
            Some(old) => {
                new.id = old.id;
                if same_json(&old.text, &new.text) {
                    new.text.clone_from(&old.text);
                } else {
                    self.changed.push(old.id);
                }
            }
            None => {
                new.id = self.next;
                self.next += 1;
                self.added.push(new.id);
            }
        }
    }

    fn option(&mut self, old: Option<&PolicyDraft>, new: &mut Option<PolicyDraft>) {
        if let Some(new) = new {
            self.one(old, new);
        }
    }

    /// A list of policies: a named one is the old one of the same name, an unnamed one the old one at its
    /// position (when that one is unnamed too).
    fn list(&mut self, old: Option<&Vec<PolicyDraft>>, new: &mut [PolicyDraft]) {
        let old = old.map(Vec::as_slice).unwrap_or_default();
        for (at, draft) in new.iter_mut().enumerate() {
            let counterpart = if draft.name.is_empty() {
                old.get(at).filter(|o| o.name.is_empty())
            } else {
                old.iter().find(|o| o.name == draft.name)
            };
            self.one(counterpart, draft);
        }
    }

    fn levels(
        &mut self,
        old: Option<&Vec<Vec<PolicyDraft>>>,
        new: &mut Option<Vec<Vec<PolicyDraft>>>,
    ) {
        for (at, level) in new.iter_mut().flatten().enumerate() {
            self.list(old.and_then(|levels| levels.get(at)), level);
        }
    }
}

/// `next` (read back from a patched file) with the ids, texts and page-only fields of `old` wherever they
/// still describe the same thing.
fn merge(old: &Workspace, mut next: Workspace) -> Applied {
    let used = old
        .drafts()
        .map(|d| d.id)
        .chain(old.requests.iter().map(|r| r.id))
        .max()
        .map_or(1, |max| max + 1);
    let mut ids = Ids {
        next: old.next_id.max(used),
        changed: Vec::new(),
        added: Vec::new(),
    };
    next.name.clone_from(&old.name);
    next.description.clone_from(&old.description);
    next.example.clone_from(&old.example);
    let keep_text = |old: Option<&String>, new: &mut String| {
        if let Some(old) = old {
            if old.trim().is_empty() && new.trim().is_empty() || same_json(old, new) {
                new.clone_from(old);
            }
        }
    };
    for (at, account) in next.accounts.iter_mut().enumerate() {
        let before = old.accounts.get(at);
        ids.levels(before.and_then(|a| a.scps.as_ref()), &mut account.scps);
        ids.levels(before.and_then(|a| a.rcps.as_ref()), &mut account.rcps);
        keep_text(
            before.map(|a| &a.block_public_access),
            &mut account.block_public_access,
        );
    }
    for (at, group) in next.groups.iter_mut().enumerate() {
        ids.list(old.groups.get(at).map(|g| &g.policies), &mut group.policies);
    }
    for (at, user) in next.users.iter_mut().enumerate() {
        let before = old.users.get(at);
        ids.list(before.map(|u| &u.policies), &mut user.policies);
        ids.option(before.and_then(|u| u.boundary.as_ref()), &mut user.boundary);
    }
    for (at, role) in next.roles.iter_mut().enumerate() {
        let before = old.roles.get(at);
        ids.option(before.and_then(|r| r.trust.as_ref()), &mut role.trust);
        ids.list(before.map(|r| &r.policies), &mut role.policies);
        ids.option(before.and_then(|r| r.boundary.as_ref()), &mut role.boundary);
    }
    for (at, resource) in next.resources.iter_mut().enumerate() {
        let before = old.resources.get(at);
        ids.option(before.and_then(|r| r.policy.as_ref()), &mut resource.policy);
        keep_text(
            before.map(|r| &r.block_public_access),
            &mut resource.block_public_access,
        );
    }
    for (at, endpoint) in next.vpc_endpoints.iter_mut().enumerate() {
        ids.option(
            old.vpc_endpoints.get(at).and_then(|e| e.policy.as_ref()),
            &mut endpoint.policy,
        );
    }
    for (at, request) in next.requests.iter_mut().enumerate() {
        let before = old.requests.get(at);
        ids.option(
            before.and_then(|r| r.session_policy.as_ref()),
            &mut request.session_policy,
        );
        match before {
            Some(before) => {
                request.id = before.id;
                keep_text(Some(&before.context), &mut request.context);
                if request.assume.len() == before.assume.len()
                    && request
                        .assume
                        .iter()
                        .zip(&before.assume)
                        .all(|(a, b)| same_json(a, b) || a == b)
                {
                    request.assume.clone_from(&before.assume);
                }
            }
            None => {
                request.id = ids.next;
                ids.next += 1;
            }
        }
    }
    next.next_id = ids.next;
    Applied {
        ws: next,
        changed: ids.changed,
        added: ids.added,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use iamplay_core::analysis::fixes::{suggest, Target};
    use iamplay_core::explain::Decision;
    use iamplay_core::scenario::{load_scenario, LoadOptions};

    fn workspace(id: &str) -> Workspace {
        import_scenario(crate::gallery::example(id).expect("example")).expect("imports")
    }

    #[test]
    fn no_change_keeps_every_id_and_text() {
        let ws = workspace("developer-group");
        let applied = apply_patch(&ws, &[]).expect("applies");
        assert!(applied.changed.is_empty() && applied.added.is_empty());
        assert_eq!(applied.ws, ws);
    }

    #[test]
    fn every_fix_applies_to_the_workspace_and_flips_its_request() {
        let mut checked = 0;
        for (id, _) in crate::gallery::EXAMPLES {
            let ws = workspace(id);
            let text = ws.to_scenario(false).text;
            let Some(scenario) = load_scenario(&text).scenario else {
                continue;
            };
            for index in 0..scenario.requests.len() {
                let Ok(report) = suggest(&text, Target::Request(index), &LoadOptions::default())
                else {
                    continue;
                };
                for fix in report.fixes.iter().take(2) {
                    let applied = apply_patch(&ws, &fix.patch).expect("applies");
                    let after = applied.ws.to_scenario(false).text;
                    let loaded = load_scenario(&after).scenario.expect("loads");
                    let decision = crate::world::World::load(&applied.ws)
                        .map(|w| {
                            iamplay_core::analysis::cells::decide(
                                &w.scenario,
                                &w.scenario.requests[index],
                            )
                        })
                        .expect("world");
                    assert_eq!(
                        decision == Decision::Allow,
                        report.decision != Decision::Allow,
                        "{id} request {index}: {}",
                        fix.summary
                    );
                    assert!(!loaded.requests.is_empty());
                    // Untouched policies keep their text as typed (a fix may remove a whole policy); touched
                    // ones keep their ids.
                    for draft in ws.drafts() {
                        let Some(now) = applied.ws.draft(draft.id) else {
                            continue;
                        };
                        if !applied.changed.contains(&draft.id) {
                            assert_eq!(now.text, draft.text, "{id}: {}", fix.summary);
                        }
                    }
                    assert!(applied
                        .touched()
                        .iter()
                        .all(|id| applied.ws.draft(*id).is_some()));
                    checked += 1;
                }
            }
        }
        assert!(checked >= 5, "only {checked} fixes checked");
    }
}
