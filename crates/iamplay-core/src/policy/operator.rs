//! Condition operator names: reading `ForAnyValue:StringLikeIfExists` into a `ConditionOperator` and writing it
//! back (reference_policies_elements_condition_operators.md, reference_policies_multi-value-conditions.md).

use crate::policy::model::{BaseOperator, ConditionOperator, SetQualifier};
use crate::policy::suggest::did_you_mean;
use std::fmt;

impl BaseOperator {
    /// Every operator, in the order of the AWS operator reference.
    pub const ALL: [BaseOperator; 27] = [
        BaseOperator::StringEquals,
        BaseOperator::StringNotEquals,
        BaseOperator::StringEqualsIgnoreCase,
        BaseOperator::StringNotEqualsIgnoreCase,
        BaseOperator::StringLike,
        BaseOperator::StringNotLike,
        BaseOperator::NumericEquals,
        BaseOperator::NumericNotEquals,
        BaseOperator::NumericLessThan,
        BaseOperator::NumericLessThanEquals,
        BaseOperator::NumericGreaterThan,
        BaseOperator::NumericGreaterThanEquals,
        BaseOperator::DateEquals,
        BaseOperator::DateNotEquals,
        BaseOperator::DateLessThan,
        BaseOperator::DateLessThanEquals,
        BaseOperator::DateGreaterThan,
        BaseOperator::DateGreaterThanEquals,
        BaseOperator::Bool,
        BaseOperator::BinaryEquals,
        BaseOperator::IpAddress,
        BaseOperator::NotIpAddress,
        BaseOperator::ArnEquals,
        BaseOperator::ArnLike,
        BaseOperator::ArnNotEquals,
        BaseOperator::ArnNotLike,
        BaseOperator::Null,
    ];

    /// The name as written in policies.
    pub fn name(self) -> &'static str {
        use BaseOperator::*;
        match self {
            StringEquals => "StringEquals",
            StringNotEquals => "StringNotEquals",
            StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            StringLike => "StringLike",
            StringNotLike => "StringNotLike",
            NumericEquals => "NumericEquals",
            NumericNotEquals => "NumericNotEquals",
            NumericLessThan => "NumericLessThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThan => "NumericGreaterThan",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            DateEquals => "DateEquals",
            DateNotEquals => "DateNotEquals",
            DateLessThan => "DateLessThan",
            DateLessThanEquals => "DateLessThanEquals",
            DateGreaterThan => "DateGreaterThan",
            DateGreaterThanEquals => "DateGreaterThanEquals",
            Bool => "Bool",
            BinaryEquals => "BinaryEquals",
            IpAddress => "IpAddress",
            NotIpAddress => "NotIpAddress",
            ArnEquals => "ArnEquals",
            ArnLike => "ArnLike",
            ArnNotEquals => "ArnNotEquals",
            ArnNotLike => "ArnNotLike",
            Null => "Null",
        }
    }

    /// The operator with exactly this (case-sensitive) name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.name() == name)
    }
}

