"""Word lists as data: entries casefolded, values after a tab (each month's number) in the same file."""

from tagger import lexicon


def test_months_are_one_list_with_a_number_for_each_month_name():
    words, numbers = lexicon.load("months"), lexicon.values("months")
    assert set(numbers) <= words and {int(number) for number in numbers.values()} == set(range(1, 13))
    assert words - set(numbers) == {"spring", "summer", "autumn", "fall", "winter", "frühjahr", "herbst",
                                    "printemps", "été", "automne", "hiver"}  # seasons: a month word, no number
    assert numbers["märz"] == numbers["марта"] == numbers["березня"] == "3"


def test_an_entry_may_hold_spaces_and_a_list_without_values_has_none():
    assert "a cura di" in lexicon.load("editor_markers")
    assert lexicon.values("editor_markers") == {}
