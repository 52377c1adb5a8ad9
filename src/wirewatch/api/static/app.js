// The dashboard's router: the URL hash names the view (#/story/ID, #/tension/PRK/USA, #/events?actor=PRK).
import { el, errorBox, loading } from "./dom.js";
import { alertsView } from "./alerts.js";
import { eventsView, searchView, storiesView } from "./lists.js";
import { articleView, storyView } from "./story.js";
import { tensionView } from "./tension.js";

const view = document.getElementById("view");
let current = 0;

function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, "");
  const [path, search = ""] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { name: parts[0] || "stories", args: parts.slice(1), params: new URLSearchParams(search) };
}

async function render() {
  const id = ++current;
  const isCurrent = () => id === current;
  const { name, args, params } = parseHash();
  // Each render writes into its own container: a slow answer for a view left behind lands in a detached node.
  const root = el("div", { class: `view view-${name}`, "data-hash": window.location.hash }, loading("Loading…"));
  view.replaceChildren(root);
  for (const link of document.querySelectorAll("nav a")) {
    link.classList.toggle("current", link.dataset.view === (name === "story" || name === "article" ? "stories" : name));
  }
  try {
    if (name === "story" && args[0]) await storyView(root, args[0], isCurrent);
    else if (name === "article" && args[0]) await articleView(root, args[0]);
    else if (name === "tension") await tensionView(root, args, params);
    else if (name === "events") await eventsView(root, params);
    else if (name === "search") await searchView(root, params);
    else if (name === "alerts") await alertsView(root);
    else await storiesView(root, params);
    if (isCurrent()) root.dataset.ready = "true";
  } catch (error) {
    root.replaceChildren(errorBox(error));
    root.dataset.ready = "error";
  }
}

window.addEventListener("hashchange", render);
render();
