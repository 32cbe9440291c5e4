"""Results as Markdown, and their place in ``bench/RESULTS.md``.

RESULTS.md keeps one block per mode (``full``, ``quick``) between HTML comment markers, and inside it
one block per benchmark; a run rewrites the blocks of what it ran and leaves the rest of the file
(the other mode, the hand-written analysis) as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.common import Result

HEADER = """# Benchmarks (issue 7)

Run with `python bench/run.py` (full: about 18 minutes on a quiet 2-core machine, half as long again
when other jobs share it) or `python bench/run.py --quick` (under two minutes); `--only NAME` runs one
benchmark (extraction, build, rdf, store, graph, latency, profile). Each benchmark prints its figures
and the ratio against a baseline measured in the same run. The blocks between the markers are rewritten by the script; the rest of this file is written by hand.
"""

STATUS = {True: "**met**", False: "**not met**", None: "not measured"}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_result(r: Result, stamp: str = "") -> str:
    lines = [f"### {r.name}: {r.title}", ""]
    if r.ran:
        lines += [f"Run: {r.ran}.", ""]
    if r.figures:
        lines += ["| figure | value |", "|---|---|"]
        lines += [f"| {_cell(a)} | {_cell(b)} |" for a, b in r.figures]
        lines.append("")
    if r.ratios:
        lines += ["| ratio | value | baseline (same run) |", "|---|---:|---|"]
        lines += [f"| {_cell(a)} | {b:,.2f}× | {_cell(c)} |" for a, b, c in r.ratios]
        lines.append("")
    if r.targets:
        lines += ["| target (issue 7) | status | measured |", "|---|---|---|"]
        lines += [f"| {_cell(a)} | {STATUS[c]} | {_cell(b)} |" for a, b, c in r.targets]
        lines.append("")
    if r.memory:
        lines += ["| peak memory (PSS of the process tree) | peak MB | growth MB |", "|---|---:|---:|"]
        lines += [f"| {_cell(a)} | {b:,} | {c:,} |" for a, b, c in r.memory]
        lines.append("")
    for note in r.notes:
        lines.append(f"- {note}")
    load = " → ".join(f"{x:g}" for x in r.load)
    lines += ["" if r.notes else "", f"_{stamp}{r.seconds:.0f} s; 1-minute load average {load} (the cores are "
              "shared with other work)._", ""]
    return "\n".join(lines)


def render_machine(machine: dict[str, str], when: str, seconds: float, work: str, names: list[str]) -> str:
    return "\n".join([
        f"Last written {when} by a run of {', '.join(names)} ({seconds / 60:.1f} min), work folder `{work}`; "
        "each block below says when and at which commit it was measured.",
        "",
        f"- machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory']} memory, {machine['os']}",
        f"- Python {machine['python']}; {machine['packages']}",
        f"- commit {machine['commit']}",
        "",
    ])


def _block(text: str, key: str) -> tuple[int, int] | None:
    m = re.search(rf"<!-- bench:{re.escape(key)} begin -->\n(.*?)<!-- bench:{re.escape(key)} end -->\n?",
                  text, flags=re.S)
    return (m.start(), m.end()) if m else None


def _wrap(key: str, body: str) -> str:
    return f"<!-- bench:{key} begin -->\n{body.rstrip()}\n<!-- bench:{key} end -->\n"


def update(path: Path, mode: str, machine_text: str, results: list[Result], order: list[str],
           stamp: str = "") -> None:
    """Rewrite the ``mode`` block of ``path`` with these results (other benchmarks' blocks kept)."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    span = _block(text, mode)
    old = text[span[0]:span[1]] if span else ""
    blocks: dict[str, str] = {}
    for name in order:
        inner = _block(old, f"{mode}:{name}")
        if inner:
            blocks[name] = old[inner[0]:inner[1]]
    for r in results:
        blocks[r.name] = _wrap(f"{mode}:{r.name}", render_result(r, stamp))
    title = "## Full run" if mode == "full" else "## Quick run (`--quick`, for CI)"
    body = "\n".join([title, "", machine_text] + [blocks[n] for n in order if n in blocks])
    new = _wrap(mode, body)
    if span:
        text = text[:span[0]] + new + text[span[1]:]
    else:
        text = text.rstrip() + "\n\n" + new
    path.write_text(text, encoding="utf-8")
