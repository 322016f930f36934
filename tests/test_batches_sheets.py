"""Sheets in (CSV dialects, XLSX, the column mapping) and the runner's retry waits."""

from __future__ import annotations

import io

import pytest

from routix.batches.sheets import apply_mapping, read_sheet, suggest_mapping
from routix.errors import InvalidInput
from routix.jobs.registry import RetryPolicy


def test_csv_dialects_and_bom():
    for text in ("\ufeffIdea;Title\nlofi beats;Study\n\n;\n", "Idea\tTitle\nlofi beats\tStudy\n"):
        sheet = read_sheet(text.encode())
        assert sheet.columns == ["Idea", "Title"]
        assert sheet.rows == [{"Idea": "lofi beats", "Title": "Study"}]


def test_xlsx_first_sheet_numbers_and_blank_rows():
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Video ID", "Prompt", "Variants"])
    sheet.append(["a1", "cooking pasta", 2])
    sheet.append([None, None, None])
    sheet.append(["a2", "travel vlog", None])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = read_sheet(buffer.getvalue(), "rows.xlsx")
    assert parsed.columns == ["Video ID", "Prompt", "Variants"]
    mapping = suggest_mapping(parsed.columns)
    assert mapping == {"name": "Video ID", "prompt": "Prompt", "variants": "Variants"}
    assert apply_mapping(parsed, mapping) == [{"name": "a1", "prompt": "cooking pasta", "variants": "2"},
                                              {"name": "a2", "prompt": "travel vlog"}]


@pytest.mark.parametrize("data", [b"", b"Idea\n", b"PK\x03\x04not really a zip", b"a,,b\n1,2,3\n"])
def test_unusable_sheets_are_refused(data):
    with pytest.raises(InvalidInput) as caught:
        read_sheet(data)
    assert caught.value.code == "invalid_sheet"


def test_retry_waits_back_off_honour_retry_after_and_add_jitter():
    policy = RetryPolicy(backoff=1.0, factor=2.0, max_backoff=10.0)
    assert [policy.delay(n) for n in (1, 2, 3, 5)] == [1.0, 2.0, 4.0, 10.0]
    assert policy.delay(1, retry_after=7.0) == 7.0
    assert policy.delay(3, retry_after=1.0) == 4.0
    assert policy.delay(1, retry_after=60.0) == 10.0
    jittered = RetryPolicy(backoff=1.0, jitter=0.5)
    waits = {jittered.delay(1) for _ in range(50)}
    assert all(1.0 <= w <= 1.5 for w in waits) and len(waits) > 1
