//! Checks that need the AWS action catalog: unknown services and actions, action patterns that match
//! nothing, resources that fit none of an action's resource types, and condition keys no action supports.

use super::statements::statement_label;
use super::{codes, Findings};
use crate::catalog::{ActionRef, Catalog};
use crate::diagnostic::Spanned;
use crate::policy::{Policy, Statement};

/// How many resource types or keys a help line lists before "...".
const HELP_LIST_LIMIT: usize = 6;

pub(super) fn check_catalog(findings: &mut Findings<'_, '_>, policy: &Policy, catalog: &Catalog) {
    for statement in &policy.statements {
        let actions = check_actions(findings, statement, catalog);
        if let Some(actions) = actions {
            check_resource_types(findings, statement, &actions);
            check_condition_keys(findings, statement, &actions, catalog);
        }
        check_global_keys(findings, statement, catalog);
    }
}

/// One `Action` pattern with the catalog actions it matches.
struct MatchedPattern<'p, 'c> {
    pattern: &'p Spanned<String>,
    actions: Vec<ActionRef<'c>>,
}

/// Reports unknown services, unknown actions and patterns that match nothing. Returns what each pattern of an
/// `Action` (not `NotAction`) block matches when every pattern is known and none has a wildcard in its
/// service prefix (those match across services, so the per-action checks would say nothing certain).
fn check_actions<'p, 'c>(
    findings: &mut Findings<'_, '_>,
    statement: &'p Statement,
    catalog: &'c Catalog,
) -> Option<Vec<MatchedPattern<'p, 'c>>> {
    let block = statement.action.as_ref()?;
    let mut all_resolved = !block.negated;
    let mut matched = Vec::new();
    for pattern in &block.patterns {
        let text = pattern.value.as_str();
        let Some((prefix, name)) = text.split_once(':') else {
            // `*` alone, or no `:` at all (the parser reports the latter).
            all_resolved = false;
            continue;
        };
        if prefix.contains(['*', '?']) {
            all_resolved = false;
            continue;
        }
        if catalog.service(prefix).is_none() {
            let suggestion = catalog
                .did_you_mean(text)
                .map(|s| format!("did you mean `{}`?", s.split(':').next().unwrap_or(&s)))
                .unwrap_or_else(|| {
                    "check the service prefix in the AWS Service Authorization Reference"
                        .to_string()
                });
            findings.push(
                codes::UNKNOWN_SERVICE,
                format!("`{prefix}` in `{text}` is not an AWS service prefix"),
                suggestion,
                Some(pattern.span),
            );
            all_resolved = false;
            continue;
        }
        let actions = catalog.actions_matching(text);
        if actions.is_empty() {
            if name.contains(['*', '?']) {
                findings.push(
                    codes::ACTION_PATTERN_MATCHES_NOTHING,
                    format!("`{text}` matches no action of `{prefix}`"),
                    "check the spelling of the pattern; `*` matches any run of characters, `?` one"
                        .to_string(),
                    Some(pattern.span),
                );
            } else {
                let help = match catalog.did_you_mean(text) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!(
                        "see the actions of `{prefix}` in the AWS Service Authorization Reference"
                    ),
                };
                findings.push(
                    codes::UNKNOWN_ACTION,
                    format!("`{text}` is not an action of `{prefix}`"),
                    help,
                    Some(pattern.span),
                );
            }
            all_resolved = false;
            continue;
        }
        matched.push(MatchedPattern { pattern, actions });
    }
    all_resolved.then_some(matched)
}

/// An action pattern whose actions fit none of the statement's resources never applies: e.g. `s3:GetObject`
/// on a bucket ARN (objects are `bucket/key`), or an action that only takes `*` on a specific ARN
/// (reference_policies_elements_resource.md: actions that do not support resource-level permissions need
/// `"Resource": "*"`).
fn check_resource_types(
    findings: &mut Findings<'_, '_>,
    statement: &Statement,
    actions: &[MatchedPattern<'_, '_>],
) {
    let Some(resources) = statement.resource.as_ref().filter(|block| !block.negated) else {
        return;
    };
    if !findings.enabled(codes::RESOURCE_TYPE_MISMATCH)
        || resources.patterns.is_empty()
        || resources
            .patterns
            .iter()
            .any(|pattern| pattern.value == "*")
    {
        return;
    }
    for matched in actions {
        let fits = matched.actions.iter().any(|action| {
            resources
                .patterns
                .iter()
                .any(|resource| action.resource_arn_fits(&resource.value))
        });
        if fits {
            continue;
        }
        let resource_list = resources
            .patterns
            .iter()
            .map(|resource| format!("`{}`", resource.value))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match matched.actions.as_slice() {
            [action] => single_action_help(action),
            _ => "name resources of the types these actions act on, or narrow the action pattern"
                .to_string(),
        };
        findings.push(
            codes::RESOURCE_TYPE_MISMATCH,
            format!(
                "`{}` acts on none of the resources of {}: {resource_list}",
                matched.pattern.value,
                statement_label(statement)
            ),
            help,
            Some(matched.pattern.span),
        );
    }
}

