"""Report of a run: Markdown and HTML with PNG plots (recall by type, latency histogram)."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

METRICS = ("recall@1", "recall@5", "recall@10", "mrr")


def plot_recall_by_type(summary: dict, path: Path) -> Path:
    """Grouped bars of recall@1/5/10 per question type."""
    types = list(summary["by_type"])
    figure, axes = plt.subplots(figsize=(max(6, len(types) * 0.9), 4))
    width = 0.27
    for offset, metric in enumerate(("recall@1", "recall@5", "recall@10")):
        values = [summary["by_type"][t][metric] for t in types]
        axes.bar([i + (offset - 1) * width for i in range(len(types))], values, width, label=metric)
    axes.set_xticks(range(len(types)), types, rotation=35, ha="right")
    axes.set_ylim(0, 1.2)
    axes.set_ylabel("recall")
    axes.set_title("Retrieval recall by question type")
    axes.legend(loc="upper center", ncol=3, frameon=False)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def plot_latency(rows: list[dict], path: Path) -> Path:
    """Histogram of per-question latency."""
    figure, axes = plt.subplots(figsize=(6, 3.5))
    axes.hist([row["latency_ms"] for row in rows], bins=30, color="#4c72b0")
    axes.set_xlabel("latency per question (ms)")
    axes.set_ylabel("questions")
    axes.set_title("Latency")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _table(rows: dict[str, dict]) -> list[list[str]]:
    return [[name, str(block["n"]), *(f"{block[m]:.3f}" for m in METRICS)] for name, block in rows.items()]


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _misses(questions: list[dict]) -> list[list[str]]:
    return [[row["id"], row["type"], row["lang"], ", ".join(row["retrieved"][:5])]
            for row in questions if row["answerable"] and row["recall@5"] < 1.0]


def render_markdown(results: dict, plots: list[Path]) -> str:
    """The report as Markdown."""
    summary, meta = results["summary"], results["meta"]
    header = ["group", "n", *METRICS]
    parts = [
        f"# palermo evaluation: {Path(meta['config']['questions_path']).name}",
        f"mode `{meta['config']['mode']}`, retriever `{meta['config']['retriever']}`, backend "
        f"`{meta['config']['backend']}`, commit `{meta['git_commit']}`, finished {meta['finished_at']}",
        "## Overall", _markdown_table(header, _table({"all answerable": summary["overall"]})),
        "## By type", _markdown_table(header, _table(summary["by_type"])),
        "## By language", _markdown_table(header, _table(summary["by_lang"])),
        f"Latency p50 {summary['latency_ms']['p50']:.1f} ms, p95 {summary['latency_ms']['p95']:.1f} ms.",
        *(f"![{plot.stem}]({plot.name})" for plot in plots),
        "## Questions not fully retrieved in the top 5",
        _markdown_table(["id", "type", "lang", "top 5"], _misses(results["questions"])),
    ]
    return "\n\n".join(parts) + "\n"


def render_html(markdown_text: str, results: dict, plots: list[Path]) -> str:
    """A self-contained HTML page (plots inlined, no external fonts or scripts)."""
    summary = results["summary"]

    def table(header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    header = ["group", "n", *METRICS]
    images = "".join(
        f'<img alt="{plot.stem}" src="data:image/png;base64,{base64.b64encode(plot.read_bytes()).decode()}">'
        for plot in plots
    )
    title = html.escape(markdown_text.splitlines()[0].lstrip("# "))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>" + title + "</title><style>"
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}img{max-width:100%;margin:1em 0}</style></head><body>"
        f"<h1>{title}</h1><h2>Overall</h2>{table(header, _table({'all answerable': summary['overall']}))}"
        f"<h2>By type</h2>{table(header, _table(summary['by_type']))}"
        f"<h2>By language</h2>{table(header, _table(summary['by_lang']))}{images}"
        f"<h2>Questions not fully retrieved in the top 5</h2>{table(['id', 'type', 'lang', 'top 5'], _misses(results['questions']))}"
        "</body></html>"
    )


def write_report(results: dict, out_dir: Path) -> dict[str, Path]:
    """report.md, report.html and the PNG plots next to the results."""
    if results["meta"]["config"]["mode"] == "answer":
        from evals.answer_report import write_answer_report

        return write_answer_report(results, out_dir)
    plots = [plot_recall_by_type(results["summary"], out_dir / "recall_by_type.png"),
             plot_latency(results["questions"], out_dir / "latency_histogram.png")]
    markdown_text = render_markdown(results, plots)
    (out_dir / "report.md").write_text(markdown_text, encoding="utf-8")
    (out_dir / "report.html").write_text(render_html(markdown_text, results, plots), encoding="utf-8")
    return {"markdown": out_dir / "report.md", "html": out_dir / "report.html", **{p.stem: p for p in plots}}
