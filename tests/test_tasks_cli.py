"""`dkg tasks`: responsibilities with their status as of a date, on the seeds and on a tiny corpus.

The tiny corpus is written here: a notice of the Ban Thường vụ Tỉnh ủy (Nghệ An) that gives the
provincial People's Committee a task due 30/6/2022 and the Department of Finance one due 31/7/2022,
and a later report of the People's Committee that cites the notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dkg.cli import app
from dkg.config import REPO_ROOT
from loaders.extract import extract
from loaders.pipeline import build
from loaders.read import read_file
from loaders.resolve import find_fulfilments, resolve
from queries.runner import close_stores, run_named, run_sparql
from queries.status import STATUS_LABELS_VI

NOTICE = """TỈNH ỦY NGHỆ AN
*
Số 12-TB/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Nghệ An, ngày 08 tháng 6 năm 2022

THÔNG BÁO
kết luận của Ban Thường vụ Tỉnh ủy về công tác cán bộ

Ngày 06/6/2022, Ban Thường vụ Tỉnh ủy họp nghe báo cáo về công tác cán bộ. Ban Thường vụ Tỉnh ủy kết luận như sau:

1. Giao Ủy ban nhân dân tỉnh chủ trì rà soát số lượng cán bộ, công chức cấp xã; hoàn thành trước ngày 30/6/2022.

2. Giao Sở Tài chính chủ trì cân đối kinh phí đào tạo, bồi dưỡng cán bộ; hoàn thành trước ngày 31/7/2022.

Nơi nhận:
- Ủy ban nhân dân tỉnh,
- Sở Tài chính,
- Lưu Văn phòng Tỉnh ủy.

T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG

Nguyễn Văn Hải
"""

REPORT = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
-------
Số: 150/BC-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Nghệ An, ngày 20 tháng 6 năm 2022

BÁO CÁO
Kết quả thực hiện Thông báo kết luận số 12-TB/TU ngày 08/6/2022 của Ban Thường vụ Tỉnh ủy

Thực hiện Thông báo kết luận số 12-TB/TU ngày 08/6/2022 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh báo cáo kết quả rà soát số lượng cán bộ, công chức cấp xã như sau:

Toàn tỉnh có 460 xã, phường, thị trấn; số lượng cán bộ, công chức cấp xã đã được rà soát đầy đủ.

Trên đây là báo cáo kết quả thực hiện Thông báo kết luận số 12-TB/TU của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh kính báo cáo./.

Nơi nhận:
- Thường trực Tỉnh ủy (b/c);
- Văn phòng Tỉnh ủy;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH



Nguyễn Đức Trung
"""


