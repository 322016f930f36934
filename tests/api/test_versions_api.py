"""Versions over the API: generate -> edit -> edit -> undo -> variant -> edit of the variant,
the version tree, the art kept (same asset bytes, same background) unless new art is asked
for, the bundle that ``routix render`` re-renders, and the refusals (unclear instruction,
someone else's version or asset). Runs on the embedded default and on the scaled backend."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from psd_tools import PSDImage

from api.chat_support import download_image, upload_face
from api.jobs_support import load_row, wait_final

CREATE = "/api/v1/generation/create"


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _done(client, account, response) -> dict:
    assert response.status_code in (200, 201), response.text
    status = wait_final(client, account.headers, response.json()["id"])
    assert status["status"] == "completed", status
    return client.get(f"/api/v1/generation/{status['id']}", headers=account.headers).json()


def _design(client, view) -> dict:
    return client.get(view["result"]["design_url"]).json()


def _layer(design: dict, slot: str) -> dict:
    return next(layer for layer in design["layers"] if layer.get("slot") == slot)


def _background(design: dict) -> dict:
    return next(layer for layer in design["layers"] if layer["kind"] == "background")


def _asset_hashes(client, view) -> dict[str, str]:
    return {ref: hashlib.sha256(client.get(url).content).hexdigest() for ref, url in view["result"]["assets"].items()}


def _balance(client, account) -> int:
    return client.get("/api/v1/auth/me", headers=account.headers).json()["credits"]


def test_generate_edit_edit_undo_variant_edit(client, make_account, services):
    account = make_account()
    face = upload_face(client, account)
    base = _done(client, account, client.post(CREATE, json={
        "prompt": "tech review of a new laptop", "title": "This Laptop Changed Everything",
        "face_asset_ids": [face]}, headers=account.headers))
    assert base["kind"] == "generate" and base["result"]["assets"]
    d0 = _design(client, base)
    credits = _balance(client, account)

    # 1. plain language: the title grows, nothing else changes
    edit1 = _done(client, account, client.post(f"/api/v1/generation/{base['id']}/edit",
                                              json={"instruction": "make the title bigger"}, headers=account.headers))
    assert edit1["kind"] == "edit" and edit1["request"]["parent_id"] == base["id"]
    assert edit1["edit_summary"] == "Title 25 % larger"
    d1 = _design(client, edit1)
    t0, t1 = _layer(d0, "title"), _layer(d1, "title")
    assert t1["box"]["w"] * t1["box"]["h"] > t0["box"]["w"] * t0["box"]["h"] * 1.2
    assert t1["max_size"] > t0.get("max_size", 0.22)
    assert _background(d1) == _background(d0)  # the art is not repainted
    assert _asset_hashes(client, edit1) == _asset_hashes(client, base)  # the same cut-out bytes
    assert download_image(client, edit1["result"]["thumbnail_url"]).size == (1280, 720)
    assert client.get(edit1["result"]["psd_url"]).content[:4] == b"8BPS"
    square = PSDImage.open(io.BytesIO(client.get(edit1["result"]["psd_square_url"]).content))
    assert square.size == (1080, 1080)
    assert any(layer.name.endswith(f"| THIS LAPTOP CHANGED EVERYTHING | {t1['font']}") for layer in square)
    assert download_image(client, edit1["result"]["cover_url"]).size == (3000, 3000)

    # 2. a typed patch: the subject moves right
    subject = _layer(d1, "subject")
    edit2 = _done(client, account, client.post(
        f"/api/v1/generation/{edit1['id']}/edit",
        json={"patch": {"ops": [{"op": "shift", "layer": subject["id"], "dx": 0.1}]}}, headers=account.headers))
    d2 = _design(client, edit2)
    assert _layer(d2, "subject")["box"]["x"] == pytest.approx(subject["box"]["x"] + 0.1)
    assert _layer(d2, "title") == t1 and _background(d2) == _background(d0)

    # 3. undo: a new version whose design is the one before (edit1's)
    undone = _done(client, account, client.post(f"/api/v1/generation/{edit2['id']}/undo", headers=account.headers))
    assert undone["kind"] == "undo" and undone["request"]["parent_id"] == edit2["id"]
    assert _design(client, undone) == d1

    # 4. a variant of the undone version, with its own design document
    var = _done(client, account, client.post(f"/api/v1/generation/{undone['id']}/variant", headers=account.headers))
    assert var["kind"] == "variant" and var["edit_summary"] == "Variant 1"
    dv = _design(client, var)
    assert dv["meta"]["variant"] == "variant-1" and dv != d1

    # 5. an edit of the variant: the blue scheme keeps photo and title
    blue = _done(client, account, client.post(f"/api/v1/generation/{var['id']}/edit",
                                             json={"instruction": "use a blue colour scheme"}, headers=account.headers))
    db = _design(client, blue)
    assert _layer(db, "title")["text"] == _layer(dv, "title")["text"]
    assert _layer(db, "subject")["asset"] == _layer(dv, "subject")["asset"]
    fill = _background(db)["fill"]
    assert fill.get("palette", [None])[0] != _background(dv)["fill"].get("palette", [None])[0]
    assert _balance(client, account) == credits  # edits that keep the art are free

    # the tree, from any of its versions
    tree = client.get(f"/api/v1/generation/{blue['id']}/tree", headers=account.headers).json()
    assert tree["root_id"] == base["id"]
    assert tree["ancestors"] == [base["id"], edit1["id"], edit2["id"], undone["id"], var["id"]]
    kinds = {v["id"]: (v["kind"], v["parent_id"]) for v in tree["versions"]}
    assert kinds == {base["id"]: ("generate", None), edit1["id"]: ("edit", base["id"]),
                     edit2["id"]: ("edit", edit1["id"]), undone["id"]: ("undo", edit2["id"]),
                     var["id"]: ("variant", undone["id"]), blue["id"]: ("edit", var["id"])}
    middle = client.get(f"/api/v1/generation/{edit1['id']}/tree", headers=account.headers).json()
    assert middle["children"] == [edit2["id"]] and middle["ancestors"] == [base["id"]]

    # the same edit again is the same version (result cache), answered 200 and not charged
    again = client.post(f"/api/v1/generation/{base['id']}/edit", json={"instruction": "make the title bigger"},
                        headers=account.headers)
    assert (again.status_code, again.json()["id"]) == (200, edit1["id"])


def test_bundle_rerenders_offline(client, make_account, services, tmp_path):
    from typer.testing import CliRunner

    from routix.cli.main import app

    account = make_account()
    face = upload_face(client, account)
    base = _done(client, account, client.post(CREATE, json={"prompt": "cooking vlog pasta", "title": "Pasta Night",
                                                              "face_asset_ids": [face]}, headers=account.headers))
    edit = _done(client, account, client.post(f"/api/v1/generation/{base['id']}/edit",
                                             json={"instruction": "add a fire emoji"}, headers=account.headers))
    answer = client.get(f"/api/v1/generation/{edit['id']}/bundle", headers=account.headers)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(answer.content)).namelist())
    design = json.loads(zipfile.ZipFile(io.BytesIO(answer.content)).read("design.json"))
    refs = {layer["asset"] for layer in design["layers"] if layer["kind"] == "image"}
    assert any(layer.get("slot") == "sticker" for layer in design["layers"])
    assert names == {"design.json", *refs} and len(refs) >= 2  # the cut-out and the sticker
    (tmp_path / "bundle.zip").write_bytes(answer.content)
    result = CliRunner().invoke(app, ["render", str(tmp_path / "bundle.zip"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    from PIL import Image

    mine = Image.open(tmp_path / "out" / "thumbnail.png").convert("RGB")
    served = download_image(client, edit["result"]["thumbnail_png_url"]).convert("RGB")
    assert mine.size == served.size == (1280, 720)
    diff = sum(abs(a - b) for a, b in zip(mine.resize((64, 36)).tobytes(), served.resize((64, 36)).tobytes(),
                                          strict=True))
    assert diff / (64 * 36 * 3) < 2.0  # the same picture


def test_unclear_impossible_and_foreign_edits_store_nothing(client, make_account, services):
    account, other = make_account(), make_account()
    base = _done(client, account, client.post(CREATE, json={"prompt": "gaming minecraft survival",
                                                              "title": "100 Days"}, headers=account.headers))
    url = f"/api/v1/generation/{base['id']}/edit"
    for instruction, fragment in (("make it bigger", "title or the subject"), ("make it better", "What should I"),
                                  ("remove the arrow", "no arrow"), ("swap my photo", "Which photo")):
        answer = client.post(url, json={"instruction": instruction}, headers=account.headers)
        assert answer.status_code == 422 and answer.json()["code"] == "edit_unclear", (instruction, answer.text)
        assert fragment in answer.json()["detail"], (instruction, answer.json())
    assert client.post(url, json={"instruction": "bigger title"}, headers=other.headers).status_code == 404
    foreign = upload_face(client, other)
    answer = client.post(url, json={"patch": {"ops": [{"op": "swap_subject", "asset_id": foreign}]}},
                         headers=account.headers)
    assert answer.status_code == 404
    assert client.post(f"/api/v1/generation/{base['id']}/undo", headers=account.headers).json()["code"] == \
        "nothing_to_undo"
    tree = client.get(f"/api/v1/generation/{base['id']}/tree", headers=account.headers).json()
    assert tree["versions"] == [tree["versions"][0]] and tree["children"] == []
    assert load_row(services, base["id"]).kind == "generate"


def test_an_identical_seeded_request_is_answered_from_the_cache(client, make_account):
    account = make_account()
    body = {"prompt": "cozy cooking vlog, pasta night", "title": "Pasta Night", "seed": 42}
    first = _done(client, account, client.post(CREATE, json=body, headers=account.headers))
    credits = _balance(client, account)
    again = client.post(CREATE, json=body, headers=account.headers)
    assert (again.status_code, again.json()["id"], again.json()["status"]) == (200, first["id"], "completed")
    assert _balance(client, account) == credits
    other_seed = client.post(CREATE, json={**body, "seed": 43}, headers=account.headers)
    assert other_seed.status_code == 201 and other_seed.json()["id"] != first["id"]
    unseeded = client.post(CREATE, json={k: v for k, v in body.items() if k != "seed"}, headers=account.headers)
    assert unseeded.status_code == 201  # without a seed the same words may ask for another take


def test_each_variant_has_its_design_and_becomes_a_version(client, make_account):
    account = make_account()
    base = _done(client, account, client.post(CREATE, json={"prompt": "cozy cooking vlog", "title": "Pasta Night",
                                                              "variants": 2}, headers=account.headers))
    designs = [client.get(url).json() for url in base["result"]["variant_designs"]]
    assert [d["meta"]["variant"] for d in designs] == ["variant-1", "variant-2"]
    second = _done(client, account, client.post(f"/api/v1/generation/{base['id']}/variant", json={"number": 2},
                                               headers=account.headers))
    assert _design(client, second) == designs[1]


def test_the_version_kept_in_a_compare_is_kept_on_the_server(client, make_account, services):
    account, other = make_account(), make_account()
    body = {"prompt": "tech review of a new phone", "title": "Worth It?"}
    base = _done(client, account, client.post(CREATE, json=body, headers=account.headers))
    edit = _done(client, account, client.post(f"/api/v1/generation/{base['id']}/edit",
                                              json={"instruction": "make the title bigger"}, headers=account.headers))
    var = _done(client, account, client.post(f"/api/v1/generation/{edit['id']}/variant", headers=account.headers))
    tree = lambda vid: client.get(f"/api/v1/generation/{vid}/tree", headers=account.headers).json()  # noqa: E731
    assert tree(var["id"])["kept_id"] == base["id"]  # nothing kept yet: the root

    kept = client.post(f"/api/v1/generation/{edit['id']}/keep", headers=account.headers)
    assert kept.status_code == 200, kept.text
    assert kept.json()["kept_id"] == edit["id"]
    assert {tree(v)["kept_id"] for v in (base["id"], edit["id"], var["id"])} == {edit["id"]}  # from any version

    # someone else can neither keep nor see it
    assert client.post(f"/api/v1/generation/{var['id']}/keep", headers=other.headers).status_code == 404
    assert tree(base["id"])["kept_id"] == edit["id"]

    # keeping another replaces the choice; keeping the root clears it
    assert client.post(f"/api/v1/generation/{var['id']}/keep", headers=account.headers).json()["kept_id"] == var["id"]
    assert client.post(f"/api/v1/generation/{base['id']}/keep", headers=account.headers).json()["kept_id"] == base["id"]
    assert load_row(services, base["id"]).kept_version_id is None

    # a deleted kept version leaves the tree with its root
    client.post(f"/api/v1/generation/{var['id']}/keep", headers=account.headers)
    assert client.delete(f"/api/v1/generation/{var['id']}", headers=account.headers).status_code == 204
    assert tree(base["id"])["kept_id"] == base["id"]
