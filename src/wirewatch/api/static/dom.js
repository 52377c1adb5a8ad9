// DOM and API helpers. Data from the API is only ever inserted as text nodes or attribute values
// set through the DOM: article text is untrusted, so no HTML string is ever parsed.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Only http(s) links leave the dashboard; anything else (javascript:, data:...) is not a link. */
export function safeUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element; attribute names come from this code, never from data. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "href") node.setAttribute("href", String(value).startsWith("#") ? value : safeUrl(value) || "#");
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  return append(node, children);
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  return append(node, children);
}

/** A link inside the dashboard; each part of the path is encoded. */
export function hashLink(parts, query, ...children) {
  return el("a", { href: hashHref(parts, query) }, ...children);
}

export function hashHref(parts, query) {
  const path = "#/" + parts.map((p) => encodeURIComponent(p)).join("/");
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "" && v != null)) : null;
  return search && search.toString() ? `${path}?${search}` : path;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const TOKEN_KEY = "wirewatch-token";

function send(path, options) {
  const token = window.sessionStorage.getItem(TOKEN_KEY);
  const auth = token ? { Authorization: `Bearer ${token}` } : {};
  return fetch("/api" + path, {
    ...options,
    headers: { Accept: "application/json", ...auth, ...(options.headers || {}) },
    credentials: "same-origin",
  });
}

/** GET (or send) JSON under /api; an error answer becomes an ApiError carrying its message.
 * A server started with a token answers 401: the user is asked for it once per browser session. */
export async function api(path, options = {}) {
  let response = await send(path, options);
  if (response.status === 401) {
    const token = window.prompt("This Wirewatch server needs its access token (wirewatch serve --token):");
    if (token) {
      window.sessionStorage.setItem(TOKEN_KEY, token.trim());
      response = await send(path, options);
    }
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.message) || `${response.status} ${response.statusText}`);
  }
  return body;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v) => search.append(name, v));
    else if (value !== "" && value !== null && value !== undefined && value !== false) search.append(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function errorBox(error) {
  return el("p", { class: "error", role: "alert" }, error instanceof ApiError ? error.message : `Error: ${error}`);
}

export function loading(text) {
  return el("p", { class: "loading", role: "status" }, el("span", { class: "spinner", "aria-hidden": "true" }), text);
}

/** A table from column specs: {label, cell(row) -> text or Node, class}. */
export function table(columns, rows, attrs = {}) {
  return el("table", attrs,
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col", class: c.class }, c.label)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map((c) => el("td", { class: c.class }, c.cell(row)))))));
}

export function number(value, digits = 1) {
  return typeof value === "number" ? value.toFixed(digits) : "—";
}

/** Text with [bracketed] matches, as the search snippets mark them, with the matches in <mark>. */
export function marked(text) {
  const parts = [];
  const pattern = /\[([^\]]*)\]/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    parts.push(text.slice(last, match.index), el("mark", {}, match[1]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}