fn single_action_help(action: &ActionRef<'_>) -> String {
    let types: Vec<String> = action
        .resource_types()
        .flat_map(|resource| {
            let name = resource.resource_type.name().to_string();
            resource
                .resource_type
                .arn_formats()
                .iter()
                .map(move |format| format!("{name} `{format}`"))
                .collect::<Vec<_>>()
        })
        .collect();
    if types.is_empty() {
        return format!(
            "`{}` does not support resource-level permissions: use `\"Resource\": \"*\"`",
            action.full_name()
        );
    }
    let mut listed = types
        .iter()
        .take(HELP_LIST_LIMIT)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if types.len() > HELP_LIST_LIMIT {
        listed.push_str(", ...");
    }
    format!("`{}` acts on: {listed}", action.full_name())
}

/// A service condition key (`s3:prefix`) that no action of the statement supports is never in the request,
/// so the condition cannot test what it says. `aws:` keys are global and left to `check_global_keys`; keys
/// whose prefix is no service (an identity provider's `accounts.google.com:aud`, `saml:aud`) are not judged.
fn check_condition_keys(
    findings: &mut Findings<'_, '_>,
    statement: &Statement,
    actions: &[MatchedPattern<'_, '_>],
    catalog: &Catalog,
) {
    if actions.is_empty() || !findings.enabled(codes::UNSUPPORTED_CONDITION_KEY) {
        return;
    }
    for clause in &statement.conditions {
        let key = clause.key.value.as_str();
        let Some((prefix, _)) = key.split_once(':') else {
            continue;
        };
        if prefix.eq_ignore_ascii_case("aws") {
            continue;
        }
        if catalog.service(prefix).is_none() {
            continue;
        }
        let supported = actions
            .iter()
            .flat_map(|matched| matched.actions.iter())
            .any(|action| action.supports_condition_key(key));
        if supported {
            continue;
        }
        let names: Vec<String> = actions
            .iter()
            .map(|matched| format!("`{}`", matched.pattern.value))
            .collect();
        let help = match actions {
            [only] if only.actions.len() == 1 => match only.actions.first() {
                Some(action) => {
                    let keys: Vec<&str> = action.condition_keys().map(|k| k.name()).collect();
                    if keys.is_empty() {
                        format!(
                            "`{}` supports only global `aws:` keys; remove the condition or use one of those",
                            action.full_name()
                        )
                    } else {
                        let mut listed = keys
                            .iter()
                            .take(HELP_LIST_LIMIT)
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        if keys.len() > HELP_LIST_LIMIT {
                            listed.push_str(", ...");
                        }
                        format!("`{}` supports {listed} and the global `aws:` keys", action.full_name())
                    }
                }
                None => String::new(),
            },
            _ => "use a key the statement's actions support, or move the condition to a statement with \
                  actions that support it"
                .to_string(),
        };
        findings.push(
            codes::UNSUPPORTED_CONDITION_KEY,
            format!(
                "condition key `{key}` is supported by none of {}: {}",
                statement_label(statement),
                names.join(", ")
            ),
            help,
            Some(clause.key.span),
        );
    }
}

/// An `aws:` key that is neither a global key nor one any service lists is a typo: it is never in a request.
fn check_global_keys(findings: &mut Findings<'_, '_>, statement: &Statement, catalog: &Catalog) {
    if !findings.enabled(codes::UNKNOWN_GLOBAL_CONDITION_KEY) {
        return;
    }
    for clause in &statement.conditions {
        let key = clause.key.value.as_str();
        let is_aws_key = key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"));
        if !is_aws_key || catalog.is_global_condition_key(key) {
            continue;
        }
        let listed_by_a_service = catalog.services().iter().any(|service| {
            service
                .condition_keys()
                .iter()
                .any(|known| known.matches(key))
        });
        if listed_by_a_service {
            continue;
        }
        let suggestion = closest_key(
            key,
            catalog
                .global_condition_keys()
                .iter()
                .map(|known| known.name()),
        );
        let help = match suggestion {
            Some(known) => format!("did you mean `{known}`?"),
            None => "see the AWS global condition context keys for the keys AWS sets".to_string(),
        };
        findings.push(
            codes::UNKNOWN_GLOBAL_CONDITION_KEY,
            format!("`{key}` is not an AWS global condition key, so no request carries it"),
            help,
            Some(clause.key.span),
        );
    }
}

/// The candidate nearest to `input` by edit distance (ignoring ASCII case), if close enough to be a typo.
fn closest_key<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = (input.chars().count() / 4).clamp(1, 3);
    let input = input.to_ascii_lowercase();
    candidates
        .map(|candidate| {
            (
                edit_distance(&input, &candidate.to_ascii_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters, in one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        if let Some(first) = row.first_mut() {
            *first = i.saturating_add(1);
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j.saturating_add(1)).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let substitution = diagonal.saturating_add(usize::from(ca != *cb));
            let best = substitution
                .min(above.saturating_add(1))
                .min(left.saturating_add(1));
            diagonal = above;
            if let Some(cell) = row.get_mut(j.saturating_add(1)) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}
