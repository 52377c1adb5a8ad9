// Tension between two actors over time: a pair picker from /api/pairs and an SVG line chart of
// /api/pairs/{a}/{b}/series, drawn here (no chart library).
import { api, el, hashHref, hashLink, loading, number, query, svg, table } from "./dom.js";

const WIDTH = 760;
const HEIGHT = 280;
const PAD = { left: 48, right: 16, top: 16, bottom: 32 };

/** The series as a line chart: zero line, y range, first and last day, a dot per day with events. */
export function tensionChart(series) {
  const days = series.days;
  const values = days.map((d) => d.value);
  let low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  if (low === high) { low -= 1; high += 1; }
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (days.length > 1 ? (i * plotW) / (days.length - 1) : plotW / 2);
  const y = (v) => PAD.top + ((high - v) * plotH) / (high - low);
  const points = days.map((d, i) => `${x(i).toFixed(1)},${y(d.value).toFixed(1)}`);
  const chart = svg("svg", {
    id: "tension-chart", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", class: "chart",
    "aria-label": `Daily tension ${series.a}–${series.b}, ${series.since} to ${series.until}`,
  });
  chart.append(
    svg("line", { class: "axis", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }),
    svg("line", { class: "axis", x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom }),
    svg("text", { class: "tick", x: PAD.left - 6, y: y(high) + 4, "text-anchor": "end" }, number(high)),
    svg("text", { class: "tick", x: PAD.left - 6, y: y(0) + 4, "text-anchor": "end" }, "0"),
    svg("text", { class: "tick", x: PAD.left - 6, y: y(low) + 4, "text-anchor": "end" }, number(low)),
    svg("text", { class: "tick", x: PAD.left, y: HEIGHT - 8 }, series.since),
    svg("text", { class: "tick", x: WIDTH - PAD.right, y: HEIGHT - 8, "text-anchor": "end" }, series.until),
    svg("path", { class: "series", d: "M" + points.join(" L"), "data-points": days.length }));
  days.forEach((d, i) => {
    if (!d.events.length) return;
    chart.append(svg("circle", { class: d.value < 0 ? "dot conflict" : "dot", cx: x(i), cy: y(d.value), r: 4 },
      svg("title", {}, `${d.day}: ${number(d.value, 2)} (${d.events.length} events)`)));
  });
  return chart;
}

function dayTable(series) {
  const busy = series.days.filter((d) => d.events.length);
  if (!busy.length) return el("p", { class: "empty" }, "No events between these actors in this period.");
  const rows = busy.flatMap((d) => d.events.map((e) => ({ day: d.day, ...e })));
  return table([
    { label: "Day", cell: (r) => r.day },
    { label: "Source", cell: (r) => r.source || "—" },
    { label: "Target", cell: (r) => r.target || "—" },
    { label: "Code", cell: (r) => r.code },
    { label: "Goldstein", cell: (r) => number(r.goldstein), class: "num" },
    { label: "Independent outlets", cell: (r) => String(r.independent_outlets), class: "num" },
    { label: "Contribution", cell: (r) => number(r.contribution, 2), class: "num" },
    { label: "Story", cell: (r) => (r.story_id ? hashLink(["story", r.story_id], null, r.story_id) : "—") },
  ], rows, { id: "tension-events" });
}

export async function tensionView(root, parts, params) {
  const pairs = await api("/pairs" + query({ limit: 200 }));
  if (!pairs.items.length) {
    root.replaceChildren(el("h2", {}, "Tension"), el("p", { class: "empty" }, "No pairs of actors with events yet."));
    return;
  }
  const [a, b] = parts.length >= 2 ? parts : [pairs.items[0].a, pairs.items[0].b];
  const picker = el("select", { id: "pair-picker", name: "pair" },
    pairs.items.map((p) => el("option", { value: `${p.a}/${p.b}`, selected: p.a === a && p.b === b },
      `${p.a} – ${p.b} (${p.events} events, ${number(p.value)})`)));
  if (![...picker.options].some((o) => o.selected)) {
    picker.prepend(el("option", { value: `${a}/${b}`, selected: true }, `${a} – ${b}`));
  }
  const since = el("input", { type: "date", name: "since", value: params.get("since") || "" });
  const until = el("input", { type: "date", name: "until", value: params.get("until") || "" });
  const directed = el("input", { type: "checkbox", name: "directed", checked: params.get("directed") === "1" });
  const form = el("form", { class: "filters", id: "tension-form" },
    el("label", {}, "Pair ", picker), el("label", {}, "Since ", since), el("label", {}, "Until ", until),
    el("label", {}, directed, " only first → second"), el("button", { type: "submit" }, "Show"));
  const go = (event) => {
    if (event) event.preventDefault();
    const [pa, pb] = picker.value.split("/");
    window.location.hash = hashHref(["tension", pa, pb],
      { since: since.value, until: until.value, directed: directed.checked ? "1" : "" });
  };
  form.addEventListener("submit", go);
  picker.addEventListener("change", go);
  const holder = el("div", { class: "chart-holder" }, loading("Loading the series…"));
  root.replaceChildren(el("h2", {}, `Tension ${a} – ${b}`), form, holder);
  const series = await api(`/pairs/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series` + query({
    since: params.get("since"), until: params.get("until"), directed: params.get("directed") === "1" ? "true" : "",
  }));
  holder.replaceChildren(
    el("p", { class: "meta" }, `${series.since} to ${series.until}; below zero is conflict, above cooperation.`),
    tensionChart(series), dayTable(series));
}
