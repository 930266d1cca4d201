"""Report of an answer-mode run: buckets, citations and key facts, with a bucket plot."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from evals.answer_scoring import BUCKETS  # noqa: E402

COLOURS = {"correct": "#55a868", "incomplete": "#ccb974", "refused": "#8172b2", "hallucinated": "#c44e52",
           "correct_abstention": "#4c72b0", "missed_abstention": "#dd8452"}


def plot_buckets_by_type(summary: dict, path: Path) -> Path:
    """Stacked bars: how each question type's answers were classed."""
    types = list(summary["by_type"])
    figure, axes = plt.subplots(figsize=(max(6, len(types) * 0.9), 4))
    bottoms = [0] * len(types)
    for name in BUCKETS:
        values = [summary["by_type"][t]["buckets"][name] for t in types]
        axes.bar(range(len(types)), values, bottom=bottoms, label=name, color=COLOURS[name])
        bottoms = [b + v for b, v in zip(bottoms, values)]
    axes.set_xticks(range(len(types)), types, rotation=35, ha="right")
    axes.set_ylabel("questions")
    axes.set_ylim(0, max(bottoms, default=1) * 1.35)
    axes.set_title("Answer outcomes by question type")
    axes.legend(loc="upper center", ncol=3, frameon=False, fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _rows(groups: dict[str, dict]) -> list[list[str]]:
    return [[name, str(block["n"]), *(str(block["buckets"][b]) for b in BUCKETS), f"{block['citation_recall']:.3f}",
             f"{block['citation_precision']:.3f}", f"{block['fact_coverage']:.3f}"] for name, block in groups.items()]


def _question_rows(questions: list[dict]) -> list[list[str]]:
    return [[row["id"], row["type"], row["lang"], row["bucket"], f"{row['citation_recall']:.2f}",
             f"{row['fact_coverage']:.2f}", ", ".join(row["cited"][:4])] for row in questions]


HEADER = ["group", "n", *BUCKETS, "citation recall", "citation precision", "key facts"]
QUESTION_HEADER = ["id", "type", "lang", "bucket", "citation recall", "key facts", "cited"]


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows])


def _headline(summary: dict) -> str:
    return (f"Hallucinated {summary['hallucinated_share']:.1%} (target ≤ 5%), correct abstention "
            f"{summary['correct_abstention_share']:.1%} (target ≥ 80%), citation recall "
            f"{summary['overall']['citation_recall']:.3f} (target ≥ 0.8), refused {summary['refused_share']:.1%}. "
            f"Latency p50 {summary['latency_ms']['p50']:.1f} ms, p95 {summary['latency_ms']['p95']:.1f} ms.")


def write_answer_report(results: dict, out_dir: Path) -> dict[str, Path]:
    """report.md, report.html and buckets_by_type.png."""
    summary, meta = results["summary"], results["meta"]
    plot = plot_buckets_by_type(summary, out_dir / "buckets_by_type.png")
    title = f"palermo answers: {Path(meta['config']['questions_path']).name}"
    markdown = "\n\n".join([
        f"# {title}", f"commit `{meta['git_commit']}`, backend `{meta['config']['backend']}`, finished {meta['finished_at']}",
        _headline(summary), "## Overall", _md_table(HEADER, _rows({"all": summary["overall"]})),
        "## By type", _md_table(HEADER, _rows(summary["by_type"])), "## By language", _md_table(HEADER, _rows(summary["by_lang"])),
        f"![{plot.stem}]({plot.name})", "## Questions", _md_table(QUESTION_HEADER, _question_rows(results["questions"])),
    ]) + "\n"
    (out_dir / "report.md").write_text(markdown, encoding="utf-8")

    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    image = base64.b64encode(plot.read_bytes()).decode()
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}img{max-width:100%}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(_headline(summary))}</p>"
        f"<h2>Overall</h2>{table(HEADER, _rows({'all': summary['overall']}))}"
        f"<h2>By type</h2>{table(HEADER, _rows(summary['by_type']))}<h2>By language</h2>{table(HEADER, _rows(summary['by_lang']))}"
        f"<img alt='buckets by type' src='data:image/png;base64,{image}'>"
        f"<h2>Questions</h2>{table(QUESTION_HEADER, _question_rows(results['questions']))}</body></html>"
    )
    (out_dir / "report.html").write_text(page, encoding="utf-8")
    return {"markdown": out_dir / "report.md", "html": out_dir / "report.html", plot.stem: plot}
