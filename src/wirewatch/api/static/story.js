// A story: its sources side by side, each article's claims marked from /api/stories/{id}/compare.
import { api, el, errorBox, hashLink, loading, safeUrl } from "./dom.js";

const STATUSES = ["corroborated", "single-source", "conflict", "commentary"];

function articleHeader(article, titles) {
  const url = safeUrl(article.url);
  return el("header", { class: "article-head" },
    el("h3", { class: "article-title" }, url ? el("a", { href: url, rel: "noopener noreferrer" }, article.title || "(untitled)")
      : article.title || "(untitled)"),
    el("p", { class: "meta" },
      el("span", { class: "outlet" }, article.outlet || "unknown outlet"), " · ",
      el("span", {}, article.published || "undated"), " · ",
      hashLink(["article", article.id], null, el("code", { class: "article-id" }, article.id))),
    (article.relations || []).map((r) => el("p", { class: "relation" },
      r.relation.replace(/_/g, " "), " ", el("code", {}, r.of), titles[r.of] ? ` (${titles[r.of]})` : "")));
}

/** The label of a claim's mark: "corroborated [A, B]", "single-source", "commentary", "conflict". */
function markLabel(mark, group, names) {
  if (mark.status === "corroborated") {
    const outlets = (group ? group.outlets : []).map((o) => names[o] || o);
    return `corroborated [${outlets.join(", ")}]${mark.independent ? "" : " · not independent"}`;
  }
  return mark.status;
}

/** The body with each claim wrapped in a mark; offsets count code points, as Python does. */
function markedBody(body, marks, groups, names) {
  const chars = Array.from(body || "");
  const node = el("div", { class: "article-body" });
  let pos = 0;
  for (const mark of [...marks].sort((x, y) => x.start - y.start)) {
    const start = Math.max(mark.start, pos);
    if (start >= mark.end) continue;
    node.append(chars.slice(pos, start).join(""));
    const group = groups[mark.group];
    const label = markLabel(mark, group, names);
    const hint = group && group.reason ? `${label}: ${group.reason}` : label;
    node.append(el("span", {
      class: `claim claim-${mark.status}`, "data-group": mark.group, "data-status": mark.status,
      title: hint, tabindex: "0",
    }, chars.slice(start, mark.end).join(""), el("span", { class: `badge badge-${mark.status}` }, label)));
    pos = mark.end;
  }
  node.append(chars.slice(pos).join(""));
  return node;
}

function legend(counts) {
  return el("p", { class: "legend" }, STATUSES.map((s) =>
    el("span", { class: `badge badge-${s}` }, `${s}: ${counts[s] || 0}`)));
}

/** Clicking a claim lights up the claims aligned with it in every column. */
function linkGroups(root) {
  root.addEventListener("click", (event) => {
    const claim = event.target.closest(".claim");
    root.querySelectorAll(".claim.active").forEach((n) => n.classList.remove("active"));
    if (!claim) return;
    root.querySelectorAll(".claim").forEach((n) => {
      if (n.dataset.group === claim.dataset.group) n.classList.add("active");
    });
  });
}

export async function storyView(root, storyId, isCurrent) {
  const story = await api(`/stories/${encodeURIComponent(storyId)}`);
  const titles = Object.fromEntries(story.articles.map((a) => [a.id, a.title]));
  const names = Object.fromEntries(story.articles.map((a) => [a.id, a.outlet || a.id]));
  const columns = el("div", { class: "columns", id: "story-columns" });
  const status = loading("Comparing the sources… The first comparison loads a language model and can take several seconds.");
  root.replaceChildren(
    el("h2", { id: "story-title" }, story.title || "(untitled story)"),
    el("p", { class: "meta" }, `${story.articles.length} articles · ${story.outlets.length} outlets · `,
      `${story.first_published || "undated"} – ${story.last_published || "undated"} · `,
      hashLink(["events"], { story: story.id }, "events of this story")),
    status, columns);
  const bodies = new Map();
  for (const article of story.articles) {
    const body = el("div", { class: "article-body pending" });
    columns.append(el("section", { class: "article-column", "data-article-id": article.id },
      articleHeader(article, titles), body));
    bodies.set(article.id, body);
  }
  const texts = await Promise.all(story.articles.map((a) => api(`/articles/${encodeURIComponent(a.id)}`)));
  if (!isCurrent()) return;
  texts.forEach((a) => bodies.get(a.id).replaceChildren(a.body || ""));
  let comparison;
  try {
    comparison = await api(`/stories/${encodeURIComponent(story.id)}/compare`);
  } catch (error) {
    if (isCurrent()) status.replaceWith(errorBox(error));
    return;
  }
  if (!isCurrent()) return;
  for (const a of texts) {
    const node = markedBody(a.body, comparison.marks[a.id] || [], comparison.groups, names);
    bodies.get(a.id).replaceWith(node);
  }
  status.replaceWith(legend(comparison.counts));
  columns.classList.add("compared");
  linkGroups(columns);
}

export async function articleView(root, articleId) {
  const article = await api(`/articles/${encodeURIComponent(articleId)}`);
  root.replaceChildren(
    el("section", { class: "article-column single", "data-article-id": article.id },
      articleHeader({ ...article, relations: [] }, {}),
      el("div", { class: "article-body" }, article.body || "")));
}
