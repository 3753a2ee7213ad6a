from build_tools.markup.terms import TermMatcher


def found(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.term_id) for m in matcher.find(text)]


MATCHER = TermMatcher([
    ("NATO", "nato"),
    ("Article 5", "article-5"),
    ("security guarantee", "security-guarantee"),
    ("security guarantees", "security-guarantee"),
    ("security", "security"),
    ("deter", "deterrence"),
    ("collective defense", "collective-defence"),
])


def test_case_insensitive_and_whole_words() -> None:
    assert found(MATCHER, "nato and Nato, NATO.") == [("nato", "nato"), ("Nato", "nato"), ("NATO", "nato")]
    assert found(MATCHER, "NATOs determine deterrent") == []


def test_longest_match_wins() -> None:
    assert found(MATCHER, "a security guarantees plan") == [("security guarantees", "security-guarantee")]
    assert found(MATCHER, "security alone") == [("security", "security")]


def test_aliases_and_plurals_map_to_their_term() -> None:
    assert found(MATCHER, "Security Guarantee") == [("Security Guarantee", "security-guarantee")]


def test_multi_word_terms_across_line_breaks() -> None:
    text = "the collective\n  defense clause"
    assert found(MATCHER, text) == [("collective\n  defense", "collective-defence")]


def test_digits_are_part_of_words() -> None:
    assert found(MATCHER, "Article 5, not Article 51") == [("Article 5", "article-5")]


def test_offsets_survive_case_folding_that_changes_length() -> None:
    # "İ".lower() is two code points; offsets must still point into the original text.
    text = "İİ NATO"
    assert found(MATCHER, text) == [("NATO", "nato")]


def test_empty_matcher_finds_nothing() -> None:
    assert found(TermMatcher([]), "NATO") == []
