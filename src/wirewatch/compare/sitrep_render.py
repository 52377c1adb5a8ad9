"""Render a situation report (``compare.sitrep.situation_report``) as Markdown, a standalone HTML page or JSON.

Article text is untrusted: titles, sentences, quotes, speakers and outlet names come from
scraped pages. The HTML page passes every such string through ``html.escape`` (quotes
included, so nothing can leave an attribute) and links nothing. Markdown escapes ``&``, ``<``
and ``>`` too, because a Markdown viewer passes raw HTML through to the page it renders.
"""
from __future__ import annotations

import html
import json
from typing import Any

FORMATS = ("md", "html", "json")
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h2 { border-top: 1px solid #ccc; padding-top: 1rem; }
.meta { color: #555; font-size: 0.9rem; }
.tag { font-size: 0.8rem; padding: 0 0.3rem; border-radius: 3px; background: #eee; }
.corroborated { background: #d9f2d9; } .single-source { background: #fff3cd; } .conflict { background: #f8d7da; }
table { border-collapse: collapse; font-size: 0.9rem; } td, th { border: 1px solid #ddd; padding: 0.2rem 0.4rem; }
"""


def _md(text: Any) -> str:
    return html.escape(" ".join(str(text if text is not None else "").split()), quote=False)


def _h(text: Any) -> str:
    return html.escape(" ".join(str(text if text is not None else "").split()), quote=True)


def _cite(outlets: list[str]) -> str:
    return ", ".join(outlets)


def _event_line(e: dict) -> str:
    who = " → ".join(x for x in (e.get("source_name") or e.get("source"), e.get("target_name") or e.get("target")) if x)
    flags = " (negated)" if e.get("negated") else " (hypothetical)" if e.get("hypothetical") else ""
    return (f"{e.get('date_first') or '?'} {e.get('code')} {e.get('code_name') or ''}: {who or '-'}{flags}, "
            f"Goldstein {e.get('goldstein')}, {e.get('num_sources')} source(s)")


def render_markdown(report: dict) -> str:
    """The report as Markdown (article text escaped against raw HTML)."""
    lines = ["# Situation report", "",
             f"Generated {report['generated_at']}; {len(report['stories'])} of {report['candidates']} stories"
             + (f" since {report['since']}" if report.get("since") else "")
             + (f", actor {_md(report['actor'])}" if report.get("actor") else "") + ".", "",
             f"Ranking: {report['ranking']}.", ""]
    for rank, story in enumerate(report["stories"], start=1):
        lines += [f"## {rank}. {_md(story['title'] or story['id'])}", "",
                  f"`{story['id']}` · {story['articles']} article(s) · {story['first_published'] or '?'} to "
                  f"{story['last_published'] or '?'} · score {story['rank']['score']} · outlets: "
                  f"{_md(_cite(story['outlets']))}", ""]
        if story["summary"]:
            lines += ["**Summary**", ""]
            lines += [f"- {_md(s['text'])} [{_md(_cite(s['outlets']))}]" for s in story["summary"]]
            lines.append("")
        for key, label in (("corroborated", "Corroborated"), ("single_source", "Single-source"),
                           ("conflict", "In conflict")):
            if story[key]:
                lines += [f"**{label}**", ""]
                for fact in story[key]:
                    reason = f" — {_md(fact['reason'])}" if fact.get("reason") else ""
                    lines.append(f"- {_md(fact['text'])} [{_md(_cite(fact['outlets']))}]{reason}")
                lines.append("")
        if story["quotes"]:
            lines += ["**Key quotes**", ""]
            lines += [f"- {_md(q['speaker'])}: “{_md(q['text'])}” [{_md(_cite(q['outlets']))}]" for q in story["quotes"]]
            lines.append("")
        if story["events"]:
            lines += ["**Events**", ""]
            lines += [f"- {_md(_event_line(e))}" for e in story["events"]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _story_html(rank: int, story: dict) -> str:
    parts = [f"<section><h2>{rank}. {_h(story['title'] or story['id'])}</h2>",
             f"<p class=\"meta\"><code>{_h(story['id'])}</code> · {_h(story['articles'])} article(s) · "
             f"{_h(story['first_published'] or '?')} to {_h(story['last_published'] or '?')} · score "
             f"{_h(story['rank']['score'])} · outlets: {_h(_cite(story['outlets']))}</p>"]
    if story["summary"]:
        parts.append("<h3>Summary</h3>" + _list([
            f"{_h(s['text'])} <span class=\"tag {_h(s['status'])}\">{_h(_cite(s['outlets']))}</span>"
            for s in story["summary"]]))
    for key, label, css in (("corroborated", "Corroborated", "corroborated"),
                            ("single_source", "Single-source", "single-source"), ("conflict", "In conflict", "conflict")):
        if story[key]:
            parts.append(f"<h3>{label}</h3>" + _list([
                f"{_h(f['text'])} <span class=\"tag {css}\">{_h(_cite(f['outlets']))}</span>"
                + (f" <em>{_h(f['reason'])}</em>" if f.get("reason") else "") for f in story[key]]))
    if story["quotes"]:
        parts.append("<h3>Key quotes</h3>" + _list([
            f"<strong>{_h(q['speaker'])}</strong>: “{_h(q['text'])}” <span class=\"tag\">{_h(_cite(q['outlets']))}</span>"
            for q in story["quotes"]]))
    if story["events"]:
        rows = "".join(
            f"<tr><td>{_h(e.get('date_first') or '?')}</td><td>{_h(e.get('code'))} {_h(e.get('code_name') or '')}</td>"
            f"<td>{_h(e.get('source_name') or e.get('source') or '-')}</td>"
            f"<td>{_h(e.get('target_name') or e.get('target') or '-')}</td><td>{_h(e.get('goldstein'))}</td>"
            f"<td>{_h(e.get('num_sources'))}</td></tr>" for e in story["events"])
        parts.append("<h3>Events</h3><table><tr><th>date</th><th>event</th><th>source</th><th>target</th>"
                     f"<th>Goldstein</th><th>sources</th></tr>{rows}</table>")
    return "".join(parts) + "</section>"


def render_html(report: dict) -> str:
    """The report as a standalone HTML page; every article-derived string escaped."""
    scope = (f" since {_h(report['since'])}" if report.get("since") else "") + (
        f", actor {_h(report['actor'])}" if report.get("actor") else "")
    body = "".join(_story_html(rank, story) for rank, story in enumerate(report["stories"], start=1))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Situation report</title><style>{_STYLE}</style></head><body>"
            f"<h1>Situation report</h1><p class=\"meta\">Generated {_h(report['generated_at'])}; "
            f"{len(report['stories'])} of {_h(report['candidates'])} stories{scope}.</p>"
            f"<p class=\"meta\">Ranking: {_h(report['ranking'])}.</p>{body}</body></html>\n")


def render_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"


def render_report(report: dict, fmt: str = "md") -> str:
    """The report in one of ``FORMATS``."""
    renderers = {"md": render_markdown, "html": render_html, "json": render_json}
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}: one of {', '.join(FORMATS)}")
    return renderers[fmt](report)
