"""The language-model path of edits: the answer must be an EditPatch that applies, one retry
with the errors fed back, and any failure falls back to the offline parser (None)."""

from __future__ import annotations

import json
from pathlib import Path

from routix.design.models import Design
from routix.edit.llm import llm_patch
from routix.errors import InvalidInput

DESIGN = Design.from_json((Path(__file__).parent / "fixtures" / "edit" / "design.json").read_text())


class FakeLLM:
    provider = "fake"

    def __init__(self, answers: list[str]) -> None:
        self.answers, self.turns = list(answers), []

    def answer(self, system, turns, schema, name):
        self.turns.append(list(turns))
        assert schema["type"] == "object" and name == "edit_patch"
        return self.answers.pop(0)


class Budget:
    def check(self, user_id, usd):
        return None


class FakeDesigner:
    name = "fake"
    user_id = "u"
    estimate_usd = 0.001
    budget = Budget()

    def __init__(self, llm):
        self.llm = llm


def _check(patch):
    for op in patch.ops:
        if getattr(op, "layer", "title") not in {layer.id for layer in DESIGN.layers}:
            raise InvalidInput(f"no layer {op.layer!r}")


def test_a_valid_answer_is_the_patch_and_a_bad_one_is_retried():
    good = json.dumps({"ops": [{"op": "resize", "layer": "title", "factor": 1.3}], "note": "bigger"})
    bad = json.dumps({"ops": [{"op": "resize", "layer": "headline", "factor": 1.3}], "note": ""})
    llm = FakeLLM([bad, good])
    patch = llm_patch(FakeDesigner(llm), "title bigger please", DESIGN, check=_check)
    assert patch is not None and patch.ops[0].factor == 1.3
    assert "headline" in llm.turns[1][-1][1]  # the error went back to the model


def test_failures_fall_back_to_offline():
    assert llm_patch(object(), "bigger title", DESIGN, check=_check) is None
    nonsense = FakeLLM(["not json", "still not json"])
    assert llm_patch(FakeDesigner(nonsense), "bigger title", DESIGN, check=_check) is None