def tasks_json(home: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["tasks", *args, "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def labels(items: list[dict]) -> set[str]:
    return {i["label"] for i in items}


# --------------------------------------------------------------------------------------------
# The seeds
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("seeds-home")
    assert build([REPO_ROOT / "data" / "corpus"], home).documents == 4
    yield home
    close_stores()


@pytest.mark.parametrize("lang", ["sparql", "cypher"])
def test_ha_tinh_tasks_with_their_responsibility_chain(seeds: Path, lang: str) -> None:
    tasks = tasks_json(seeds, "--province", "Hà Tĩnh", "--as-of", "2022-03-01", "--lang", lang)
    by_ref = {t["ref"]: t for t in tasks}
    assert {"3.1", "3.2", "3.3", "3.4"} <= set(by_ref)
    assert labels(by_ref["3.1"]["lead"]) == {"Ban Thường vụ Tỉnh đoàn"}
    assert labels(by_ref["3.1"]["reportTo"]) == {"Ban Tổ chức Tỉnh ủy"}
    assert labels(by_ref["3.2"]["lead"]) == {"Ban cán sự đảng Ủy ban nhân dân tỉnh"}
    assert labels(by_ref["3.2"]["executor"]) == {"Ủy ban nhân dân tỉnh"}
    assert labels(by_ref["3.3"]["lead"]) == {"Văn phòng Tỉnh ủy", "Văn phòng Ủy ban nhân dân tỉnh"}
    assert labels(by_ref["3.4"]["reportTo"]) == {"Thường trực Tỉnh ủy"}
    assert {"Ủy ban nhân dân tỉnh", "Các sở, ngành"} <= labels(by_ref["3.4"]["executor"])
    assert any(e["group"] for e in by_ref["3.4"]["executor"] if e["label"] == "Các sở, ngành")
    monitoring = [t for t in tasks if t["kind"] == "monitoring"]
    assert len(monitoring) == 1
    assert labels(monitoring[0]["monitor"]) == {"Ban Dân vận Tỉnh ủy"}
    assert labels(monitoring[0]["reportTo"]) == {"Thường trực Tỉnh ủy"}
    for t in tasks:
        assert t["status_label"] == STATUS_LABELS_VI[t["status"]]
        assert "Thông báo" in t["document_label"]


def test_the_monitoring_task_of_ban_dan_van_by_role(seeds: Path) -> None:
    tasks = tasks_json(seeds, "--organ", "Ban Dân vận", "--province", "Hà Tĩnh", "--role", "monitor")
    assert [t["kind"] for t in tasks] == ["monitoring"]
    assert tasks[0]["roles_of_organ"][0]["role"] == "monitor"
    assert tasks[0]["roles_of_organ"][0]["role_label"] == "theo dõi, đôn đốc"


def test_tinh_doan_of_ha_nam_shows_its_standing_committee_and_the_relative_deadline(seeds: Path) -> None:
    tasks = tasks_json(seeds, "--organ", "Tỉnh đoàn", "--province", "Hà Nam", "--as-of", "2022-03-01")
    organs = {r["label"] for t in tasks for r in t["roles_of_organ"]}
    assert "Ban Thường vụ Tỉnh đoàn" in organs
    relative = [t for t in tasks if t["deadline_text"] and "45 ngày làm việc" in t["deadline_text"]]
    assert len(relative) == 1
    task = relative[0]
    assert task["deadline"] is None and task["deadline_reason"], task
    assert task["status"] == "deadline_unresolved"
    yearly = [t for t in tasks if labels(t["lead"]) == {"Ban Thường vụ Tỉnh đoàn"}]
    assert yearly and yearly[0]["recurrence"] == "yearly"
    # the table says the deadline is relative and why
    table = CliRunner().invoke(app, ["tasks", "--organ", "Tỉnh đoàn", "--province", "Hà Nam", "--as-of",
                                     "2022-03-01", "--home", str(seeds)], env={"COLUMNS": "3000"})
    assert table.exit_code == 0, table.output
    flat = " ".join(table.stdout.split())
    assert "chưa quy ra ngày" in flat and "Chưa rõ ngày ban hành" in flat


def test_organ_names_match_without_diacritics(seeds: Path) -> None:
    exact = tasks_json(seeds, "--organ", "Tỉnh đoàn", "--province", "Hà Nam", "--as-of", "2022-03-01")
    folded = tasks_json(seeds, "--organ", "tinh doan", "--province", "ha nam", "--as-of", "2022-03-01")
    assert [t["task"] for t in exact] == [t["task"] for t in folded] and exact


def test_bad_input_exits_2_with_a_clear_line(seeds: Path) -> None:
    runner = CliRunner()
    bad_date = runner.invoke(app, ["tasks", "--organ", "Tỉnh đoàn", "--as-of", "01/03/2022", "--home", str(seeds)])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr
    nothing = runner.invoke(app, ["tasks", "--home", str(seeds)])
    assert nothing.exit_code == 2 and "--organ" in nothing.stderr
    bad_role = runner.invoke(app, ["tasks", "--organ", "Tỉnh đoàn", "--role", "boss", "--home", str(seeds)])
    assert bad_role.exit_code == 2


# --------------------------------------------------------------------------------------------
# A tiny corpus: a notice and a later report
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    corpus = tmp_path_factory.mktemp("tiny-corpus")
    (corpus / "01_thong_bao.txt").write_text(NOTICE, encoding="utf-8")
    (corpus / "02_bao_cao.txt").write_text(REPORT, encoding="utf-8")
    home = tmp_path_factory.mktemp("tiny-home")
    summary = build([corpus], home)
    assert summary.ok and summary.documents == 2, summary
    yield corpus, home
    close_stores()


def status_by_lead(home: Path, as_of: str) -> dict[str, str]:
    tasks = tasks_json(home, "--province", "Nghệ An", "--as-of", as_of)
    return {" + ".join(sorted(labels(t["lead"]))): t["status"] for t in tasks}


def test_a_task_becomes_overdue_as_the_day_passes(tiny: tuple[Path, Path]) -> None:
    _, home = tiny
    assert status_by_lead(home, "2022-07-31")["Sở Tài chính"] == "open"        # the deadline day itself
    assert status_by_lead(home, "2022-08-01")["Sở Tài chính"] == "overdue"
    overdue = run_named("overdue_tasks", {"province": "Nghệ An", "as_of": "2022-08-01"}, lang="cypher", home=home)
    assert "Sở Tài chính" in {r["organ_label"] for r in overdue.records()}
    early = run_named("overdue_tasks", {"province": "Nghệ An", "as_of": "2022-06-15"}, home=home)
    assert early.rows == []


def test_a_report_from_the_lead_marks_its_task_done_on_time(tiny: tuple[Path, Path]) -> None:
    corpus, home = tiny
    # resolve links the report to the task (the lead organ issued it and it cites the notice) ...
    extractions = [extract(read_file(p)) for p in sorted(corpus.glob("*.txt"))]
    resolve(extractions)
    assert any(keys for keys in find_fulfilments(extractions).values()), "the report should fulfil task 1"
    # ... and before the report, the task is open
    assert status_by_lead(home, "2022-06-15")["Ủy ban nhân dân tỉnh"] == "open"
    stored = run_sparql("PREFIX dkg: <https://w3id.org/vn-directives/ontology#> "
                        "ASK { ?report dkg:fulfils ?task }", home).rows[0][0]
    assert stored, "the report's graph links it to the task it fulfils"
    for as_of in ("2022-06-20", "2022-08-01"):
        assert status_by_lead(home, as_of)["Ủy ban nhân dân tỉnh"] == "done_on_time", as_of
    assert status_by_lead(home, "2022-06-19")["Ủy ban nhân dân tỉnh"] == "open"   # the report did not exist yet
    tasks = tasks_json(home, "--organ", "UBND tỉnh", "--province", "Nghệ An", "--as-of", "2022-07-01")
    done = [t for t in tasks if labels(t["lead"]) == {"Ủy ban nhân dân tỉnh"}]
    assert done[0]["done"] == "2022-06-20" and done[0]["status_label"] == "Hoàn thành đúng hạn"
