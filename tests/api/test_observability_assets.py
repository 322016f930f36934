"""The Grafana dashboard and the Prometheus alert rules in deploy/ use only series that
``/metrics`` exports (scraped from the app, by name and type), and are well-formed; the queue's
oldest-job age is read from the jobs table at scrape time."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from routix.store.models import Job, utcnow

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "routix-dashboard.json"
ALERTS = ROOT / "deploy" / "prometheus" / "routix-alerts.yml"
METRIC = re.compile(r"\b(routix_[a-z0-9_]+)\b")
#: the sample names each family type exports
SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_count", "_sum", "_created"),
            "gauge": ("",), "summary": ("", "_count", "_sum", "_created")}


@pytest.fixture
def exported(services) -> set[str]:
    """Every series name a scrape of the app's /metrics can hold (from the families' types, so
    series without samples yet count too)."""
    from routix.api.app import create_app

    app = create_app(services, start_workers=False, migrate=False)
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        client.get("/health")
        response = client.get("/metrics")
    assert response.status_code == 200
    names: set[str] = set()
    for family in text_string_to_metric_families(response.text):
        names.update(family.name + suffix for suffix in SUFFIXES[family.type])
    return names


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def panels(document: dict) -> list[dict]:
    out = []
    for panel in document["panels"]:
        out.append(panel)
        out.extend(panel.get("panels", []))
    return out


def dashboard_exprs(document: dict) -> list[str]:
    """The panels' PromQL with the dashboard's variables filled in, as Grafana would."""
    constants = {v["name"]: v["query"] for v in document["templating"]["list"] if v["type"] == "constant"}
    exprs = []
    for panel in panels(document):
        for target in panel.get("targets", []):
            expr = target["expr"].replace("$__rate_interval", "5m")
            for name, value in constants.items():
                expr = expr.replace(f"${name}", value)
            exprs.append(expr)
    return exprs


def rules() -> list[dict]:
    return [rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]]


def balanced(expr: str) -> bool:
    """Brackets nest and close, and double quotes pair up (outside of escapes)."""
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    in_string = escaped = False
    for char in expr:
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), in_string and (escaped or char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            return False
    return not stack and not in_string


def test_every_series_the_dashboard_uses_is_exported(exported):
    exprs = dashboard_exprs(dashboard())
    assert len(exprs) >= 15
    used = {name for expr in exprs for name in METRIC.findall(expr)}
    assert used and used <= exported, sorted(used - exported)
    # the three views the issue asks for, over the provider, job, stage, queue and credit series
    assert {"routix_provider_requests_total", "routix_provider_cost_usd_total",
            "routix_provider_request_duration_seconds_bucket", "routix_jobs_total", "routix_jobs_queued",
            "routix_jobs_oldest_pending_seconds", "routix_generation_stage_seconds_bucket",
            "routix_credits_total", "routix_http_request_duration_seconds_bucket"} <= used


def test_every_series_the_alert_rules_use_is_exported(exported):
    found = rules()
    used = {name for rule in found for name in METRIC.findall(rule["expr"])}
    assert used <= exported, sorted(used - exported)
    names = {rule["alert"] for rule in found}
    assert {"RoutixJobFailures", "RoutixQueueBacklog", "RoutixQueueAge", "RoutixProviderErrors",
            "RoutixHighLatency", "RoutixProviderSpend"} <= names


def test_the_dashboard_is_well_formed():
    document = dashboard()
    all_panels = panels(document)
    assert len({p["id"] for p in all_panels}) == len(all_panels)
    assert {p["title"] for p in all_panels if p["type"] == "row"} == {
        "Pipeline health", "AI provider performance", "Cost"}
    for panel in all_panels:
        box = panel["gridPos"]
        assert box["x"] >= 0 and box["x"] + box["w"] <= 24 and box["h"] > 0
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}" and panel["targets"]
            assert all(t["refId"] and t["datasource"]["uid"] == "${datasource}" for t in panel["targets"])
    for expr in dashboard_exprs(document):
        assert "$" not in expr, expr  # every variable has a value
        assert balanced(expr), expr


def test_the_alert_rules_are_well_formed():
    for rule in rules():
        assert re.fullmatch(r"Routix[A-Za-z]+", rule["alert"])
        assert balanced(rule["expr"]) and METRIC.search(rule["expr"]), rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]
        assert "for" not in rule or re.fullmatch(r"\d+[smh]", rule["for"])


def test_the_oldest_due_pending_job_age_is_reported_by_kind(services):
    from routix.api.app import create_app

    now = utcnow()
    with services.db.session() as session:
        session.add_all([
            Job(kind="job_cleanup", subject_id="old", status="pending", priority=0, attempt=0,
                created_at=now - timedelta(seconds=600)),
            Job(kind="video_cleanup", subject_id="later", status="pending", priority=0, attempt=0,
                created_at=now - timedelta(seconds=900), not_before=now + timedelta(hours=1)),  # not due yet
            Job(kind="video_cleanup", subject_id="done", status="completed", priority=0, attempt=1,
                created_at=now - timedelta(seconds=3000)),
        ])
    app = create_app(services, start_workers=False, migrate=False)
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        text = client.get("/metrics").text
    ages = {sample.labels["kind"]: sample.value for family in text_string_to_metric_families(text)
            if family.name == "routix_jobs_oldest_pending_seconds" for sample in family.samples}
    assert set(ages) == {"job_cleanup"}
    assert 600 <= ages["job_cleanup"] < 700
