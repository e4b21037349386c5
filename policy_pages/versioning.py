"""Snapshots, content hashes and rule-by-rule comparison of versions.

Pure functions on snapshot dicts: no database access, so they are cheap to test and
to call from the site, the admin and the API alike.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .models import PolicyVersion

Change = Literal["added", "removed", "changed", "moved", "unchanged"]
WordOp = Literal["equal", "insert", "delete"]

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)
_WORD = re.compile(r"\s+|[^\s]+")
_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')
_EMBEDS = re.compile(r"<(img|embed|iframe)\b", re.IGNORECASE)


def canonical_json(snapshot: dict[str, Any]) -> bytes:
    """Sorted keys, UTF-8, no insignificant whitespace: the bytes that are hashed."""
    return json.dumps(
        snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def content_hash(snapshot: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(snapshot)).hexdigest()


def normalize_rich_text(value: str | None) -> str:
    """Rich text as stored, without what readers never see.

    The editor adds a random ``data-block-key`` to each paragraph on every save of
    text that had none, and stores an emptied field as ``<p></p>``. Neither is a
    change anyone can read, so neither may make a new version or a new hash.
    """
    if not value:
        return ""
    value = _BLOCK_KEY.sub("", value).strip()
    if not plain_text(value) and not _EMBEDS.search(value):
        return ""
    return value


def plain_text(value: str | None) -> str:
    """Rich text as stored → readable text, for word-level comparison."""
    if not value:
        return ""
    text = _BLOCK_END.sub("\n", value)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"[ \t]+", " ", text).strip()


@dataclass(frozen=True)
class WordChange:
    op: WordOp
    text: str


def diff_words(old: str, new: str) -> list[WordChange]:
    """Word-level insertions and deletions between two plain texts."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    result: list[WordChange] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(result, "equal", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(result, "delete", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            _append(result, "insert", "".join(b[j1:j2]))
    return result


def _append(result: list[WordChange], op: WordOp, text: str) -> None:
    if not text:
        return
    if result and result[-1].op == op:
        result[-1] = WordChange(op, result[-1].text + text)
    else:
        result.append(WordChange(op, text))


@dataclass
class TextDiff:
    changed: bool
    text_from: str
    text_to: str
    words: list[WordChange] = field(default_factory=list)


@dataclass
class ItemDiff:
    id: str
    change: Change
    number_from: int | None
    number_to: int | None
    text_from: str | None
    text_to: str | None
    words: list[WordChange] = field(default_factory=list)
    moved: bool = False


@dataclass
class SnapshotDiff:
    items: list[ItemDiff]
    fields: dict[str, TextDiff]

    @property
    def has_changes(self) -> bool:
        return any(i.change != "unchanged" for i in self.items) or any(
            f.changed for f in self.fields.values()
        )

    def count(self, change: Change) -> int:
        return sum(1 for i in self.items if i.change == change)

    @property
    def counts(self) -> dict[str, int]:
        return {c: self.count(c) for c in ("added", "removed", "changed", "moved")}

    @property
    def changed_items(self) -> list[ItemDiff]:
        """Added, removed, changed and moved items, in the order of the text."""
        return [i for i in self.items if i.change != "unchanged"]

    @property
    def unchanged_items(self) -> list[ItemDiff]:
        """What readers can skip: shown folded, after the changes."""
        return [i for i in self.items if i.change == "unchanged"]

    def as_data(self) -> dict[str, Any]:
        """JSON data in the shape of ``@diff``: ``rules``, ``preamble``, ``closing``."""

        def words(ws: list[WordChange]) -> list[dict[str, str]]:
            return [{"op": w.op, "text": w.text} for w in ws]

        data: dict[str, Any] = {
            "rules": [
                {
                    "id": item.id,
                    "change": item.change,
                    "moved": item.moved,
                    "number_from": item.number_from,
                    "number_to": item.number_to,
                    "text_from": item.text_from,
                    "text_to": item.text_to,
                    "words": words(item.words),
                }
                for item in self.items
            ]
        }
        for name in ("preamble", "closing"):
            text = self.fields.get(name)
            if text is not None:
                data[name] = {
                    "change": "changed" if text.changed else "unchanged",
                    "text_from": text.text_from,
                    "text_to": text.text_to,
                    "words": words(text.words),
                }
        return data


def _stable_ids(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Ids that kept their relative order: the longest common subsequence.

    A rule that only got a new number because another was added or removed is not
    moved; a rule outside the longest run of kept order is.
    """
    common = set(old_ids) & set(new_ids)
    a = [i for i in old_ids if i in common]
    b = [i for i in new_ids if i in common]
    # Classic LCS by dynamic programming; rule sets are small (tens of rules).
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for x in range(len(a) - 1, -1, -1):
        for y in range(len(b) - 1, -1, -1):
            if a[x] == b[y]:
                lengths[x][y] = lengths[x + 1][y + 1] + 1
            else:
                lengths[x][y] = max(lengths[x + 1][y], lengths[x][y + 1])
    kept: set[str] = set()
    x = y = 0
    while x < len(a) and y < len(b):
        if a[x] == b[y]:
            kept.add(a[x])
            x += 1
            y += 1
        elif lengths[x + 1][y] >= lengths[x][y + 1]:
            x += 1
        else:
            y += 1
    return kept


def diff_snapshots(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    items_field: str = "rules",
    text_fields: tuple[str, ...] = ("title", "preamble", "closing", "contact"),
) -> SnapshotDiff:
    """Compare two snapshots item by item (by stable id) and field by field."""
    old_items = {i["id"]: i for i in old.get(items_field, [])}
    new_items = {i["id"]: i for i in new.get(items_field, [])}
    kept_order = _stable_ids(list(old_items), list(new_items))

    items: list[ItemDiff] = []
    for item_id, item in new_items.items():
        before = old_items.get(item_id)
        text_to = plain_text(item["text"])
        if before is None:
            items.append(
                ItemDiff(
                    item_id,
                    "added",
                    None,
                    item["number"],
                    None,
                    text_to,
                    [WordChange("insert", text_to)],
                )
            )
            continue
        text_from = plain_text(before["text"])
        if before["text"] != item["text"]:
            change: Change = "changed"
        elif item_id not in kept_order:
            change = "moved"
        else:
            change = "unchanged"
        items.append(
            ItemDiff(
                item_id,
                change,
                before["number"],
                item["number"],
                text_from,
                text_to,
                diff_words(text_from, text_to),
                moved=item_id not in kept_order,
            )
        )
    # Removed items go where they stood, before the item that followed them.
    for item_id, before in old_items.items():
        if item_id in new_items:
            continue
        text_from = plain_text(before["text"])
        removed = ItemDiff(
            item_id,
            "removed",
            before["number"],
            None,
            text_from,
            None,
            [WordChange("delete", text_from)],
        )
        position = next(
            (
                n
                for n, i in enumerate(items)
                if i.number_from is not None and i.number_from > before["number"]
            ),
            len(items),
        )
        items.insert(position, removed)

    fields: dict[str, TextDiff] = {}
    for name in text_fields:
        if name not in old and name not in new:
            continue
        a, b = plain_text(old.get(name)), plain_text(new.get(name))
        fields[name] = TextDiff(old.get(name) != new.get(name), a, b, diff_words(a, b))
    return SnapshotDiff(items=items, fields=fields)


def diff_versions(old: PolicyVersion, new: PolicyVersion) -> SnapshotDiff:
    return diff_snapshots(old.snapshot, new.snapshot)
