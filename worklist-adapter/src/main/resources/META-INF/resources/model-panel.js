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
  let pending = null;

  function describe(model) {
    if (!model) return "—";
    return model.name + " " + model.version + (model.modelSha256 ? " · digest " + model.modelSha256.slice(0, 12) + "…" : "");
  }

  function criterionText(c) {
    if (typeof c !== "object" || c === null) return String(c);
    const name = c.name || c.criterion || "criterion";
    const verdict = c.passed === true ? "pass" : c.passed === false ? "FAIL" : (c.decision || "");
    const detail = ["value", "estimate", "ci", "margin", "alpha"].filter(k => c[k] !== undefined)
      .map(k => k + " " + JSON.stringify(c[k])).join(", ");
    return name + ": " + verdict + (detail ? " (" + detail + ")" : "");
  }

  function render(body) {
    facts.hidden = true;
    approve.hidden = true;
    criteria.replaceChildren();
    audit.replaceChildren();
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
    const list = Array.isArray(gate && gate.criteria) ? gate.criteria
      : gate && gate.criteria && typeof gate.criteria === "object"
        ? Object.entries(gate.criteria).map(([name, c]) => Object.assign({ name }, typeof c === "object" ? c : { value: c }))
        : [];
    for (const c of list) {
      const li = document.createElement("li");
      li.textContent = criterionText(c);
      if (c && typeof c.passed === "boolean") li.dataset.passed = String(c.passed);
      criteria.appendChild(li);
    }
    for (const entry of (scoring.audit || []).slice().reverse()) {
      const li = document.createElement("li");
      li.textContent = entry.at + " · " + entry.action + " · " + entry.by + " · " + (entry.dir || "")
        + " · " + String(entry.model_sha256 || "").slice(0, 12) + "…";
      audit.appendChild(li);
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