impl SetQualifier {
    pub fn name(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues",
            SetQualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

/// Why an operator name was not accepted; `suggestion` is a full corrected name when one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorNameError {
    /// The part before `:` is not `ForAllValues` or `ForAnyValue`.
    UnknownQualifier {
        qualifier: String,
        suggestion: Option<String>,
    },
    /// The operator itself is unknown (or differs in case: names are case-sensitive).
    UnknownOperator { suggestion: Option<String> },
    /// `NullIfExists`: `Null` already tests existence (reference_policies_elements_condition_operators.md,
    /// "...IfExists condition operators": "except the `Null` condition").
    NullIfExists,
}

impl ConditionOperator {
    /// Reads an operator name: an optional `ForAllValues:`/`ForAnyValue:` prefix, a base operator, an optional
    /// `IfExists` suffix. Case-sensitive, as AWS reads them.
    pub fn parse(name: &str) -> Result<Self, OperatorNameError> {
        let (qualifier, rest) = match name.split_once(':') {
            None => (None, name),
            Some((prefix, rest)) => {
                let qualifier = match prefix {
                    "ForAllValues" => SetQualifier::ForAllValues,
                    "ForAnyValue" => SetQualifier::ForAnyValue,
                    _ => {
                        let suggestion = did_you_mean(prefix, ["ForAllValues", "ForAnyValue"])
                            .and_then(|fixed| {
                                let tail = match Self::parse(rest) {
                                    Ok(operator) => operator.to_string(),
                                    Err(OperatorNameError::UnknownOperator { suggestion }) => {
                                        suggestion?
                                    }
                                    Err(_) => rest.to_string(),
                                };
                                Some(format!("{fixed}:{tail}"))
                            });
                        return Err(OperatorNameError::UnknownQualifier {
                            qualifier: prefix.to_string(),
                            suggestion,
                        });
                    }
                };
                (Some(qualifier), rest)
            }
        };
        let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let Some(base) = BaseOperator::from_name(base_name) else {
            let prefix = qualifier
                .map(|q| format!("{}:", q.name()))
                .unwrap_or_default();
            let candidates = all_names();
            let suggestion = did_you_mean(rest, candidates.iter().map(String::as_str))
                .filter(|fixed| *fixed != "NullIfExists")
                .map(|fixed| format!("{prefix}{fixed}"));
            return Err(OperatorNameError::UnknownOperator { suggestion });
        };
        if base == BaseOperator::Null && if_exists {
            return Err(OperatorNameError::NullIfExists);
        }
        Ok(Self {
            qualifier,
            base,
            if_exists,
        })
    }
}

/// Every base name with and without `IfExists` (what a typo is compared against).
fn all_names() -> Vec<String> {
    BaseOperator::ALL
        .iter()
        .flat_map(|op| [op.name().to_string(), format!("{}IfExists", op.name())])
        .collect()
}

/// Writes the name back as AWS spells it.
impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(qualifier) = self.qualifier {
            write!(f, "{}:", qualifier.name())?;
        }
        f.write_str(self.base.name())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

impl fmt::Display for BaseOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn every_name_round_trips() {
        for base in BaseOperator::ALL {
            assert_eq!(BaseOperator::from_name(base.name()), Some(base));
            for qualifier in [
                None,
                Some(SetQualifier::ForAllValues),
                Some(SetQualifier::ForAnyValue),
            ] {
                for if_exists in [false, true] {
                    let operator = ConditionOperator {
                        qualifier,
                        base,
                        if_exists,
                    };
                    let parsed = ConditionOperator::parse(&operator.to_string());
                    if base == BaseOperator::Null && if_exists {
                        assert_eq!(parsed, Err(OperatorNameError::NullIfExists));
                    } else {
                        assert_eq!(parsed, Ok(operator));
                    }
                }
            }
        }
    }

    #[test]
    fn reads_qualifier_base_and_suffix() {
        assert_eq!(
            ConditionOperator::parse("ForAnyValue:StringLikeIfExists"),
            Ok(ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                base: BaseOperator::StringLike,
                if_exists: true,
            })
        );
        assert_eq!(
            ConditionOperator::parse("Bool"),
            Ok(ConditionOperator {
                qualifier: None,
                base: BaseOperator::Bool,
                if_exists: false
            })
        );
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let suggestion = |name: &str| match ConditionOperator::parse(name) {
            Err(OperatorNameError::UnknownOperator { suggestion })
            | Err(OperatorNameError::UnknownQualifier { suggestion, .. }) => suggestion,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(suggestion("stringequals").as_deref(), Some("StringEquals"));
        assert_eq!(suggestion("StringEqual").as_deref(), Some("StringEquals"));
        assert_eq!(
            suggestion("StringLikeIfExist").as_deref(),
            Some("StringLikeIfExists")
        );
        assert_eq!(
            suggestion("ForAnyValue:StringEqual").as_deref(),
            Some("ForAnyValue:StringEquals")
        );
        assert_eq!(
            suggestion("ForAllValue:StringLike").as_deref(),
            Some("ForAllValues:StringLike")
        );
        assert_eq!(
            suggestion("forallvalues:stringlike").as_deref(),
            Some("ForAllValues:StringLike")
        );
        assert_eq!(suggestion("IpAddres").as_deref(), Some("IpAddress"));
        assert_eq!(suggestion("Banana"), None);
        assert!(ConditionOperator::parse("StringEquals:").is_err());
        assert!(ConditionOperator::parse("").is_err());
    }
}
