//! "Did you mean …?" suggestions for misspelt keys and ids.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
///
/// ```
/// assert_eq!(opsctl::suggest::closest("ownr", ["owner", "title"]), Some("owner"));
/// assert_eq!(opsctl::suggest::closest("budget", ["owner", "title"]), None);
/// ```
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A help line "did you mean `x`?" when a close candidate exists.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(closest("ownr", ["owner", "title"]), Some("owner"));
        assert_eq!(closest("zzz", ["owner", "title"]), None);
    }
}
