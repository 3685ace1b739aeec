//! Representative values: the few values of a condition key, an action or a resource that stand for every value
//! a request could carry, as far as one set of policies can tell them apart.
//!
//! CONTRACT: a policy compares a request value only with its own constants (through `StringEquals`,
//! `StringLike`, `IpAddress`, `NumericLessThan`, ...). Two values that compare the same way with every constant
//! get the same decision, so one value per class suffices: the key missing, each constant itself (its wildcards
//! filled in), just below and just above each numeric or date constant, both booleans, and one value no
//! constant names. The classes are a cover, not an exact partition: a value that matches two `StringLike`
//! patterns at once is only found when one pattern's filled-in form matches the other; the analyses say which
//! answers rest on this (`complete`).

use crate::condition::values::parse_ip_network;
use crate::context::ContextValue;
use crate::policy::model::{BaseOperator, ConditionClause};

/// A value no policy names: every key's "anything else" class.
pub const OTHER_VALUE: &str = "iamplay-other-value";

/// Addresses in the documentation ranges (RFC 5737, RFC 3849), outside the ranges policies name in practice;
/// one of each family, plus an RFC 1918 address for policies that pin a private range.
const OTHER_ADDRESSES: [&str; 3] = ["198.51.100.77", "2001:db8:ffff::77", "10.255.255.254"];

/// The values one key is tried with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyClasses {
    /// As first written.
    pub key: String,
    /// `None`: the key is missing from the request.
    pub values: Vec<Option<ContextValue>>,
    /// Per value: whether it is a fixed constant of the policy (no wildcard, no variable, a narrow network),
    /// which is what lets a condition restrict who qualifies.
    pub fixed: Vec<bool>,
}

/// Fills the wildcards of a pattern: `?` with `x`, `*` with `star`, except an ARN's account field, which
/// becomes `any_account` (so `arn:aws:iam::*:role/Admin` yields a role in an account no policy names).
pub fn fill_wildcards(pattern: &str, star: &str, any_account: &str) -> String {
    if let Some(rest) = pattern.strip_prefix("arn:") {
        let mut fields: Vec<String> = rest.splitn(5, ':').map(str::to_string).collect();
        if let Some(account) = fields.get_mut(3) {
            if account.contains(['*', '?']) {
                *account = any_account.to_string();
            }
        }
        return format!("arn:{}", fill_plain(&fields.join(":"), star));
    }
    fill_plain(pattern, star)
}

fn fill_plain(pattern: &str, star: &str) -> String {
    pattern.replace('*', star).replace('?', "x")
}

/// Whether a constant is a fixed value in S3's sense: no wildcard, no policy variable
/// (access-control-block-public-access.md, "The meaning of \"public\"").
pub fn is_fixed(value: &str) -> bool {
    !value.contains(['*', '?']) && !value.contains("${")
}

/// Whether an `aws:SourceIp` constant is narrow enough to restrict access: S3 treats ranges broader than /8 for
/// IPv4 and /32 for IPv6 as public, RFC 1918 ranges excepted (access-control-block-public-access.md, "The
/// meaning of \"public\"", note on `aws:SourceIp`).
pub fn is_narrow_network(value: &str) -> bool {
    let Some(network) = parse_ip_network(value) else {
        return false;
    };
    match network {
        ipnet::IpNet::V4(v4) => {
            let private = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
                .iter()
                .filter_map(|range| range.parse::<ipnet::Ipv4Net>().ok())
                .any(|range| range.contains(&v4));
            private || v4.prefix_len() >= 8
        }
        ipnet::IpNet::V6(v6) => v6.prefix_len() >= 32,
    }
}

/// The values a clause's constants suggest for its key, each with whether it stands for a fixed constant.
fn clause_values(clause: &ConditionClause, any_account: &str, out: &mut Vec<(String, bool)>) {
    use BaseOperator::*;
    let base = clause.operator.value.base;
    for constant in &clause.values {
        let text = constant.value.as_str();
        match base {
            IpAddress | NotIpAddress => {
                if let Some(network) = parse_ip_network(text) {
                    let narrow = is_narrow_network(text);
                    out.push((network.network().to_string(), narrow));
                    out.push((network.broadcast().to_string(), narrow));
                }
            }
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => {
                out.push((text.to_string(), true));
                if let Ok(number) = text.parse::<i64>() {
                    out.push((number.saturating_sub(1).to_string(), false));
                    out.push((number.saturating_add(1).to_string(), false));
                }
            }
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => {
                out.push((text.to_string(), true));
                out.push(("1970-01-01T00:00:00Z".to_string(), false));
                out.push(("2999-12-31T23:59:59Z".to_string(), false));
            }
            Bool => {
                out.push(("true".to_string(), true));
                out.push(("false".to_string(), true));
            }
            Null => {}
            _ => {
                out.push((fill_wildcards(text, "", any_account), is_fixed(text)));
                if text.contains('*') {
                    out.push((fill_wildcards(text, "x", any_account), false));
                }
            }
        }
    }
}

