"""Evaluate: results of `palermo eval run` (metrics, plots, buckets, per-question drill-down) and comparisons."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.context import current
from ui.eval_view import (
    ResultsError, Run, breakdown, bucket_counts, compare_runs, find_runs, gold_labels, headline, load_run,
    parse_results, question_rows,
)


def pick_run(label: str, key: str, allow_upload: bool = True) -> Run | None:
    """A run from eval-runs/ or an uploaded results.json."""
    root = current().eval_runs_dir
    paths = find_runs(root)
    names = {str(p): str(p.parent.relative_to(root)) for p in paths}
    options = list(names) + (["upload"] if allow_upload else [])
    if not options:
        st.info(f"No results.json under {root}. Run `palermo eval run SET.jsonl`.")
        return None
    choice = st.selectbox(label, options, key=key, format_func=lambda o: names.get(o, "Upload a results.json…"))
    try:
        if choice == "upload":
            upload = st.file_uploader("results.json", type=["json"], key=f"{key}_upload")
            return parse_results(upload.getvalue(), upload.name) if upload else None
        return load_run(Path(choice), root)
    except (ResultsError, OSError) as exc:
        st.error(f"**Cannot read this results file.** {exc}")
        return None


def show_summary(run: Run) -> None:
    """Headline metrics, bucket counts, breakdowns and plots."""
    meta = run.results["meta"]
    config = meta.get("config", {})
    st.caption(f"{run.mode} mode · retriever {config.get('retriever', '?')} · backend {config.get('backend', '?')} · "
               f"{run.results['summary'].get('questions', len(run.results['questions']))} questions · "
               f"commit {str(meta.get('git_commit') or '?')[:10]} · finished {meta.get('finished_at', '?')}")
    with st.container(horizontal=True):
        for name, value in headline(run).items():
            st.metric(name, f"{value:.3f}")
    if run.mode == "answer":
        st.markdown("**Buckets**")
        with st.container(horizontal=True):
            for name, count in bucket_counts(run).items():
                st.metric(name.replace("_", " "), count)
    st.markdown("**By question type**")
    st.dataframe(breakdown(run, "by_type"), hide_index=True)
    st.markdown("**By language**")
    st.dataframe(breakdown(run, "by_lang"), hide_index=True)
    plots = run.plots
    if plots:
        for column, plot in zip(st.columns(len(plots)), plots):
            column.image(str(plot), caption=plot.name)


def show_question(run: Run, question_id: str) -> None:
    """One question: gold, what was cited or retrieved, the answer with its citations."""
    question = next(q for q in run.results["questions"] if q["id"] == question_id)
    st.markdown(f"**{question['id']}** · {question.get('type')} · {question.get('lang')} · "
                f"{'answerable' if question.get('answerable') else 'not answerable'}")
    st.markdown("Gold: " + (", ".join(f"`{g}`" for g in gold_labels(question)) or "—"))
    if run.mode == "answer":
        st.markdown(f"Bucket: **{question.get('bucket')}** · citation recall {question.get('citation_recall', 0):.2f}"
                    f" · fact coverage {question.get('fact_coverage', 0):.2f}")
        st.markdown("Cited: " + (", ".join(f"`{c}`" for c in question.get("cited", [])) or "—"))
        with st.container(border=True):
            st.markdown(question.get("answer") or "_(no answer)_")
    else:
        st.markdown("Retrieved: " + ", ".join(f"`{label}`" for label in question.get("retrieved", [])))


def show_questions(run: Run) -> None:
    """Per-question table and drill-down."""
    st.markdown("**Questions**")
    rows = question_rows(run)
    st.dataframe(rows, hide_index=True, height=min(38 + 35 * len(rows), 320))
    ids = [q["id"] for q in run.results["questions"]]
    if ids:
        show_question(run, st.selectbox("Open question", ids, key="ev_question"))


def show_comparison(before: Run, after: Run) -> None:
    """Deltas and changed questions between two runs."""
    try:
        diff = compare_runs(before, after)
    except ResultsError as exc:
        st.warning(str(exc))
        return
    with st.container(horizontal=True):
        for name, delta in diff["overall"].items():
            st.metric(name.replace("_", " "), f"{delta:+.3f}" if isinstance(delta, float) else f"{delta:+d}")
    st.markdown(f"**{len(diff['changed'])} questions changed**")
    if diff["changed"]:
        st.dataframe(diff["changed"], hide_index=True)


st.title("Evaluate")
overview, compare = st.tabs(["Run", "Compare two runs"])
with overview:
    run = pick_run("Results file", "ev_run")
    if run is not None:
        show_summary(run)
        show_questions(run)
with compare:
    left, right = st.columns(2)
    with left:
        before = pick_run("Before", "ev_before")
    with right:
        after = pick_run("After", "ev_after")
    if before is not None and after is not None:
        show_comparison(before, after)
