"""The synthetic corpus generator (dkg synth): deterministic, complete, and honest: every fact of
its ground truth is in the text, and the scorer reads the truth as gold."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import subprocess
import sys
import unicodedata
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dkg.cli import app
from dkg.synth import generate
from dkg.synth.data import GAZETTEER_DIR, choose_provinces, load
from dkg.synth.noise import old_tone_style
from dkg.synth.plan import ProvinceContext, plan_province
from dkg.synth.truth import as_prediction
from loaders.text import normalize

SCORER = Path("/work/shared/eval/score.py")
N = 40


def _same(text: str) -> str:
    """Comparable form: NFC, one tone style, one space, lower case."""
    return normalize(text).lower()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    generate(out, N, 3, seed=11)
    return out


@pytest.fixture(scope="module")
def truths(corpus) -> list[dict]:
    return [json.loads(line) for line in (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def _text(corpus: Path, truth: dict) -> str:
    return (corpus / truth["source"]).read_text(encoding="utf-8")


# ----------------------------------------------------------------- files, determinism
def test_writes_n_texts_n_gold_files_and_truth_lines(corpus, truths):
    texts = sorted(p.name for p in corpus.glob("*.txt"))
    gold = sorted(p.name for p in (corpus / "gold").glob("*.json"))
    assert len(texts) == N and len(gold) == N and len(truths) == N
    assert [g.removesuffix(".json") for g in gold] == [t.removesuffix(".txt") for t in texts]
    for truth in truths:
        gold_file = json.loads((corpus / "gold" / truth["source"].replace(".txt", ".json")).read_text("utf-8"))
        assert gold_file == truth
        assert (corpus / truth["source"]).is_file()


def test_same_seed_same_files_other_seed_other_files(tmp_path, corpus):
    again = tmp_path / "again"
    generate(again, N, 3, seed=11)
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.name != ".dkg-synth.json":
            assert (again / path.relative_to(corpus)).read_bytes() == path.read_bytes(), path.name
    other = tmp_path / "other"
    generate(other, N, 3, seed=12)
    assert (other / "truth.jsonl").read_bytes() != (corpus / "truth.jsonl").read_bytes()


def test_parallel_run_writes_the_same_corpus(tmp_path, corpus):
    parallel = tmp_path / "parallel"
    generate(parallel, N, 3, seed=11, jobs=2)
    assert (parallel / "truth.jsonl").read_bytes() == (corpus / "truth.jsonl").read_bytes()
    assert sorted(p.name for p in parallel.glob("*.txt")) == sorted(p.name for p in corpus.glob("*.txt"))
    assert not (parallel / ".parts").exists()


def test_refuses_a_folder_that_is_not_a_corpus(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["synth", "--docs", "3", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert str(tmp_path) in result.output and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_writes_a_corpus_and_replaces_it_only_with_force(tmp_path):
    out = tmp_path / "c"
    runner = CliRunner()
    first = runner.invoke(app, ["synth", "--docs", "6", "--provinces", "2", "--seed", "3", "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert len(list(out.glob("*.txt"))) == 6
    again = runner.invoke(app, ["synth", "--docs", "4", "--provinces", "2", "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(app, ["synth", "--docs", "4", "--provinces", "2", "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert len(list(out.glob("*.txt"))) == 4 and len(list((out / "gold").glob("*.json"))) == 4


def test_province_count_is_checked():
    with pytest.raises(ValueError, match="--provinces"):
        choose_provinces(load(), 0)
    with pytest.raises(ValueError, match="--provinces"):
        choose_provinces(load(), 1000)


def test_provinces_come_from_the_gazetteer(truths):
    listed = yaml.safe_load((GAZETTEER_DIR / "provinces.yaml").read_text(encoding="utf-8"))["provinces"]
    current = [p["name"] for p in listed if not p.get("valid_to")]
    assert {t["document"]["province"] for t in truths} == set(current[:3])


# ----------------------------------------------------------------------- the scorer
def _load_scorer():
    if not SCORER.exists():
        pytest.skip(f"the shared scorer {SCORER} is not on this machine")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scorer_reads_the_gold_and_a_perfect_prediction_scores_one(corpus, truths):
    scorer = _load_scorer()
    gold = {t["source"]: t for t in truths}
    pred = {t["source"]: as_prediction(t) for t in truths}
    with redirect_stdout(io.StringIO()):
        result = scorer.score(gold, pred, verbose=True)
    assert result and all(value == 1.0 for value in result.values()), result
    # and a prediction that forgets things scores less: the gold is really read
    broken = {s: {**p, "organs": p["organs"][1:], "tasks": p["tasks"][1:]} for s, p in pred.items()}
    with redirect_stdout(io.StringIO()):
        worse = scorer.score(gold, broken, verbose=False)
    assert worse["organs"] < 1.0 and worse["tasks"] < 1.0


def test_scorer_command_line_on_the_folder(corpus, truths, tmp_path):
    _load_scorer()
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(as_prediction(t), ensure_ascii=False) + "\n" for t in truths), "utf-8")
    run = subprocess.run([sys.executable, str(SCORER), "--gold", str(corpus / "gold"), "--pred", str(pred)],
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "score: 1.000"


# ------------------------------------------------------------- truth is in the text
def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def test_symbols_of_the_truth_are_in_the_text(corpus, truths):
    for truth in truths:
        text = _compact(_text(corpus, truth))
        if truth["document"]["symbol"]:
            assert f"Số{truth['document']['symbol']}" in text.replace("Số:", "Số"), truth["source"]
        for c in truth["citations"]:
            if c.get("symbol") is None:
                assert any(_same(name) in _same(_text(corpus, truth)) for name in c["names"])
            elif c["symbol_inferred"]:
                assert f"số{c['symbol'].split('-')[0]}" in text
            else:
                assert c["symbol"] in text, (truth["source"], c["symbol"])


def test_organs_people_meetings_and_signer_are_in_the_text(corpus, truths):
    for truth in truths:
        raw = _text(corpus, truth)
        text = _same(raw)
        for group in truth["organs"]:
            writings = {_same(w) for w in group} | {_same(w.removeprefix("Sở ")) for w in group}
            assert any(w in text for w in writings), (truth["source"], group)
        for person in truth["people"]:
            assert _same(person["name"]) in text
        signer = truth["document"]["signer"]
        if signer:
            assert _same(signer) in text
            assert signer not in {p["name"] for p in truth["people"]}
        for meeting in truth["meetings"]:
            y, m, d = (int(x) for x in meeting["date"].split("-"))
            assert re.search(rf"\b0?{d}/0?{m}/{y}\b", raw) or f"{d} tháng {m}" in raw, truth["source"]


def test_tasks_name_their_organs_and_deadlines(corpus, truths):
    for truth in truths:
        text = _same(_text(corpus, truth))
        for task in truth["tasks"]:
            assert _same(task["text"]) in text, task["text"]
            sentence = _same(task["text"])
            for role in ("leads", "coordinators", "executors", "report_to", "via"):
                for group in task[role]:
                    assert any(_same(w) in sentence for w in group), (task["text"], group)
            deadline = task["deadline"] or {}
            if "working_days" in deadline:
                assert f"{deadline['working_days']} ngày làm việc" in sentence
            elif "quarter" in deadline:
                assert "quý" in sentence and deadline["quarter"][:4] in sentence
            elif "month" in deadline:
                year, month = deadline["month"].split("-")
                assert re.search(rf"tháng {int(month)}(/| năm ){year}", sentence)
            elif "date" in deadline:
                y, m, d = (int(x) for x in deadline["date"].split("-"))
                assert re.search(rf"\b0?{d}(/0?{m}/| tháng {m} năm ){y}\b", sentence), sentence


def test_news_articles_have_no_tasks_no_symbol_and_a_province_in_their_words(tmp_path):
    out = tmp_path / "news"
    generate(out, 50, 1, seed=4)
    news = [json.loads(line) for line in (out / "truth.jsonl").read_text("utf-8").splitlines()]
    news = [t for t in news if t["document"]["kind"] == "Tin"]
    assert news, "no news article among 50 documents"
    for truth in news:
        assert truth["tasks"] == [] and truth["document"]["symbol"] is None and truth["document"]["signer"] is None
        assert truth["document"]["province"] in (out / truth["source"]).read_text("utf-8")


# ------------------------------------------------------------------- chains and numbers
def test_chain_documents_exist_and_cite_each_other(tmp_path):
    out = tmp_path / "chain"
    generate(out, 50, 1, seed=2)
    by_source = {}
    for line in (out / "truth.jsonl").read_text("utf-8").splitlines():
        truth = json.loads(line)
        by_source[truth["source"]] = truth
    linked = 0
    for truth in by_source.values():
        for c in truth["citations"]:
            if c.get("target"):
                target = by_source[c["target"]]["document"]
                assert target["symbol"] == c["symbol"] and target["key"] == c["key"]
                assert truth["document"]["date"] is None or target["date"] < truth["document"]["date"]
                if c["date"]:
                    assert c["date"] == target["date"]
                linked += 1
    assert linked >= 10
    # a plan of the Ủy ban nhân dân implements a provincial resolution or plan of the party
    # that is itself in the corpus and implements a central document
    found = False
    for truth in by_source.values():
        if truth["document"]["symbol"] and "/KH-UBND" in truth["document"]["symbol"]:
            for c in truth["citations"]:
                if c["relation"] == "implements" and c.get("target") and c["symbol"].endswith("/TU"):
                    upstream = by_source[c["target"]]["citations"]
                    if any(u["relation"] in ("implements", "based_on") and u["key"].startswith("doc/vn/")
                           for u in upstream if u.get("symbol")):
                        found = True
    assert found


def test_party_numbers_restart_each_term_state_numbers_each_year():
    data = load()
    ctx = ProvinceContext(data, choose_provinces(data, 1)[0], seed=9)
    docs = plan_province(ctx, 400)
    assert [d.day for d in docs] == sorted(d.day for d in docs)
    seen: dict[tuple, str] = {}
    for d in docs:
        if d.symbol is None:
            continue
        scope = ctx.term_at(d.day).index if d.party else d.day.year
        assert (d.symbol, scope) not in seen, d.symbol
        seen[(d.symbol, scope)] = d.source
        for target, _ in d.refs:
            assert target.symbol != d.symbol
    # the same party symbol exists in both terms, as two documents
    symbols_by_term = {}
    for (symbol, scope) in seen:
        if "/TU" in symbol:
            symbols_by_term.setdefault(symbol, set()).add(scope)
    assert any(len(terms) == 2 for terms in symbols_by_term.values())


# -------------------------------------------------------------------- templates, noise
def _organ_words() -> set[str]:
    raw = yaml.safe_load((GAZETTEER_DIR / "organs.yaml").read_text(encoding="utf-8"))
    words = set()
    for section in ("central", "province", "departments", "groups"):
        for entry in raw.get(section) or []:
            for w in [entry["name"], *(entry.get("aliases") or []), *(entry.get("bare") or [])]:
                if "{province}" not in w and len(w) > 6:
                    words.add(_same(w))
    return words


def test_free_phrases_of_the_templates_name_no_organ():
    """Filler, actions and topics may not name an organ: the truth would not know it."""
    templates = load().templates
    words = _organ_words()
    for pool in ("filler", "actions", "topics", "achievements", "suspended"):
        for phrase in templates[pool]:
            text = _same(phrase)
            hits = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
            assert not hits, (pool, phrase, hits)
            assert not re.search(r"\d+\s*[/-]\s*\d+\s*/", phrase), phrase


ROLE_WORDS = ("báo cáo", "phối hợp", "chủ trì", "chỉ đạo", "giao", "(qua", "đề nghị", "theo dõi", "định kỳ")
RELATION_WORDS = ("căn cứ", "trên cơ sở", "sửa đổi", "bổ sung", "thay thế", "tạm dừng", "dừng việc", "sơ kết",
                  "tổng kết", "theo tinh thần")


def test_free_phrases_carry_no_role_or_relation_words():
    """Actions sit in task sentences and next to citations: a role or relation word there would make
    the truth (who reports to whom, how a document is cited) ambiguous."""
    templates = load().templates
    for pool, forbidden in (("actions", ROLE_WORDS + RELATION_WORDS), ("filler", ROLE_WORDS + RELATION_WORDS),
                            ("topics", RELATION_WORDS), ("achievements", ROLE_WORDS + RELATION_WORDS)):
        for phrase in templates[pool]:
            hits = [w for w in forbidden if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", phrase.lower())]
            assert not hits, (pool, phrase, hits)


def test_noise_changes_form_not_content():
    written = "Bí thư Tỉnh ủy tỉnh Khánh Hòa, đồng chí Lê Thị Thủy, quý khách"
    old = old_tone_style(written)
    assert "Tỉnh uỷ" in old and "Khánh Hoà" in old and "Thuỷ" in old and "quý" in old
    assert normalize(old) == written
    assert normalize(unicodedata.normalize("NFD", old)) == written
