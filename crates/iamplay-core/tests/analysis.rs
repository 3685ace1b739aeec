//! The analyses of issue 12 against the gallery (`examples/`) and generated changes: every fix's patch flips its
//! target and changes exactly the cells it reports; `diff(A, A)` is empty and `diff(A, B)` equals the
//! cell-by-cell comparison plus the row-by-row comparison of who-can over the resource's cells; the tightest policy
//! (identity side and resource side) allows every wanted request and opens nothing outside the calls
//! they need. Golden: every gallery example gets fixes for at least two requests. Native only: it reads files.
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::analysis::cells::{decide, probes, AccessCell};
use iamplay_core::analysis::diff::{diff, ChangeSource};
use iamplay_core::analysis::fixes::{suggest_fixes, FixGoal};
use iamplay_core::analysis::patch::{apply, Json};
use iamplay_core::analysis::tighten::{tighten, tighten_requests, TightenOptions, TightenSide};
use iamplay_core::analysis::who_can::who_can;
use iamplay_core::explain::Decision;
use iamplay_core::json::{parse, Limits};
use iamplay_core::scenario::LoadOptions;
use iamplay_core::scenario::{load_scenario, Scenario};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn examples() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("examples/ is readable")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "json")
                && path.file_name().is_some_and(|name| name != "index.json")
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("example is readable");
            (path.display().to_string(), text)
        })
        .collect()
}

fn load(text: &str) -> Scenario {
    let loaded = load_scenario(text);
    loaded
        .scenario
        .unwrap_or_else(|| panic!("the scenario loads: {:?}", loaded.diagnostics))
}

fn document(text: &str) -> Json {
    Json::from_spanned(&parse(text, &Limits::default()).expect("JSON"))
}

/// The cell-by-cell comparison diff must equal: every cell of either scenario, decided in both.
fn changed_cells(
    before: &Scenario,
    after: &Scenario,
) -> BTreeMap<AccessCell, (Decision, Decision)> {
    let mut all = probes(before);
    let known: BTreeSet<AccessCell> = all.iter().map(|probe| probe.cell.clone()).collect();
    all.extend(
        probes(after)
            .into_iter()
            .filter(|probe| !known.contains(&probe.cell)),
    );
    all.iter()
        .map(|probe| {
            (
                probe.cell.clone(),
                (
                    decide(before, &probe.request),
                    decide(after, &probe.request),
                ),
            )
        })
        .filter(|(_, (old, new))| old != new)
        .collect()
}

/// The who-can comparison diff must equal: who-can asked of both scenarios for every (action, resource) the
/// cells ask of the bucket (the only resource of `WORLD`; no request sets a context), row by row, each principal
/// whose decision or conditionality differs, or whose conditional answer rests on other condition keys; cells
/// the cell comparison already reports left out.
fn who_can_changes(
    before: &Scenario,
    after: &Scenario,
    reported: &BTreeMap<AccessCell, (Decision, Decision)>,
) -> BTreeMap<AccessCell, (Decision, Decision)> {
    let mut questions = BTreeSet::new();
    for probe in probes(before).into_iter().chain(probes(after)) {
        if probe.cell.resource.starts_with("arn:aws:s3:::bucket") {
            questions.insert((probe.cell.action.clone(), probe.cell.resource.clone()));
        }
    }
    let mut changes = BTreeMap::new();
    let context = iamplay_core::context::RequestContext::new();
    for (action, resource) in &questions {
        let old = who_can(before, action, resource, &context);
        let new = who_can(after, action, resource, &context);
        for row in &old.principals {
            let other = new
                .principals
                .iter()
                .find(|candidate| candidate.principal == row.principal)
                .expect("both versions have the same principals");
            let keys = |r: &iamplay_core::analysis::who_can::WhoCanRow<'_>| {
                r.conditions
                    .iter()
                    .map(|c| format!("{:?}{:?}{}{:?}", c.effect, c.operator, c.key, c.values))
                    .collect::<BTreeSet<_>>()
            };
            let differs = row.decision != other.decision
                || (row.decision == Decision::Allow && row.conditional != other.conditional)
                || (row.decision == Decision::Allow
                    && row.conditional
                    && other.conditional
                    && keys(row) != keys(other));
            let cell = AccessCell {
                principal: row.principal.clone(),
                assume: Vec::new(),
                action: action.clone(),
                resource: resource.clone(),
                context: BTreeMap::new(),
                session_policy: false,
                vpc_endpoint: None,
            };
            if differs && !reported.contains_key(&cell) {
                changes.insert(cell, (row.decision, other.decision));
            }
        }
    }
    changes
}

