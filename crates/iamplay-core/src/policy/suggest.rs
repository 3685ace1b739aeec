//! "Did you mean ...?" suggestions for misspelled keys and operator names.

/// Inputs longer than this get no suggestion: edit distance is quadratic and a long key is no typo.
const MAX_SUGGESTION_INPUT: usize = 64;

/// The candidate closest to `input`: an exact match ignoring case first, otherwise the nearest by edit
/// distance (ignoring case) if it is close enough to be a typo (at most 1 edit per 3 characters, at most 3).
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if input.is_empty() || input.chars().count() > MAX_SUGGESTION_INPUT {
        return None;
    }
    let lower = input.to_lowercase();
    let allowed = (input.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = if candidate.to_lowercase() == lower {
            0
        } else {
            edit_distance(&lower, &candidate.to_lowercase())
        };
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(ca != *cb));
            let delete = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insert = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = substitute.min(delete).min(insert);
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("statements", "statement"), 1);
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["Version", "Id", "Statement"];
        assert_eq!(did_you_mean("Statements", keys), Some("Statement"));
        assert_eq!(did_you_mean("statement", keys), Some("Statement"));
        assert_eq!(did_you_mean("Verison", keys), Some("Version"));
        assert_eq!(did_you_mean("Banana", keys), None);
        assert_eq!(did_you_mean("", keys), None);
        assert_eq!(did_you_mean(&"x".repeat(10_000), keys), None);
        assert_eq!(
            did_you_mean("StringEqual", ["StringEquals", "StringLike"]),
            Some("StringEquals")
        );
    }
}
