"""Write a synthetic corpus: N texts, one gold file per text, and truth.jsonl.

Layout of the output folder (texts flat, because score.py looks a text up as DIR/source):

    DIR/{province-slug}_{index}.txt      the texts, UTF-8
    DIR/gold/{province-slug}_{index}.json   one truth object per text (the shape of shared/eval/gold)
    DIR/truth.jsonl                      the same objects, one per line, provinces in order
    DIR/.dkg-synth.json                  the parameters of the run

Each province has its own random stream seeded from (seed, province name), so the output is the
same for a given seed whether the provinces are generated in one process or several. Nothing is
kept in memory but the planned documents of the province being written (a few hundred bytes each).
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dkg.synth import noise
from dkg.synth.data import Data, Province, SynthDataError, choose_provinces, load
from dkg.synth.plan import ProvinceContext, plan_province
from dkg.synth.render import Renderer

MARKER = ".dkg-synth.json"


@dataclass
class Summary:
    documents: int
    provinces: int
    bytes: int
    seconds: float
    out: Path

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def province_counts(documents: int, provinces: int) -> list[int]:
    """``documents`` spread over ``provinces`` as evenly as possible, the first ones one more."""
    base, extra = divmod(documents, provinces)
    return [base + (1 if i < extra else 0) for i in range(provinces)]


def generate_province(data: Data, province: Province, count: int, seed: int) -> Iterator[tuple[str, str, dict]]:
    """(file name, text, truth) for each document of one province, in date order."""
    ctx = ProvinceContext(data, province, seed)
    renderer = Renderer(ctx)
    for doc in plan_province(ctx, count):
        text, truth = renderer.render(doc)
        text, applied = noise.apply(text, ctx.rng, data.templates["noise"])
        truth["noise"] = applied
        yield doc.source, text, truth


def _write_province(out: Path, data: Data, province: Province, count: int, seed: int, sink,
                    progress: Callable[[int], None] | None = None) -> int:
    gold = out / "gold"
    written = 0
    for name, text, truth in generate_province(data, province, count, seed):
        raw = text.encode("utf-8")
        (out / name).write_bytes(raw)
        line = json.dumps(truth, ensure_ascii=False)
        (gold / name.replace(".txt", ".json")).write_text(line, encoding="utf-8")
        sink.write(line + "\n")
        written += len(raw)
        if progress:
            progress(1)
    return written


def _worker(args: tuple) -> tuple[int, int, int]:
    index, out, province_name, count, seed = args
    data = load()
    province = next(p for p in data.provinces if p.name == province_name)
    part = Path(out) / ".parts" / f"{index:03d}.jsonl"
    with open(part, "w", encoding="utf-8") as sink:
        size = _write_province(Path(out), data, province, count, seed, sink)
    return index, count, size


def prepare(out: Path, force: bool) -> None:
    """Create ``out``; refuse a folder that holds anything but an earlier synthetic corpus."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SynthDataError(f"{out}: folder is not empty and holds no synthetic corpus; choose another --out")
        if not force:
            raise SynthDataError(f"{out}: holds a synthetic corpus already; add --force to replace it")
        for path in out.iterdir():
            if path.is_dir() and path.name in ("gold", ".parts"):
                shutil.rmtree(path)
            elif path.is_file() and (path.suffix == ".txt" or path.name in ("truth.jsonl", MARKER)):
                path.unlink()
    (out / "gold").mkdir(parents=True, exist_ok=True)


def generate(out: Path, documents: int, provinces: int, seed: int, jobs: int = 1, force: bool = False,
             progress: Callable[[int], None] | None = None) -> Summary:
    """Write ``documents`` texts over ``provinces`` provinces into ``out``; deterministic for ``seed``."""
    if documents < 1:
        raise SynthDataError("--docs must be at least 1")
    data = load()
    chosen = choose_provinces(data, provinces)
    counts = province_counts(documents, len(chosen))
    out = Path(out)
    prepare(out, force)
    started = time.perf_counter()
    size = 0
    with open(out / "truth.jsonl", "w", encoding="utf-8") as sink:
        if jobs <= 1:
            for province, count in zip(chosen, counts, strict=True):
                size += _write_province(out, data, province, count, seed, sink, progress)
        else:
            parts = out / ".parts"
            parts.mkdir(exist_ok=True)
            tasks = [(i, str(out), p.name, c, seed) for i, (p, c) in enumerate(zip(chosen, counts, strict=True))]
            # the largest provinces first keeps both cores busy to the end
            tasks.sort(key=lambda t: -t[3])
            with multiprocessing.get_context("spawn").Pool(jobs) as pool:
                for _, count, written in pool.imap_unordered(_worker, tasks):
                    size += written
                    if progress:
                        progress(count)
            for i in range(len(chosen)):
                with open(parts / f"{i:03d}.jsonl", encoding="utf-8") as part:
                    shutil.copyfileobj(part, sink)
            shutil.rmtree(parts)
    seconds = time.perf_counter() - started
    (out / MARKER).write_text(json.dumps({"docs": documents, "provinces": [p.name for p in chosen], "seed": seed},
                                         ensure_ascii=False, indent=1), encoding="utf-8")
    return Summary(documents, len(chosen), size, seconds, out)
