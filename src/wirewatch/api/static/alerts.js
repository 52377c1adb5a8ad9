// Alerts raised by the watch rules, with their events; and the rules themselves (add, remove).
import { api, el, errorBox, hashLink, number, table } from "./dom.js";

function alertDetails(alert) {
  return el("div", { class: "alert-details" },
    alert.stories.length ? el("p", {}, "Stories: ", alert.stories.map((s, i) =>
      [i ? ", " : "", hashLink(["story", s.id], null, s.title || s.id)])) : null,
    table([
      { label: "Event", cell: (e) => `${e.source || "—"} → ${e.target || "—"} ${e.code || ""}` },
      { label: "Contribution", cell: (e) => number(e.contribution, 2), class: "num" },
      { label: "Sentence", cell: (e) => e.sentence || "", class: "sentence" },
    ], alert.events));
}

function alertsTable(items) {
  if (!items.length) return el("p", { class: "empty" }, "No alerts yet.");
  return table([
    { label: "Day", cell: (a) => a.day },
    { label: "Watch", cell: (a) => a.label },
    { label: "Score", cell: (a) => number(a.score, 2), class: "num" },
    { label: "Tension", cell: (a) => number(a.value, 1), class: "num" },
    { label: "Events", cell: (a) => String(a.num_events), class: "num" },
    { label: "", cell: (a) => {
      const button = el("button", { type: "button", class: "link" }, "details");
      button.addEventListener("click", async () => {
        const row = button.closest("tr");
        try {
          const full = await api(`/alerts/${encodeURIComponent(a.id)}`);
          row.after(el("tr", { class: "details" }, el("td", { colspan: 6 }, alertDetails(full))));
          button.remove();
        } catch (error) {
          button.replaceWith(errorBox(error));
        }
      });
      return button;
    } },
  ], items, { id: "alerts-table" });
}

function ruleForm(onAdded) {
  const kind = el("select", { name: "kind" }, ["pair", "actor", "keyword", "event_type"].map((k) =>
    el("option", { value: k }, k.replace("_", " "))));
  const subject = el("input", { name: "subject", required: true, placeholder: "PRK, missile or 19", size: 12 });
  const other = el("input", { name: "other", placeholder: "USA (pair)", size: 8 });
  const directed = el("input", { type: "checkbox", name: "directed" });
  const threshold = el("input", { type: "number", name: "threshold", value: "2.5", step: "0.1", min: "0.1" });
  const message = el("span", { class: "form-message", role: "status" });
  const form = el("form", { class: "filters", id: "watch-form" },
    el("label", {}, "Kind ", kind), el("label", {}, "Subject ", subject), el("label", {}, "Other ", other),
    el("label", {}, directed, " directed"), el("label", {}, "Threshold ", threshold),
    el("button", { type: "submit" }, "Add rule"), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const rule = { kind: kind.value, subject: subject.value.trim(), directed: directed.checked,
      threshold: Number(threshold.value) };
    if (other.value.trim()) rule.other = other.value.trim();
    try {
      const added = await api("/watches", { method: "POST", body: JSON.stringify(rule),
        headers: { "Content-Type": "application/json" } });
      message.textContent = `added: ${added.label}`;
      form.reset();
      onAdded();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

async function rulesTable(holder) {
  const rules = await api("/watches");
  holder.replaceChildren(rules.length ? table([
    { label: "Id", cell: (r) => String(r.id), class: "num" },
    { label: "Watches", cell: (r) => r.label },
    { label: "Threshold", cell: (r) => number(r.threshold, 1), class: "num" },
    { label: "Method", cell: (r) => r.method },
    { label: "Webhook", cell: (r) => r.webhook || "—" },
    { label: "", cell: (r) => {
      const button = el("button", { type: "button", class: "link" }, "remove");
      button.addEventListener("click", async () => {
        try {
          await api(`/watches/${encodeURIComponent(r.id)}`, { method: "DELETE" });
          await rulesTable(holder);
        } catch (error) {
          button.replaceWith(errorBox(error));
        }
      });
      return button;
    } },
  ], rules, { id: "watches-table" }) : el("p", { class: "empty" }, "No watch rules."));
}

export async function alertsView(root) {
  const alerts = await api("/alerts?limit=100");
  const rules = el("div", {});
  root.replaceChildren(el("h2", {}, "Alerts"), alertsTable(alerts.items),
    el("h2", {}, "Watch rules"), ruleForm(() => rulesTable(rules).catch((e) => rules.replaceChildren(errorBox(e)))),
    rules);
  await rulesTable(rules);
}
