"""docs/scenario-format.md: every YAML example in it validates, every key and kind is documented.

Each ```yaml block follows a marker `<!-- example: WHAT -->` that says how to
check it: `scenario` is a whole file; `fragment` is a tutorial step, equal to
the same keys of the tutorial's whole file; `top` is merged into the starter
scenario; `card`, `event`, `condition`, `effect` and `modifier` are added to
the starter scenario. Every one must validate.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import attrs
import pytest
import yaml

from sim.analysis.batch import play_game, seat_policies
from sim.core import model
from sim.scenario import format as fmt
from sim.scenario.loader import check_text

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!-- example: (\w+) -->\n)?```yaml\n(.*?)```", re.S)
EXAMPLES = [(what, body) for what, body in BLOCK.findall(DOC)]
TEMPLATE = yaml.safe_load(
    (ROOT / "sim" / "scenario" / "template" / "scenario.yaml").read_text(encoding="utf-8")
    .replace("$SCHEMA", "x").replace("$ID", "doc").replace("$TITLE", "Doc")
)
WHOLE = [yaml.safe_load(body) for what, body in EXAMPLES if what == "scenario"]


def _check(data: dict) -> None:
    report = check_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "doc.yaml")
    assert not report.errors, [str(p) for p in report.errors]


def _with_card(**card) -> dict:
    data = copy.deepcopy(TEMPLATE)
    base = {"id": "doc_kaart", "agency": "wijkteam", "type": "in_system",
            "title": {"nl": "Voorbeeld", "en": "Example"}, "text": {"nl": "Voorbeeld.", "en": "Example."}}
    data["cards"].append({**base, **card})
    return data


def test_every_yaml_block_says_how_it_is_checked():
    assert len(EXAMPLES) >= 30
    assert all(what for what, _ in EXAMPLES), "a ```yaml block without an <!-- example: ... --> marker"
    assert len(WHOLE) == 1


@pytest.mark.parametrize("what,body", EXAMPLES, ids=[f"{i}-{w}" for i, (w, _) in enumerate(EXAMPLES)])
def test_each_example_validates(what, body):
    fragment = yaml.safe_load(body)
    if what == "scenario":
        report = check_text(body, str(ROOT / "scenarios" / "doc.yaml"))
        assert not report.errors and not report.warnings, [str(p) for p in report.errors + report.warnings]
        play_game(report.scenario, 1, seat_policies(report.scenario, "grensverlegger"))
    elif what == "fragment":
        for key, value in fragment.items():
            assert WHOLE[0][key] == value, f"the tutorial step for {key!r} differs from the whole file"
    elif what == "top":
        _check({**copy.deepcopy(TEMPLATE), **fragment})
    elif what == "card":
        data = copy.deepcopy(TEMPLATE)
        data["cards"].append(fragment)
        _check(data)
    elif what == "agency":
        data = copy.deepcopy(TEMPLATE)
        data["agencies"].append(fragment)
        _check(data)
    elif what == "event":
        data = copy.deepcopy(TEMPLATE)
        data["events"].append(fragment)
        _check(data)
    elif what == "condition":
        _check(_with_card(conditions=fragment))
    elif what == "effect":
        _check(_with_card(effects=fragment))
    elif what == "modifier":
        _check(_with_card(type="rule", modifiers=fragment))
    else:
        pytest.fail(f"unknown example marker {what!r}")


@pytest.mark.parametrize("what,kinds", [("condition", model.CONDITION_KINDS), ("effect", model.EFFECT_KINDS),
                                        ("modifier", model.MODIFIER_KINDS)])
def test_every_kind_has_an_example(what, kinds):
    shown = {item["kind"] for w, body in EXAMPLES if w == what for item in yaml.safe_load(body)}
    assert shown == set(kinds)


def test_every_key_is_documented():
    for cl, name in fmt.DESCRIPTIONS:
        assert f"`{name}`" in DOC, f"{cl.__name__}.{name} is not in docs/scenario-format.md"
    for cl in [*model.CONDITION_KINDS.values(), *model.EFFECT_KINDS.values(), *model.MODIFIER_KINDS.values(), model.Selector]:
        for f in attrs.fields(cl):
            assert f"`{f.name}" in DOC or f"{f.name}:" in DOC, f"{cl.__name__}.{f.name} is not in docs/scenario-format.md"


def test_the_mistakes_in_step_9_give_the_messages_shown():
    whole = next(body for what, body in EXAMPLES if what == "scenario")
    broken = whole.replace("  name: Kees", "  naam: no", 1).replace("stressor: post,", "stressor: posst,", 1)
    shown = re.search(r"\*\*Step 9.*?```text\n(.*?)```", DOC, re.S).group(1).strip().splitlines()
    report = check_text(broken, "kees.yaml")
    assert [str(p) for p in report.errors] == shown