#[test]
fn every_gallery_example_gets_verified_fixes_for_at_least_two_requests() {
    for (name, text) in examples() {
        let scenario = load(&text);
        let original = document(&text);
        let mut fixed_requests = 0;
        for index in 0..scenario.requests.len() {
            let report =
                suggest_fixes(&text, index).unwrap_or_else(|errors| panic!("{name}: {errors:?}"));
            let Some(request) = scenario.requests.get(index) else {
                continue;
            };
            assert_eq!(
                report.decision,
                decide(&scenario, request),
                "{name} request {index}"
            );
            if !report.fixes.is_empty() {
                fixed_requests += 1;
            }
            let mut last = 0;
            for fix in &report.fixes {
                assert!(
                    fix.flips.len() >= last,
                    "{name} {index}: fixes are ordered by collateral"
                );
                last = fix.flips.len();
                // The patch applies to the file as written and flips the target.
                let patched = apply(&original, &fix.patch)
                    .unwrap_or_else(|error| panic!("{name} {index}: {error} in {:?}", fix.patch));
                let after = load(&patched.to_text());
                let target = after
                    .requests
                    .get(index)
                    .expect("the request is still there");
                let decision = decide(&after, target);
                match report.goal {
                    FixGoal::Allow => {
                        assert_eq!(decision, Decision::Allow, "{name} {index}: {}", fix.summary)
                    }
                    FixGoal::Deny => {
                        assert_ne!(decision, Decision::Allow, "{name} {index}: {}", fix.summary)
                    }
                }
                // It changes exactly the cells it reports, besides the target.
                let mut changed = changed_cells(&scenario, &after);
                changed.remove(&report.target);
                let reported: BTreeMap<AccessCell, (Decision, Decision)> = fix
                    .flips
                    .iter()
                    .map(|flip| (flip.cell.clone(), (flip.before, flip.after)))
                    .collect();
                assert_eq!(changed, reported, "{name} {index}: {}", fix.summary);
            }
        }
        assert!(
            fixed_requests >= 2,
            "{name}: only {fixed_requests} requests got fixes"
        );
    }
}

#[test]
fn a_scenario_compared_with_itself_changes_nothing() {
    for (name, text) in examples() {
        let scenario = load(&text);
        assert!(diff(&scenario, &scenario).is_empty(), "{name}");
    }
}

