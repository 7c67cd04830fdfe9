"""Rules after decoding: a leading list marker and a bare DOI or URL get their labels whatever the model said."""

import tagger


def test_rules_label_list_markers_and_bare_links_with_full_confidence():
    model = tagger.default_tagger()
    text = "- **4.** Smith, J. (2001). A title. J. Biol., 3, 1-10. https://doi.org/10.1038/s41586-020-1"
    reference = model.parse(text, confidence=True)
    spans = {span.label: span for span in reference.spans}
    assert spans["marker"].start == 0 and spans["marker"].confidence > 0.999
    assert spans["author"].confidence > 0.9  # the marker the rule set does not make the author look unsure
    assert spans["doi"].text == "https://doi.org/10.1038/s41586-020-1"
    assert reference.record()["doi"] == "10.1038/s41586-020-1"
    url = model.parse("Doe, J. A page. https://example.org/x")
    assert [span.text for span in url.spans if span.label == "url"] == ["https://example.org/x"]
