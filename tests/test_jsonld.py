"""The JSON-LD text put between script tags: readable, and unable to end its element."""

import json

from claims.exports.jsonld import jsonld_script_body, jsonld_text


def test_other_scripts_stay_as_written_and_the_text_is_indented_by_two():
    assert jsonld_text({"claimReviewed": "서울, Zürich", "rating": 1}) == (
        '{\n  "claimReviewed": "서울, Zürich",\n  "rating": 1\n}'
    )


def test_nothing_in_the_text_can_end_the_script_or_start_markup():
    hostile = "</script><b>&amp;\u2028\u2029"
    text = jsonld_text({"name": hostile})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"name": hostile}


def test_the_script_body_is_the_same_text_marked_safe():
    body = jsonld_script_body({"name": "<x>"})
    assert str(body) == jsonld_text({"name": "<x>"})
    assert hasattr(body, "__html__")