#[test]
fn tightest_policies_for_the_gallery_allow_what_is_wanted_and_open_nothing_else() {
    for (name, text) in examples() {
        let scenario = load(&text);
        let wanted: Vec<usize> = scenario
            .requests
            .iter()
            .filter(|request| {
                request
                    .expect
                    .as_ref()
                    .is_some_and(|expect| expect.value == Decision::Allow)
            })
            .map(|request| request.index)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        for side in [TightenSide::Identity, TightenSide::Resource] {
            let result = tighten_requests(
                &text,
                &wanted,
                &[],
                &LoadOptions::default(),
                &TightenOptions { side },
            )
            .unwrap_or_else(|errors| panic!("{name} {side:?}: {errors:?}"));
            let patched = apply(&document(&text), &result.patch).expect("the patch applies");
            let after = load(&patched.to_text());
            for index in &wanted {
                let request = after.requests.get(*index).expect("request");
                assert_eq!(
                    decide(&after, request) == Decision::Allow,
                    !result.unsatisfied.contains(index),
                    "{name} {index}: `unsatisfied` tells the truth"
                );
            }
            // Independently: every opened cell is a call a wanted request makes.
            let mut calls = BTreeSet::new();
            for index in &wanted {
                let request = scenario.requests.get(*index).expect("request");
                let mut caller = request.principal.value.clone();
                for role in &request.assume {
                    calls.insert((
                        caller.clone(),
                        "sts:AssumeRole".to_string(),
                        role.role.value.clone(),
                    ));
                    caller = role.role.value.clone();
                }
                calls.insert((
                    caller,
                    request.action.value.clone(),
                    request.resource.value.clone(),
                ));
            }
            let change = diff(&scenario, &after);
            for opened in &change.opened {
                let caller = opened
                    .cell
                    .assume
                    .last()
                    .unwrap_or(&opened.cell.principal)
                    .clone();
                let call = (
                    caller,
                    opened.cell.action.clone(),
                    opened.cell.resource.clone(),
                );
                let wanted_cell = wanted.iter().any(|index| {
                    scenario
                        .requests
                        .get(*index)
                        .is_some_and(|request| AccessCell::of_request(request) == opened.cell)
                });
                assert!(
                    calls.contains(&call) || wanted_cell,
                    "{name}: tighten opened {} beyond the wanted calls",
                    opened.cell.label()
                );
            }
            assert_eq!(
                result.verified,
                result.unsatisfied.is_empty() && result.opened_outside.is_empty()
            );
        }
    }
}

const WORLD: &str = r#"{
  "accounts": {"111111111111": {}, "222222222222": {}},
  "users": [
    {"arn": "arn:aws:iam::111111111111:user/ana", "policies": [{"name": "Main", "document": {
      "Version": "2012-10-17", "Statement": [STATEMENTS]}}]},
    {"arn": "arn:aws:iam::111111111111:user/bo"}
  ],
  "resources": [{"arn": "arn:aws:s3:::bucket", "account": "222222222222", "policy": {
    "Version": "2012-10-17", "Statement": [BUCKET]}}],
  "requests": [
    {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/k"},
    {"principal": "arn:aws:iam::111111111111:user/bo", "action": "s3:PutObject", "resource": "arn:aws:s3:::bucket/k"},
    {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:ListBucket", "resource": "arn:aws:s3:::bucket"}
  ]
}"#;

const IDENTITY: [&str; 5] = [
    r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket*"}"#,
    r#"{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}"#,
    r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}"#,
    r#"{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#,
];

const BUCKET: [&str; 4] = [
    r#"{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}"#,
    r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/bo"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
    r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}"#,
    r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}"#,
];

