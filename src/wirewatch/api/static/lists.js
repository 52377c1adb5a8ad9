// The listings: latest stories, the event table with its filters, search, and alerts with watch rules.
import { api, el, errorBox, hashHref, hashLink, marked, number, query, table } from "./dom.js";

function pager(result, parts, params) {
  if (!result.next && !result.offset) return el("p", { class: "pager" });
  const offset = result.offset || 0;
  const at = (value) => hashHref(parts, { ...Object.fromEntries(params), offset: value || "" });
  return el("p", { class: "pager" },
    offset ? el("a", { href: at(Math.max(0, offset - result.limit)), class: "prev" }, "← previous") : null, " ",
    result.next ? el("a", { href: at(offset + result.limit), class: "next" }, "next →") : null);
}

export async function storiesView(root, params) {
  const offset = params.get("offset") || "";
  const result = await api("/stories" + query({ limit: 50, offset }));
  const intensity = new Map();
  const cells = new Map();
  const rows = result.items;
  root.replaceChildren(el("h2", {}, "Latest stories"),
    rows.length ? table([
      { label: "Story", cell: (s) => hashLink(["story", s.id], null, s.title || s.id) },
      { label: "Outlets", cell: (s) => (s.outlet_names.length ? s.outlet_names.join(", ") : `${s.outlets} (unnamed)`) },
      { label: "First seen", cell: (s) => s.first_published || "undated" },
      { label: "Last seen", cell: (s) => s.last_published || "undated" },
      { label: "Articles", cell: (s) => String(s.articles), class: "num" },
      { label: "Intensity", class: "num intensity", cell: (s) => {
        const cell = el("span", { "data-story": s.id }, "…");
        cells.set(s.id, cell);
        return cell;
      } },
    ], rows, { id: "stories-table" }) : el("p", { class: "empty" }, "No stories yet: ingest with stories on."),
    pager(result, [""], params));
  if (!rows.length) return;
  // Intensity: the summed |Goldstein| of each story's events, asked for in one request.
  const found = await api("/intensity" + query({ story: rows.map((s) => s.id) }));
  found.items.forEach((item) => intensity.set(item.story_id, item));
  for (const [id, cell] of cells) {
    const item = intensity.get(id);
    cell.textContent = item && item.events ? `${number(item.intensity)} (${item.events} events)` : "—";
  }
}

const EVENT_FILTERS = [
  ["actor", "Actor", "PRK"], ["code", "CAMEO code", "15"], ["story", "Story id", "s-…"], ["since", "Since", "2023-08-01 or 7d"],
];

export async function eventsView(root, params) {
  const inputs = EVENT_FILTERS.map(([name, , hint]) =>
    el("input", { name, id: `filter-${name}`, value: params.get(name) || "", placeholder: hint, size: 14 }));
  const form = el("form", { class: "filters", id: "event-filters" },
    EVENT_FILTERS.map(([, label], i) => el("label", {}, `${label} `, inputs[i])),
    el("button", { type: "submit" }, "Filter"), " ", el("a", { href: "#/events" }, "clear"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.hash = hashHref(["events"], Object.fromEntries(inputs.map((i) => [i.name, i.value.trim()])));
  });
  const holder = el("div", {});
  root.replaceChildren(el("h2", {}, "Events"), form, holder);
  const filters = Object.fromEntries(EVENT_FILTERS.map(([name]) => [name, params.get(name) || ""]));
  let result;
  try {
    result = await api("/events" + query({ ...filters, limit: 50, offset: params.get("offset") || "" }));
  } catch (error) {
    holder.replaceChildren(errorBox(error));
    return;
  }
  holder.replaceChildren(result.items.length ? table([
    { label: "Day", cell: (e) => e.date_first || "undated" },
    { label: "Source", cell: (e) => actor(e.source, e.source_name) },
    { label: "Target", cell: (e) => actor(e.target, e.target_name) },
    { label: "Event", cell: (e) => [el("code", {}, e.code), " ", e.code_name || ""] },
    { label: "Goldstein", cell: (e) => number(e.goldstein), class: "num" },
    { label: "Mentions", cell: (e) => String(e.num_mentions), class: "num" },
    { label: "Outlets", cell: (e) => String(e.num_sources), class: "num" },
    { label: "Story", cell: (e) => (e.story_id ? hashLink(["story", e.story_id], null, e.story_id) : "—") },
    { label: "Sentence", cell: (e) => e.sentence || "", class: "sentence" },
  ], result.items, { id: "events-table" }) : el("p", { class: "empty" }, "No events match these filters."),
  pager(result, ["events"], params));
}

function actor(code, name) {
  if (!code) return "—";
  return name ? [el("code", {}, code), " ", name] : el("code", {}, code);
}

export async function searchView(root, params) {
  const box = el("input", { type: "search", name: "q", id: "search-box", value: params.get("q") || "",
    placeholder: 'words, "a phrase", OR, NOT, prefix*', size: 40 });
  const form = el("form", { class: "filters", id: "search-form", role: "search" },
    box, el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.location.hash = hashHref(["search"], { q: box.value.trim() });
  });
  const holder = el("div", { id: "search-results" });
  root.replaceChildren(el("h2", {}, "Search"), form, holder);
  if (!params.get("q")) return;
  try {
    const result = await api("/search" + query({ q: params.get("q"), limit: 20, offset: params.get("offset") || "" }));
    holder.replaceChildren(result.items.length ? el("ol", { class: "hits" }, result.items.map((hit) => el("li", {},
      hashLink(["article", hit.id], null, hit.title || hit.id),
      el("span", { class: "meta" }, ` ${hit.outlet || "unknown outlet"} · ${hit.published || "undated"}`),
      el("p", { class: "snippet" }, marked(hit.snippet || ""))))) : el("p", { class: "empty" }, "No article matches."),
    pager(result, ["search"], params));
  } catch (error) {
    holder.replaceChildren(errorBox(error));
  }
}
