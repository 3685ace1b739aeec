//! The access diagram as data: principals, roles and resources as nodes, "can assume" edges (a role's trust
//! policy and the caller's own side, decided as an `sts:AssumeRole` request) and "can access" edges (the matrix
//! cells of a principal on a resource), each with its decision, and the accounts that box them.
//!
//! Contract: the node list depends only on the scenario's entities and requests, never on decisions, so a shell
//! that lays nodes out from it keeps them still while policies change. Implicit denies draw no edge (nothing
//! allowed it; the diagram would be a complete graph otherwise); an explicit deny draws a red one. Access edges
//! go to the scenario's resource entry (a bucket), not to every object key the requests name.
//!
//! Same rules as the matrix and requests: reference_policies_evaluation-logic.md ("Determining whether a
//! request is allowed or denied within an account") and, for `sts:AssumeRole` across accounts,
//! reference_policies_evaluation-logic-cross-account.md (both the trust policy and the caller's account).

use crate::context::RequestContext;
use crate::diagnostic::{Span, Spanned};
use crate::explain::Decision;
use crate::matrix::{Matrix, RowKind};
use crate::scenario::{check_request, CheckOptions, Request, Scenario};
use serde::Serialize;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    User,
    /// A role (a "hat"): assumed by others, acting as its session.
    Role,
    Root,
    Service,
    IdentityProvider,
    Anonymous,
    /// A resource (a "door").
    Resource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagramNode {
    /// The ARN (or service name, provider, `anonymous`); what edges name.
    pub id: String,
    /// Short: `user/john`, `role/app`, a bucket name.
    pub label: String,
    pub kind: NodeKind,
    /// The owning account; `None` for services, providers, anonymous and resources of no described account.
    pub account: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    /// `from` may assume role `to` (`sts:AssumeRole`, or the SAML/OIDC call for providers).
    Assume,
    /// `from` may act on resource `to`.
    Access,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagramEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// `Allow` when any action of the edge is allowed, else `ExplicitDeny`.
    pub decision: Decision,
    /// The actions allowed (or, for a deny edge, explicitly denied), in matrix column order.
    pub actions: Vec<String>,
    /// The column (or the request's) action and resource that explains the edge: for a click.
    pub action: String,
    pub resource: String,
    /// `Some(false)` when the edge crosses an account boundary.
    pub same_account: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagramAccount {
    pub id: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagram {
    pub accounts: Vec<DiagramAccount>,
    pub nodes: Vec<DiagramNode>,
    pub edges: Vec<DiagramEdge>,
}

fn short(arn: &str) -> String {
    if arn.starts_with("arn:") {
        let rest = arn.splitn(6, ':').nth(5).unwrap_or(arn);
        rest.to_string()
    } else {
        arn.to_string()
    }
}

fn spanned(text: &str) -> Spanned<String> {
    Spanned::new(text.to_string(), Span::default())
}

/// The action a provider or service uses to assume a role.
fn assume_action(kind: RowKind, key: &str) -> &'static str {
    match kind {
        RowKind::IdentityProvider if key.contains(":saml-provider/") => "sts:AssumeRoleWithSAML",
        RowKind::IdentityProvider => "sts:AssumeRoleWithWebIdentity",
        _ => "sts:AssumeRole",
    }
}

/// Builds the diagram of `scenario` from its `matrix` (rows are the principals, columns the resources).
pub fn build_diagram(scenario: &Scenario, matrix: &Matrix<'_>) -> Diagram {
    let mut diagram = Diagram::default();
    let mut account_ids: Vec<String> = scenario
        .accounts
        .iter()
        .map(|a| a.id.value.clone())
        .collect();
    for row in &matrix.rows {
        let kind = match row.kind {
            RowKind::User | RowKind::FederatedUser => NodeKind::User,
            RowKind::Role => NodeKind::Role,
            RowKind::Root => NodeKind::Root,
            RowKind::Service => NodeKind::Service,
            RowKind::IdentityProvider => NodeKind::IdentityProvider,
            RowKind::Anonymous => NodeKind::Anonymous,
        };
        diagram.nodes.push(DiagramNode {
            id: row.key.clone(),
            label: row.name.clone(),
            kind,
            account: row.account.clone(),
        });
        if let Some(account) = &row.account {
            if !account_ids.contains(account) {
                account_ids.push(account.clone());
            }
        }
    }
    // Resources: the scenario's entries, then any requested resource no entry covers.
    let mut resource_of_column: Vec<String> = Vec::new();
    for column in &matrix.columns {
        let (id, account) = match scenario.resource_for(column.resource) {
            Some(entry) => (entry.arn.value.clone(), entry.owner().map(str::to_string)),
            None => (column.resource.to_string(), column.resource_account.clone()),
        };
        resource_of_column.push(id.clone());
        if diagram.nodes.iter().any(|n| n.id == id) || column.action.starts_with("sts:") {
            continue;
        }
        diagram.nodes.push(DiagramNode {
            label: short(&id),
            id,
            kind: NodeKind::Resource,
            account: account.clone(),
        });
    }
    for entry in &scenario.resources {
        if !diagram.nodes.iter().any(|n| n.id == entry.arn.value) {
            diagram.nodes.push(DiagramNode {
                id: entry.arn.value.clone(),
                label: short(&entry.arn.value),
                kind: NodeKind::Resource,
                account: entry.owner().map(str::to_string),
            });
        }
    }
    for node in &diagram.nodes {
        if let Some(account) = &node.account {
            if !account_ids.contains(account) {
                account_ids.push(account.clone());
            }
        }
    }
    diagram.accounts = account_ids
        .into_iter()
        .map(|id| DiagramAccount {
            name: scenario
                .account(&id)
                .and_then(|a| a.name.as_ref())
                .map(|n| n.value.clone()),
            id,
        })
        .collect();

    // Access edges: a row's cells on the columns of one resource node.
    for (row, cells) in matrix.rows.iter().zip(&matrix.cells) {
        let mut edges: Vec<DiagramEdge> = Vec::new();
        for ((column, cell), resource) in matrix.columns.iter().zip(cells).zip(&resource_of_column)
        {
            // Assuming is drawn as an assume edge, from the trust question below.
            if column.action.starts_with("sts:AssumeRole") {
                continue;
            }
            if cell.decision == Decision::ImplicitDeny {
                continue;
            }
            match edges.iter_mut().find(|e| &e.to == resource) {
                Some(edge) => {
                    if cell.decision == Decision::Allow && edge.decision != Decision::Allow {
                        edge.decision = Decision::Allow;
                        edge.actions.clear();
                        edge.action = column.action.to_string();
                        edge.resource = column.resource.to_string();
                    }
                    if cell.decision == edge.decision
                        && !edge.actions.iter().any(|a| a == column.action)
                    {
                        edge.actions.push(column.action.to_string());
                    }
                }
                None => edges.push(DiagramEdge {
                    from: row.key.clone(),
                    to: resource.clone(),
                    kind: EdgeKind::Access,
                    decision: cell.decision,
                    actions: vec![column.action.to_string()],
                    action: column.action.to_string(),
                    resource: column.resource.to_string(),
                    same_account: cell.same_account,
                }),
            }
        }
        diagram.edges.extend(edges);
    }

    // Assume edges: every principal against every role, as an `sts:AssumeRole` request.
    let options = CheckOptions::default();
    for role in &scenario.roles {
        for row in &matrix.rows {
            if row.key == role.arn.value || row.kind == RowKind::Anonymous {
                continue;
            }
            let action = assume_action(row.kind, &row.key);
            let request = Request {
                index: usize::MAX,
                name: None,
                principal: spanned(&row.key),
                assume: Vec::new(),
                action: spanned(action),
                resource: spanned(&role.arn.value),
                context: RequestContext::default(),
                session_policy: None,
                vpc_endpoint: None,
                expect: None,
                source: None,
                expect_facts: None,
                span: Span::default(),
            };
            let result = check_request(scenario, &request, &options);
            if result.decision == Decision::ImplicitDeny {
                continue;
            }
            diagram.edges.push(DiagramEdge {
                from: row.key.clone(),
                to: role.arn.value.clone(),
                kind: EdgeKind::Assume,
                decision: result.decision,
                actions: vec![action.to_string()],
                action: action.to_string(),
                resource: role.arn.value.clone(),
                same_account: result.same_account,
            });
        }
    }
    // Requests with a context (a SAML audience, a source ARN) are how a scenario says a provider or service gets
    // in: their first hop counts as an edge when the context-free question above said no.
    for request in &scenario.requests {
        let Some(first) = request.assume.first() else {
            continue;
        };
        let exists = diagram.edges.iter().any(|e| {
            e.kind == EdgeKind::Assume
                && e.from == request.principal.value
                && e.to == first.role.value
        });
        if exists {
            continue;
        }
        let result = check_request(scenario, request, &options);
        let allowed_first_hop = result
            .hops
            .first()
            .is_some_and(|hop| hop.decision == Decision::Allow);
        if allowed_first_hop {
            diagram.edges.push(DiagramEdge {
                from: request.principal.value.clone(),
                to: first.role.value.clone(),
                kind: EdgeKind::Assume,
                decision: Decision::Allow,
                actions: result
                    .hops
                    .first()
                    .map(|hop| vec![hop.action.to_string()])
                    .unwrap_or_default(),
                action: result
                    .hops
                    .first()
                    .map_or_else(String::new, |hop| hop.action.to_string()),
                resource: first.role.value.clone(),
                same_account: result.same_account,
            });
        }
    }
    diagram
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::matrix::compute_matrix;
    use crate::scenario::load_scenario;

    const SCENARIO: &str = r#"{
      "accounts": {"111111111111": {"name": "dev"}, "222222222222": {"name": "prod"}},
      "users": [
        {"arn": "arn:aws:iam::111111111111:user/alice", "policies": [{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/Reader"}]}]},
        {"arn": "arn:aws:iam::111111111111:user/bob"}
      ],
      "roles": [{"arn": "arn:aws:iam::222222222222:role/Reader",
        "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]},
        "policies": [{"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
          {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}]}],
      "resources": [{"arn": "arn:aws:s3:::reports", "account": "222222222222"}],
      "requests": [
        {"principal": "arn:aws:iam::111111111111:user/alice", "assume": ["arn:aws:iam::222222222222:role/Reader"],
         "action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv"},
        {"principal": "arn:aws:iam::222222222222:role/Reader", "action": "s3:DeleteObject", "resource": "arn:aws:s3:::reports/q1.csv"}
      ]
    }"#;

    #[test]
    fn nodes_edges_and_accounts() {
        let scenario = load_scenario(SCENARIO).scenario.expect("loads");
        let matrix = compute_matrix(&scenario);
        let diagram = build_diagram(&scenario, &matrix);
        let ids: Vec<&str> = diagram.nodes.iter().map(|n| n.id.as_str()).collect();
        assert!(ids.contains(&"arn:aws:s3:::reports"), "{ids:?}");
        assert!(
            !ids.contains(&"arn:aws:s3:::reports/q1.csv"),
            "objects fold into their bucket"
        );
        assert_eq!(diagram.accounts.len(), 2);
        let assume: Vec<(&str, Decision)> = diagram
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Assume)
            .map(|e| (e.from.as_str(), e.decision))
            .collect();
        // alice: both sides allow; bob: his account does not (implicit deny, no edge).
        assert_eq!(
            assume,
            vec![("arn:aws:iam::111111111111:user/alice", Decision::Allow)]
        );
        let access = diagram
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Access && e.from.ends_with("role/Reader"))
            .expect("the role reaches the bucket");
        assert_eq!(access.decision, Decision::Allow);
        assert_eq!(access.actions, vec!["s3:GetObject".to_string()]);
    }

    #[test]
    fn the_node_list_does_not_depend_on_decisions() {
        let scenario = load_scenario(SCENARIO).scenario.expect("loads");
        let open = SCENARIO.replace("\"Effect\": \"Deny\"", "\"Effect\": \"Allow\"");
        let other = load_scenario(&open).scenario.expect("loads");
        let a = build_diagram(&scenario, &compute_matrix(&scenario));
        let b = build_diagram(&other, &compute_matrix(&other));
        assert_eq!(a.nodes, b.nodes);
        assert_ne!(a.edges, b.edges);
    }
}
