// Osteon worklist page, admin only: the "Model" panel. Shows the live and shadow models scoring runs
// and the shadow's gate report; "Approve promotion" records the approval in the adapter and forwards
// it to scoring (api/model-promotion). A reader gets 403 and never sees the panel.
// Research prototype, NOT FOR CLINICAL USE. No build step, no third-party code.
(function () {
  "use strict";

  const panel = document.getElementById("model-panel");
  const state = document.getElementById("model-state");
  const facts = document.getElementById("model-facts");
  const criteria = document.getElementById("model-criteria");
  const approve = document.getElementById("model-approve");
  const approveStatus = document.getElementById("model-approve-status");
  const audit = document.getElementById("model-audit");
  // The adapter's own record of approvals, after scoring's audit; made here, so index.html need not change.
  const approvals = document.createElement("ol");
  approvals.id = "model-approvals";
  const approvalsTitle = document.createElement("h3");
  approvalsTitle.textContent = "Approvals recorded here";
  audit.after(approvalsTitle, approvals);
  let pending = null;

  function describe(model) {
    if (!model) return "—";
    return model.name + " " + model.version + (model.modelSha256 ? " · digest " + model.modelSha256.slice(0, 12) + "…" : "");
  }

  // A number as the report gives it, shortened for reading; null (an open bound) as "-inf"/"+inf" by its side.
  function num(v, openAs) {
    if (v === null || v === undefined) return openAs || "—";
    return typeof v === "number" ? String(Math.round(v * 10000) / 10000) : String(v);
  }

  // One criterion of model_gate's report: {value, ci, threshold, pass, method, ...} keyed by its name.
  function criterionText(name, c) {
    if (typeof c !== "object" || c === null) return name + ": " + String(c);
    const verdict = c.pass === true ? "pass" : c.pass === false ? "FAIL" : "no verdict";
    const parts = ["value " + num(c.value), "threshold " + num(c.threshold)];
    if (Array.isArray(c.ci) && c.ci.length === 2) parts.push("CI [" + num(c.ci[0], "-inf") + ", " + num(c.ci[1], "+inf") + "]");
    return name + ": " + verdict + " (" + parts.join(", ") + ")" + (c.method ? " · " + c.method : "");
  }

  // The report's settings (margin, alpha, tolerances): what the candidate was judged against.
  function settingsText(settings) {
    if (!settings || typeof settings !== "object") return "not in the report";
    return Object.entries(settings).filter(([, v]) => typeof v === "number" || typeof v === "string")
      .map(([k, v]) => k + " " + num(v)).join(" · ");
  }

  // A <dt>/<dd> pair added to the facts list once, so index.html need not know every fact.
  function fact(id, label) {
    let dd = document.getElementById(id);
    if (!dd) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      dd = document.createElement("dd");
      dd.id = id;
      facts.append(dt, dd);
    }
    return dd;
  }

  function render(body) {
    facts.hidden = true;
    approve.hidden = true;
    criteria.replaceChildren();
    audit.replaceChildren();
    approvals.replaceChildren();
    pending = null;
    if (!body.configured) {
      state.textContent = "Promotion is not configured: " + (body.message || "no scoring URL") + ".";
      return;
    }
    const scoring = body.scoring || {};
    const gate = scoring.shadowGate;
    facts.hidden = false;
    document.getElementById("model-live").textContent = describe(scoring);
    document.getElementById("model-shadow").textContent = describe(scoring.shadow);
    document.getElementById("model-gate").textContent = !scoring.shadow ? "no shadow model"
      : !gate ? "no gate report in the shadow's folder"
      : gate.error ? "unreadable: " + gate.error
      : gate.decision + " · report sha256 " + gate.sha256 + (gate.matchesShadow ? "" : " · judged ANOTHER model");
    fact("model-gate-settings", "Judged with").textContent = gate && !gate.error ? settingsText(gate.settings) : "—";
    fact("model-gate-reference", "Reference set (content sha256)").textContent =
      gate && gate.referenceSha256 ? gate.referenceSha256 : "—";
    fact("model-standing", "Standing promotion").textContent = scoring.standingPromotionMismatch
      ? "MISMATCH: " + scoring.standingPromotionMismatch : "the live model is the last one promoted or rolled back to";
    const entries = gate && gate.criteria && typeof gate.criteria === "object" && !Array.isArray(gate.criteria)
      ? Object.entries(gate.criteria) : [];
    for (const [name, c] of entries) {
      const li = document.createElement("li");
      li.textContent = criterionText(name, c);
      if (c && typeof c.pass === "boolean") li.dataset.passed = String(c.pass);
      criteria.appendChild(li);
    }
    for (const entry of (scoring.audit || []).slice().reverse()) {
      const li = document.createElement("li");
      li.textContent = entry.at + " · " + entry.action + " · " + entry.by + " · " + (entry.dir || "")
        + " · " + String(entry.model_sha256 || "").slice(0, 12) + "…";
      audit.appendChild(li);
    }
    for (const a of body.approvals || []) {
      const li = document.createElement("li");
      li.textContent = a.approvedAt + " · approved by " + a.approvedBy + " · " + a.modelDir + " · report "
        + String(a.gateReportSha256 || "").slice(0, 12) + "… · scoring "
        + (a.scoringStatus === null || a.scoringStatus === undefined ? "has not answered" : "HTTP " + a.scoringStatus);
      approvals.appendChild(li);
    }
    if (scoring.shadow && gate && gate.decision === "PASS" && gate.matchesShadow) {
      pending = { dir: scoring.shadow.modelDir, gateReportSha256: gate.sha256 };
      approve.hidden = false;
      approve.textContent = "Approve promotion of " + scoring.shadow.version;
      state.textContent = "The shadow passed its gate. Approving records your name and the report's hash, then promotes it.";
    } else {
      state.textContent = "Nothing to approve: a shadow with a passing gate report for its own digest is needed.";
    }
  }

  async function load() {
    if (typeof window.osteonApi !== "function") return;
    const response = await window.osteonApi("api/model-promotion");
    if (response.status === 403) return;
    panel.hidden = false;
    if (!response.ok) {
      state.textContent = "Scoring cannot be read: " + (await response.text() || "HTTP " + response.status);
      return;
    }
    render(await response.json());
  }

  approve.addEventListener("click", async () => {
    if (!pending) return;
    if (!window.confirm("Promote " + pending.dir + " to the live model on gate report " + pending.gateReportSha256 + "?")) return;
    approve.disabled = true;
    approveStatus.textContent = "Promoting…";
    try {
      const response = await window.osteonApi("api/model-promotion/approve", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(pending),
      });
      const text = await response.text();
      approveStatus.textContent = response.ok ? "Promoted; the next batch runs on it." : "Refused (HTTP " + response.status + "): " + text;
      approveStatus.dataset.state = response.ok ? "recorded" : "refused";
    } finally {
      approve.disabled = false;
      load();
    }
  });

  load().catch(error => { panel.hidden = false; state.textContent = "Model panel: " + error.message; });
})();
