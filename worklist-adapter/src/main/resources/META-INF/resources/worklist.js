// Osteon worklist page: loads /api/worklist, then follows /api/worklist/events (server-sent events);
// a click on a row opens the study view (radiograph, activation map, audit trail, reader verdict).
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

  // State-changing requests carry the session's CSRF token (from GET api/session, which no other
  // site can read), beside the Origin the browser adds; the server refuses a write without both.
  let csrf = null;

  async function freshCsrf() {
    const response = await api("api/session");
    if (!response.ok) throw new Error("session: HTTP " + response.status);
    const session = await response.json();
    csrf = { header: session.csrfHeader, token: session.csrfToken };
    return csrf;
  }

  // Marks the page's own requests: the server then answers 401 without a Basic challenge (no browser
  // password dialog), and the page goes to its login form instead.
  async function api(path, options) {
    const init = Object.assign({ credentials: "same-origin" }, options || {});
    init.headers = Object.assign({ Accept: "application/json", "X-Requested-With": "osteon-page" }, init.headers || {});
    const writes = !["GET", "HEAD"].includes((init.method || "GET").toUpperCase());
    if (writes) {
      const { header, token } = csrf || await freshCsrf();
      init.headers[header] = token;
    }
    let response = await fetch(path, init);
    if (writes && response.status === 403) {
      // A token from before a server restart no longer verifies: once more with a fresh one.
      const { header, token } = await freshCsrf();
      init.headers[header] = token;
      response = await fetch(path, init);
    }
    if (response.status === 401) {
      location.href = "login.html";
      throw new Error("signed out");
    }
    return response;
  }

  // The server builds the viewer link (osteon.worklist.pacs-viewer-url) with every value percent-encoded;
  // the page sets it as an attribute only, and opens it apart from this page: no opener, no referrer
  // (the referrer would carry nothing, but the viewer has no business knowing where the reader came from).
  function viewerLink(row) {
    if (!row.pacsViewerUrl || !/^https?:\/\//i.test(row.pacsViewerUrl)) return "";
    const a = document.createElement("a");
    a.className = "pacs-link";
    a.href = row.pacsViewerUrl;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = "Open ↗";
    a.title = "Open the study in the PACS viewer";
    // The row's own click opens the study view; the link only opens the viewer.
    a.addEventListener("click", event => event.stopPropagation());
    return a;
  }

  function waited(row) {
    if (!row.receivedAt) return "—";
    const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(row.receivedAt)) / 60000));
    return minutes < 60 ? minutes + " min" : Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
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
    cell(tr, waited(row), "num waited");
    cell(tr, row.needsReview ? span("⚑ needs review", "flag", row.reason || "") : "");
    cell(tr, viewerLink(row));
    tr.addEventListener("click", () => openStudy(row.studyKey));
    if (row.studyKey === openKey) tr.classList.add("open");
    tr.title = row.reason ? row.reason + (row.provenance ? "\n" + row.provenance : "") : "";
    return tr;
  }

  function redraw(changedKey) {
    const sorted = Array.from(rows.values()).sort(compare);
    clear(tbody, sorted.length === 0 ? "No studies yet." : null, 12);
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
      tr.addEventListener("click", () => openStudy(row.studyKey));
      reviewBody.appendChild(tr);
    }
    reviewSummary.textContent = "· " + lane.length + " waiting · " + overdue + " overdue";
  }

  async function load() {
    const response = await api("api/worklist");
    if (!response.ok) throw new Error("worklist: HTTP " + response.status);
    rows.clear();
    for (const row of await response.json()) rows.set(row.studyKey, row);
    redraw(null);
  }

  function follow() {
    const events = new EventSource("api/worklist/events");
    events.addEventListener("hello", () => {
      // Reload once subscribed, so nothing that changed while connecting is missed; "Live" only once the
      // list on screen is that reload, so a reader (or a test) never takes a half-loaded list for the worklist.
      load().then(
        () => setConnection("live", "Live"),
        err => setConnection("lost", "Cannot load the worklist: " + err.message));
    });
    events.addEventListener("row", event => {
      const row = JSON.parse(event.data);
      rows.set(row.studyKey, row);
      redraw(row.studyKey);
      if (row.studyKey === openKey) showDetails(row);
    });
    // EventSource reconnects by itself, except after a refusal (signed out): then it is closed, and a
    // plain request finds out whether to go to the login form.
    events.onerror = () => {
      setConnection("lost", "Disconnected — reconnecting…");
      if (events.readyState === EventSource.CLOSED) {
        api("api/worklist").then(() => setTimeout(follow, 2000), () => setTimeout(follow, 5000));
      }
    };
  }

  // ---- Study view ---------------------------------------------------------------------------------
  const study = document.getElementById("study");
  const image = document.getElementById("study-image");
  const overlay = document.getElementById("study-cam");
  const overlayToggle = document.getElementById("cam-toggle");
  const feedbackStatus = document.getElementById("feedback-status");
  let openKey = null;
  let activationMap = null;

  function field(id, value) {
    document.getElementById(id).textContent = value;
  }

  function showDetails(row) {
    field("study-title", (row.accessionNumber || "study " + row.studyKey.slice(0, 12)) + " · " + text(row.patientName));
    field("study-priority", row.priority + " (" + (row.prioritySource || "DEFAULT").toLowerCase() + ")");
    field("study-decision", text(row.decision, row.status));
    field("study-probability", row.malignantProbability == null ? "—" : row.malignantProbability.toFixed(3));
    field("study-uncertainty", row.uncertainty == null ? "—" : row.uncertainty.toFixed(3));
    field("study-model", text(row.modelVersion));
    field("study-reason", text(row.reason));
    field("study-provenance", text(row.provenance));
  }

  async function openStudy(key) {
    openKey = key;
    activationMap = null;
    study.hidden = false;
    feedbackStatus.textContent = "";
    document.getElementById("feedback-comment").value = "";
    showDetails(rows.get(key));
    redraw(null);
    overlay.getContext("2d").clearRect(0, 0, overlay.width, overlay.height);
    image.dataset.state = "loading";
    image.src = "api/worklist/" + encodeURIComponent(key) + "/image";
    loadAudit(key);
    const response = await api("api/worklist/" + encodeURIComponent(key) + "/cam");
    if (key !== openKey) return;
    activationMap = response.ok ? await response.json() : null;
    field("cam-state", activationMap ? "activation map " + activationMap.height + "×" + activationMap.width
      : "no activation map for this study");
    drawOverlay();
  }

  // The map is a few cells (e.g. 8×8) over the whole radiograph: drawn small, then stretched with
  // smoothing, as a semi-transparent heat colour (blue → red), strongest where the model looked.
  function drawOverlay() {
    const context = overlay.getContext("2d");
    if (!image.naturalWidth) return;
    overlay.width = image.naturalWidth;
    overlay.height = image.naturalHeight;
    context.clearRect(0, 0, overlay.width, overlay.height);
    overlay.hidden = !overlayToggle.checked;
    if (!activationMap) return;
    const { height, width, values } = activationMap;
    const low = Math.min(...values);
    const span = Math.max(...values) - low || 1;
    const cells = document.createElement("canvas");
    cells.width = width;
    cells.height = height;
    const pixels = cells.getContext("2d").createImageData(width, height);
    values.forEach((value, i) => {
      const t = (value - low) / span;
      pixels.data.set([Math.round(255 * t), Math.round(80 * (1 - Math.abs(2 * t - 1))), Math.round(255 * (1 - t)),
        Math.round(40 + 150 * t)], i * 4);
    });
    cells.getContext("2d").putImageData(pixels, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(cells, 0, 0, overlay.width, overlay.height);
    overlay.dataset.drawn = "true";
  }

  async function loadAudit(key) {
    const list = document.getElementById("study-audit");
    list.replaceChildren();
    const response = await api("api/worklist/" + encodeURIComponent(key) + "/audit");
    if (!response.ok || key !== openKey) return;
    for (const entry of await response.json()) {
      const li = document.createElement("li");
      li.dataset.action = entry.action;
      li.textContent = new Date(entry.changedAt).toLocaleString() + " · " + entry.action + " · " + entry.changedBy
        + (entry.newPriority ? " · " + (entry.previousPriority || "—") + " → " + entry.newPriority : "")
        + (entry.reason ? " · " + entry.reason : "");
      list.appendChild(li);
    }
  }

  async function sendVerdict(verdict) {
    const key = openKey;
    const comment = document.getElementById("feedback-comment").value.trim();
    feedbackStatus.textContent = "Sending…";
    const response = await api("api/worklist/" + encodeURIComponent(key) + "/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(comment ? { verdict, comment } : { verdict }),
    });
    if (response.ok) {
      const feedback = await response.json();
      feedbackStatus.textContent = "Recorded: " + feedback.verdict + " of " + feedback.aiDecision + ".";
      feedbackStatus.dataset.state = "recorded";
    } else {
      feedbackStatus.textContent = "Not recorded: " + (await response.text() || "HTTP " + response.status);
      feedbackStatus.dataset.state = "refused";
    }
    if (key === openKey) loadAudit(key);
  }

  image.addEventListener("load", () => { image.dataset.state = "loaded"; field("image-state", ""); drawOverlay(); });
  image.addEventListener("error", () => {
    image.dataset.state = "missing";
    field("image-state", "No image: the decided object is not in the research store.");
  });
  overlayToggle.addEventListener("change", () => { overlay.hidden = !overlayToggle.checked; });
  document.getElementById("confirm").addEventListener("click", () => sendVerdict("CONFIRM"));
  document.getElementById("reject").addEventListener("click", () => sendVerdict("REJECT"));
  document.getElementById("study-close").addEventListener("click", () => { openKey = null; study.hidden = true; redraw(null); });

  // The page's one way to call its API (session cookie, CSRF token), for model-panel.js.
  window.osteonApi = api;

  follow();
  // Deadlines pass without any event: re-mark overdue studies and the time waited every half minute.
  setInterval(() => redraw(null), 30000);
})();
