"""Parses the Kalisto seed text (a copy of shared/seeds/…) into rule sets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_FILE = Path(__file__).with_name("kalisto-gedragsregels-social-media-2018.txt")

_VERSION_LINE = re.compile(r"^VERSIE\s+(?P<date>.+?)\s*$")
_RULE_START = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>.*)$")


@dataclass
class SeedRuleSet:
    version_label: str
    title: str
    preamble: str
    rules: list[str] = field(default_factory=list)


def _join(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def parse_seed(text: str) -> list[SeedRuleSet]:
    """Each "VERSIE …" line starts a rule set: a title, a preamble, numbered rules.

    Lines of one paragraph are joined with single spaces; a line that starts with
    "N. " starts rule N. Numbers must run 1, 2, 3, … or the seed is refused.
    """
    rule_sets: list[SeedRuleSet] = []
    current: SeedRuleSet | None = None
    preamble: list[str] = []
    rule: list[str] | None = None

    def close_rule():
        nonlocal rule
        if current is not None and rule is not None:
            current.rules.append(_join(rule))
        rule = None

    def close_set():
        close_rule()
        if current is not None:
            current.preamble = _join(preamble)
            rule_sets.append(current)

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        version = _VERSION_LINE.match(line)
        if version:
            close_set()
            current = SeedRuleSet(version.group("date"), "", "")
            preamble = []
            continue
        if current is None:
            continue
        if not current.title:
            current.title = line
            continue
        start = _RULE_START.match(line)
        if start and int(start.group("number")) == len(current.rules) + (
            1 if rule is None else 2
        ):
            close_rule()
            rule = [start.group("text")]
        elif rule is not None:
            rule.append(line)
        else:
            preamble.append(line)
    close_set()
    return rule_sets


def load_seed() -> list[SeedRuleSet]:
    return parse_seed(SEED_FILE.read_text(encoding="utf-8"))