/// The classes of every key the clauses read, keys in first-seen order (case-insensitively), each with the
/// missing class first and the "other" class second, then the constants' values.
pub fn key_classes<'c>(
    clauses: impl IntoIterator<Item = &'c ConditionClause>,
    any_account: &str,
) -> Vec<KeyClasses> {
    let mut keys: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    for clause in clauses {
        let key = clause.key.value.as_str();
        let at = match keys.iter().position(|(k, _)| k.eq_ignore_ascii_case(key)) {
            Some(at) => at,
            None => {
                keys.push((key.to_string(), Vec::new()));
                keys.len() - 1
            }
        };
        if let Some((_, values)) = keys.get_mut(at) {
            clause_values(clause, any_account, values);
            if matches!(
                clause.operator.value.base,
                BaseOperator::IpAddress | BaseOperator::NotIpAddress
            ) {
                values.extend(OTHER_ADDRESSES.iter().map(|a| (a.to_string(), false)));
            }
        }
    }
    keys.into_iter()
        .map(|(key, constants)| {
            let mut values: Vec<Option<ContextValue>> =
                vec![None, Some(ContextValue::Single(OTHER_VALUE.to_string()))];
            let mut fixed = vec![false, false];
            for (constant, is_fixed) in constants {
                let value = Some(ContextValue::Single(constant));
                match values.iter().position(|seen| *seen == value) {
                    Some(at) => {
                        if let Some(flag) = fixed.get_mut(at) {
                            *flag = *flag || is_fixed;
                        }
                    }
                    None => {
                        values.push(value);
                        fixed.push(is_fixed);
                    }
                }
            }
            KeyClasses { key, values, fixed }
        })
        .collect()
}

/// Walks the product of several class lists as a mixed-radix counter: `next` gives the index into each list,
/// at most `cap` combinations in all (the first ones; the caller says whether it saw every one).
pub struct Combinations {
    sizes: Vec<usize>,
    current: Vec<usize>,
    started: bool,
    remaining: usize,
}

impl Combinations {
    pub fn new(sizes: Vec<usize>, cap: usize) -> Self {
        let empty = sizes.contains(&0);
        Self {
            current: vec![0; sizes.len()],
            sizes,
            started: false,
            remaining: if empty { 0 } else { cap },
        }
    }

    pub fn next_combination(&mut self) -> Option<&[usize]> {
        if self.remaining == 0 {
            return None;
        }
        if self.started {
            let mut carried = true;
            for (index, size) in self.current.iter_mut().zip(&self.sizes) {
                *index += 1;
                if *index < *size {
                    carried = false;
                    break;
                }
                *index = 0;
            }
            if carried {
                self.remaining = 0;
                return None;
            }
        }
        self.started = true;
        self.remaining -= 1;
        Some(&self.current)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn wildcards_in_an_arn_account_become_the_other_account() {
        assert_eq!(
            fill_wildcards("arn:aws:iam::*:role/Admin*", "", "000000000002"),
            "arn:aws:iam::000000000002:role/Admin"
        );
        assert_eq!(fill_wildcards("o-?bc*", "x", "1"), "o-xbcx");
    }

    #[test]
    fn broad_networks_are_not_narrow() {
        assert!(is_narrow_network("203.0.113.0/24"));
        assert!(!is_narrow_network("0.0.0.0/1"));
        assert!(is_narrow_network("10.0.0.0/8"));
        assert!(!is_narrow_network("2001:db8::/16"));
        assert!(is_narrow_network("2001:db8::/48"));
        assert!(!is_narrow_network("not an ip"));
    }

    #[test]
    fn combinations_cover_the_product_once() {
        let mut walk = Combinations::new(vec![2, 3], 100);
        let mut seen = Vec::new();
        while let Some(combination) = walk.next_combination() {
            seen.push(combination.to_vec());
        }
        assert_eq!(seen.len(), 6);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 6);
        let mut capped = Combinations::new(vec![2, 3], 4);
        let mut count = 0;
        while capped.next_combination().is_some() {
            count += 1;
        }
        assert_eq!(count, 4);
        assert!(Combinations::new(vec![2, 0], 9)
            .next_combination()
            .is_none());
        assert_eq!(
            Combinations::new(vec![], 9).next_combination(),
            Some(&[][..])
        );
    }
}
