"""The rule-by-rule comparison and the hash, on plain snapshots."""

import hashlib

from policy_pages.versioning import (
    canonical_json,
    content_hash,
    diff_snapshots,
    diff_words,
    normalize_rich_text,
    plain_text,
)


def snap(*rules, preamble="<p>Inleiding</p>", closing=""):
    return {
        "title": "Regels",
        "preamble": preamble,
        "closing": closing,
        "contact": "",
        "rules": [
            {"id": rule_id, "number": n, "text": f"<p>{text}</p>"}
            for n, (rule_id, text) in enumerate(rules, start=1)
        ],
    }


def changes(diff):
    return {item.id: item.change for item in diff.items}


def test_canonical_json_is_sorted_compact_utf8():
    assert canonical_json({"b": "é", "a": [1, 2]}) == '{"a":[1,2],"b":"é"}'.encode()


def test_hash_is_sha256_of_canonical_json():
    snapshot = snap(("a", "Een"))
    expected = hashlib.sha256(canonical_json(snapshot)).hexdigest()
    assert content_hash(snapshot) == f"sha256:{expected}"
    assert content_hash(snapshot) == content_hash(dict(reversed(snapshot.items())))


def test_identical_snapshots_have_no_changes():
    old = snap(("a", "Een"), ("b", "Twee"))
    diff = diff_snapshots(old, old)
    assert not diff.has_changes
    assert set(changes(diff).values()) == {"unchanged"}


def test_added_removed_and_changed_rules():
    old = snap(("a", "Een"), ("b", "Twee"), ("c", "Drie"))
    new = snap(("a", "Een"), ("c", "Drie en meer"), ("d", "Vier"))
    diff = diff_snapshots(old, new)
    assert changes(diff) == {
        "a": "unchanged",
        "b": "removed",
        "c": "changed",
        "d": "added",
    }
    # The removed rule stays where it stood: between rule a and rule c.
    assert [item.id for item in diff.items] == ["a", "b", "c", "d"]
    c = next(item for item in diff.items if item.id == "c")
    assert (c.number_from, c.number_to) == (3, 2)
    assert not c.moved


def test_a_new_number_after_an_insert_is_not_a_move():
    old = snap(("a", "Een"), ("b", "Twee"))
    new = snap(("x", "Nieuw"), ("a", "Een"), ("b", "Twee"))
    diff = diff_snapshots(old, new)
    assert changes(diff) == {"x": "added", "a": "unchanged", "b": "unchanged"}


def test_reorder_marks_the_moved_rule():
    old = snap(("a", "Een"), ("b", "Twee"), ("c", "Drie"))
    new = snap(("a", "Een"), ("c", "Drie"), ("b", "Twee"))
    diff = diff_snapshots(old, new)
    moved = [item.id for item in diff.items if item.change == "moved"]
    assert len(moved) == 1
    assert changes(diff)["a"] == "unchanged"


def test_reorder_with_an_edit_is_changed_and_moved():
    old = snap(("a", "Een"), ("b", "Twee"), ("c", "Drie"))
    new = snap(("c", "Drie, aangepast"), ("a", "Een"), ("b", "Twee"))
    diff = diff_snapshots(old, new)
    c = next(item for item in diff.items if item.id == "c")
    assert c.change == "changed"
    assert c.moved
    assert (c.number_from, c.number_to) == (3, 1)
    assert changes(diff)["a"] == "unchanged"
    assert changes(diff)["b"] == "unchanged"


def test_word_level_changes_inside_a_rule():
    words = diff_words("Je deelt geen foto's", "Je deelt nooit foto's of video's")
    assert [(w.op, w.text) for w in words] == [
        ("equal", "Je deelt "),
        ("delete", "geen"),
        ("insert", "nooit"),
        ("equal", " foto's"),
        ("insert", " of video's"),
    ]


def test_preamble_and_closing_are_compared():
    old = snap(("a", "Een"), preamble="<p>Oud</p>", closing="")
    new = snap(("a", "Een"), preamble="<p>Nieuw</p>", closing="<p>Slot</p>")
    diff = diff_snapshots(old, new)
    assert diff.fields["preamble"].changed
    assert diff.fields["closing"].changed
    assert not diff.fields["contact"].changed
    assert diff.has_changes


def test_plain_text_strips_tags_and_entities():
    assert plain_text("<p>Een &amp; <b>twee</b></p><p>drie</p>") == "Een & twee\ndrie"


def test_editor_block_keys_and_empty_paragraphs_are_not_content():
    assert normalize_rich_text('<p data-block-key="x1">Een</p>') == "<p>Een</p>"
    assert normalize_rich_text('<p data-block-key="k"></p>') == ""
    assert normalize_rich_text("") == ""