fn world(identity: &[usize], bucket: &[usize]) -> String {
    let pick = |choices: &[&str], picked: &[usize]| {
        picked
            .iter()
            .filter_map(|index| choices.get(*index))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    };
    let identity = pick(&IDENTITY, identity);
    // A policy needs a statement; one about another service stands in for none.
    let identity = if identity.is_empty() {
        r#"{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}"#.to_string()
    } else {
        identity
    };
    let bucket = pick(&BUCKET, bucket);
    // A bucket policy needs a statement; an always-false one stands in for none.
    let bucket = if bucket.is_empty() {
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::bucket/*"}"#.to_string()
    } else {
        bucket
    };
    WORLD
        .replace("STATEMENTS", &identity)
        .replace("BUCKET", &bucket)
}

#[test]
fn the_generated_worlds_have_who_can_changes_the_cells_miss() {
    // `Principal: "*"` for ListBucket: "any principal of another account" is no matrix row.
    let change = diff(&load(&world(&[], &[0])), &load(&world(&[], &[3])));
    assert!(
        change
            .opened
            .iter()
            .any(|c| c.source == ChangeSource::WhoCan
                && c.cell.principal == iamplay_core::analysis::who_can::ANY_OTHER_ACCOUNT
                && c.cell.action == "s3:ListBucket"),
        "{change:#?}"
    );
    // A Deny when `aws:SecureTransport` is false: the request (no context) stays allowed, who-can sees the
    // access narrowed to TLS requests.
    let change = diff(&load(&world(&[0], &[0])), &load(&world(&[0, 4], &[0])));
    let narrowed: Vec<_> = change
        .closed
        .iter()
        .filter(|c| c.source == ChangeSource::WhoCan && c.cell.principal.ends_with("user/ana"))
        .collect();
    assert_eq!(narrowed.len(), 1, "{change:#?}");
    assert!(narrowed[0].after_conditional && !narrowed[0].before_conditional);
    assert_eq!(
        (narrowed[0].before, narrowed[0].after),
        (Decision::Allow, Decision::Allow)
    );
}

/// The tightest policy's patch applied to `text`: every wanted request is allowed unless reported unsatisfied,
/// and every cell it opens (the who-can rows over the scenario's resources included) is a wanted call.
fn verify_tightened(
    scenario: &Scenario,
    text: &str,
    wanted: &[usize],
    patch: &[iamplay_core::analysis::patch::PatchOp],
    unsatisfied: &[usize],
) -> Result<(), TestCaseError> {
    let patched = apply(&document(text), patch).expect("the patch applies");
    let after = load(&patched.to_text());
    for index in wanted {
        let allowed =
            decide(&after, after.requests.get(*index).expect("request")) == Decision::Allow;
        prop_assert_eq!(allowed, !unsatisfied.contains(index));
    }
    let wanted_calls: BTreeSet<(String, String, String)> = wanted
        .iter()
        .filter_map(|index| scenario.requests.get(*index))
        .map(|request| {
            (
                request.principal.value.clone(),
                request.action.value.clone(),
                request.resource.value.clone(),
            )
        })
        .collect();
    for opened in &diff(scenario, &after).opened {
        let call = (
            opened.cell.principal.clone(),
            opened.cell.action.clone(),
            opened.cell.resource.clone(),
        );
        prop_assert!(
            wanted_calls.contains(&call),
            "opened {}",
            opened.cell.label()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn diff_equals_the_cell_by_cell_comparison(
        a_identity in proptest::collection::vec(0..IDENTITY.len(), 0..4),
        a_bucket in proptest::collection::vec(0..BUCKET.len(), 0..3),
        b_identity in proptest::collection::vec(0..IDENTITY.len(), 0..4),
        b_bucket in proptest::collection::vec(0..BUCKET.len(), 0..3),
    ) {
        let a = load(&world(&a_identity, &a_bucket));
        let b = load(&world(&b_identity, &b_bucket));
        prop_assert!(diff(&a, &a).is_empty());
        let change = diff(&a, &b);
        prop_assert_eq!(change.who_can_skipped, 0);
        let reported: BTreeMap<AccessCell, (Decision, Decision)> = change
            .cells()
            .filter(|changed| changed.source == ChangeSource::Cell)
            .map(|changed| (changed.cell.clone(), (changed.before, changed.after)))
            .collect();
        let by_who_can: BTreeMap<AccessCell, (Decision, Decision)> = change
            .cells()
            .filter(|changed| changed.source == ChangeSource::WhoCan)
            .map(|changed| (changed.cell.clone(), (changed.before, changed.after)))
            .collect();
        prop_assert_eq!(reported.len() + by_who_can.len(), change.len());
        prop_assert_eq!(&reported, &changed_cells(&a, &b));
        prop_assert_eq!(&by_who_can, &who_can_changes(&a, &b, &reported));
        // Opened: a deny became Allow, or (who-can) a conditional Allow became unconditional; closed: the reverse.
        for opened in &change.opened {
            let widened = opened.before == Decision::Allow
                && opened.after == Decision::Allow
                && opened.before_conditional
                && !opened.after_conditional;
            prop_assert!(
                (opened.before != Decision::Allow && opened.after == Decision::Allow) || widened,
                "opened {:?}",
                opened
            );
        }
        for closed in &change.closed {
            let narrowed = closed.before == Decision::Allow
                && closed.after == Decision::Allow
                && !closed.before_conditional
                && closed.after_conditional;
            prop_assert!(
                (closed.before == Decision::Allow && closed.after != Decision::Allow) || narrowed,
                "closed {:?}",
                closed
            );
        }
    }

    #[test]
    fn every_fix_flips_its_request_and_changes_exactly_what_it_reports(
        identity in proptest::collection::vec(0..IDENTITY.len(), 0..4),
        bucket in proptest::collection::vec(0..BUCKET.len(), 0..3),
        index in 0usize..3,
    ) {
        let text = world(&identity, &bucket);
        let scenario = load(&text);
        let report = suggest_fixes(&text, index).expect("fixes");
        for fix in &report.fixes {
            let patched = apply(&document(&text), &fix.patch).expect("the patch applies");
            let after = load(&patched.to_text());
            let decision = decide(&after, after.requests.get(index).expect("request"));
            prop_assert_eq!(decision == Decision::Allow, report.goal == FixGoal::Allow, "{}", fix.summary);
            let mut changed = changed_cells(&scenario, &after);
            changed.remove(&report.target);
            let reported: BTreeMap<AccessCell, (Decision, Decision)> = fix
                .flips
                .iter()
                .map(|flip| (flip.cell.clone(), (flip.before, flip.after)))
                .collect();
            prop_assert_eq!(changed, reported, "{}", fix.summary);
        }
    }

    #[test]
    fn the_tightest_policy_allows_the_wanted_requests_and_opens_nothing_else(
        identity in proptest::collection::vec(0..IDENTITY.len(), 0..4),
        bucket in proptest::collection::vec(0..BUCKET.len(), 0..3),
        wanted in proptest::collection::btree_set(0usize..3, 1..3),
    ) {
        let text = world(&identity, &bucket);
        let scenario = load(&text);
        let wanted: Vec<usize> = wanted.into_iter().collect();
        let result = tighten(&text, &wanted, &[]).expect("tighten");
        verify_tightened(&scenario, &text, &wanted, &result.patch, &result.unsatisfied)?;
    }

    #[test]
    fn the_resource_side_allows_the_wanted_requests_and_opens_nothing_else(
        identity in proptest::collection::vec(0..IDENTITY.len(), 0..4),
        bucket in proptest::collection::vec(0..BUCKET.len(), 0..3),
        wanted in proptest::collection::btree_set(0usize..3, 1..3),
        same_account in any::<bool>(),
    ) {
        let text = world(&identity, &bucket);
        // The bucket in the users' account (a resource policy alone suffices) or in another (both sides).
        let text = if same_account {
            text.replace(r#""account": "222222222222""#, r#""account": "111111111111""#)
        } else {
            text
        };
        let scenario = load(&text);
        let wanted: Vec<usize> = wanted.into_iter().collect();
        let options = TightenOptions { side: TightenSide::Resource };
        let result = tighten_requests(&text, &wanted, &[], &LoadOptions::default(), &options)
            .expect("tighten");
        prop_assert_eq!(result.side, TightenSide::Resource);
        prop_assert!(!result.resource_policies.is_empty());
        verify_tightened(&scenario, &text, &wanted, &result.patch, &result.unsatisfied)?;
        prop_assert_eq!(
            result.verified,
            result.unsatisfied.is_empty() && result.opened_outside.is_empty()
        );
        // In one account the resource policy suffices: the identity side is only added across accounts.
        if same_account {
            prop_assert!(result.policies.is_empty(), "{:?}", result.policies);
        }
    }
}
