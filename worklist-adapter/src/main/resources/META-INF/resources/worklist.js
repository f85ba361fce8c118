// Osteon worklist page: loads /api/worklist, then follows /api/worklist/events (server-sent events).
// Research prototype, NOT FOR CLINICAL USE. No build step, no third-party code.
(function () {
  "use strict";

  const RANK = { STAT: 3, URGENT: 2, ROUTINE: 1 };
  const rows = new Map();
  const tbody = document.getElementById("rows");
  const connection = document.getElementById("connection");
  const summary = document.getElementById("summary");
  const reviewBody = document.getElementById("review-rows");
  const reviewSummary = document.getElementById("review-summary");

  function setConnection(state, label) {
    connection.dataset.state = state;
    connection.querySelector(".label").textContent = label;
  }

  function text(value, fallback) {
    return value === null || value === undefined || value === "" ? (fallback || "—") : String(value);
  }

  function cell(tr, content, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    tr.appendChild(td);
    return td;
  }

  function span(content, className, title) {
    const s = document.createElement("span");
    s.className = className;
    s.textContent = content;
    if (title) s.title = title;
    return s;
  }

  // Empties a table body; with a message, leaves one placeholder row that says it.
  function clear(body, message, columns) {
    body.replaceChildren();
    if (!message) return;
    const tr = document.createElement("tr");
    tr.className = "empty";
    cell(tr, message).colSpan = columns;
    body.appendChild(tr);
  }

  function receivedTime(row) {
    return row.receivedAt ? Date.parse(row.receivedAt) : Number.MAX_SAFE_INTEGER;
  }

  // Same order as the server: priority first, then the oldest study first.
  function compare(a, b) {
    return (RANK[b.priority] || 0) - (RANK[a.priority] || 0) || receivedTime(a) - receivedTime(b)
      || a.studyKey.localeCompare(b.studyKey);
  }

  function render(row, changed) {
    const tr = document.createElement("tr");
    tr.dataset.studyKey = row.studyKey;
    if (changed) tr.className = "changed";

    const badge = span(row.priority, "badge " + row.priority,
      "priority set by " + (row.prioritySource || "DEFAULT").toLowerCase());
    if (row.prioritySource === "HUMAN") badge.appendChild(span("person", "by"));
    cell(tr, badge);
    cell(tr, row.accessionNumber ? row.accessionNumber : span("awaiting image details", "phi-missing"));
    cell(tr, text(row.patientName));
    cell(tr, text(row.modality));
    const decision = row.decision
      ? span(row.decision, "decision " + row.decision, row.reason || "")
      : span(row.status || "awaiting triage", "decision pending");
    cell(tr, decision);
    cell(tr, row.malignantProbability == null ? "—" : row.malignantProbability.toFixed(2), "num");
    cell(tr, row.uncertainty == null ? "—" : row.uncertainty.toFixed(2), "num");
    cell(tr, text(row.modelVersion));
    cell(tr, row.receivedAt ? new Date(row.receivedAt).toLocaleString() : "—");
    cell(tr, row.needsReview ? span("⚑ needs review", "flag", row.reason || "") : "");
    tr.title = row.reason ? row.reason + (row.provenance ? "\n" + row.provenance : "") : "";
    return tr;
  }

  function redraw(changedKey) {
    const sorted = Array.from(rows.values()).sort(compare);
    clear(tbody, sorted.length === 0 ? "No studies yet." : null, 10);
    for (const row of sorted) tbody.appendChild(render(row, row.studyKey === changedKey));
    const urgent = sorted.filter(r => r.priority !== "ROUTINE").length;
    const review = sorted.filter(r => r.needsReview).length;
    summary.textContent = sorted.length + " studies · " + urgent + " urgent or stat · " + review + " need review";
    redrawReviewLane();
  }

  function dueTime(row) {
    return row.reviewDueAt ? Date.parse(row.reviewDueAt) : Number.MAX_SAFE_INTEGER;
  }

  // The review lane: its own queue, the earliest deadline first (as GET api/worklist/review).
  function redrawReviewLane() {
    const lane = Array.from(rows.values()).filter(r => r.needsReview)
      .sort((a, b) => dueTime(a) - dueTime(b) || a.studyKey.localeCompare(b.studyKey));
    clear(reviewBody, lane.length === 0 ? "Nothing to review." : null, 6);
    const now = Date.now();
    let overdue = 0;
    for (const row of lane) {
      const tr = document.createElement("tr");
      tr.dataset.studyKey = row.studyKey;
      const late = dueTime(row) < now;
      if (late) overdue++;
      cell(tr, row.reviewDueAt ? span(new Date(row.reviewDueAt).toLocaleTimeString() + (late ? " overdue" : ""),
        late ? "due overdue" : "due") : "—");
      cell(tr, span(row.priority, "badge " + row.priority));
      cell(tr, text(row.accessionNumber));
      cell(tr, text(row.patientName));
      cell(tr, row.uncertainty == null ? "—" : row.uncertainty.toFixed(2), "num");
      cell(tr, text(row.reason));
      reviewBody.appendChild(tr);
    }
    reviewSummary.textContent = "· " + lane.length + " waiting · " + overdue + " overdue";
  }

  async function load() {
    const response = await fetch("api/worklist", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("worklist: HTTP " + response.status);
    rows.clear();
    for (const row of await response.json()) rows.set(row.studyKey, row);
    redraw(null);
  }

  function follow() {
    const events = new EventSource("api/worklist/events");
    events.addEventListener("hello", () => {
      setConnection("live", "Live");
      // Reload once subscribed, so nothing that changed while connecting is missed.
      load().catch(err => setConnection("lost", "Cannot load the worklist: " + err.message));
    });
    events.addEventListener("row", event => {
      const row = JSON.parse(event.data);
      rows.set(row.studyKey, row);
      redraw(row.studyKey);
    });
    // EventSource reconnects by itself; the indicator says so meanwhile.
    events.onerror = () => setConnection("lost", "Disconnected — reconnecting…");
  }

  follow();
  // Deadlines pass without any event: re-mark overdue studies every half minute.
  setInterval(redrawReviewLane, 30000);
})();
