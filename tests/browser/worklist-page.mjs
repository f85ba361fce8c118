// The reading-room page in headless Debian chromium: sign in as the demo reader, wait for the live
// list, let the caller send malignant-looking studies, and see one of them move to the top with the
// ESCALATE flag and an URGENT/STAT badge without any reload; then open the study view, check the
// radiograph and the activation overlay drew, and confirm the AI's call. Before that, on the studies
// already listed: the ideographic and accented patient names are drawn with real glyphs (glyphs.mjs), and
// each row links to its study in the PACS viewer.
// Usage: node worklist-page.mjs <url> <user> <password> <screenshot.png> <ready-file> <sent-file> [expected.json]
// It writes <ready-file> once the page is live; the caller sends the studies and writes <sent-file>.
// expected.json (expected-from-dicom.py): accession, Patient Name and viewer link of the listed studies;
// without it (no PACS in the stack) the names are found on the page and no link is expected.
import { chromium } from "playwright-core";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { missingGlyphs } from "./glyphs.mjs";

const [url, user, password, screenshot, readyFile, sentFile, expectedFile] = process.argv.slice(2);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const fail = message => { console.error("browser: FAIL: " + message); process.exitCode = 1; };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: process.getuid && process.getuid() === 0 ? ["--no-sandbox"] : [],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.on("pageerror", error => console.error("browser: page error: " + error.message));
  page.on("console", message => { if (message.type() === "error") console.error("browser: console: " + message.text()); });
  let navigations = 0;
  page.on("framenavigated", frame => { if (frame === page.mainFrame()) navigations++; });

  await page.goto(url + "/");
  if (!page.url().includes("login.html")) throw new Error("a stranger was not sent to the login form: " + page.url());
  await page.fill("#j_username", user);
  await page.fill("#j_password", password);
  await Promise.all([page.waitForURL(u => !u.toString().includes("login.html")), page.click("#sign-in")]);
  await page.waitForSelector('#connection[data-state="live"]', { timeout: 30000 });
  const before = await page.$$eval("#rows tr[data-study-key]", trs => trs.map(tr => tr.dataset.studyKey));
  console.log("browser: signed in, live; " + before.length + " studies on the list");
  await checkNamesAndLinks(page);
  const navigationsWhenLive = navigations;
  writeFileSync(readyFile, "live\n");

  while (!existsSync(sentFile)) await sleep(100);
  const sentAt = Date.now();
  // Watch the DOM only: the page must move the new study up on its own, from the SSE stream.
  let seenAt = null;
  let top = null;
  while (Date.now() - sentAt < 120000) {
    const rows = await page.$$eval("#rows tr[data-study-key]", trs => trs.map(tr => ({
      key: tr.dataset.studyKey,
      priority: tr.querySelector(".badge")?.textContent || "",
      decision: tr.querySelector(".decision")?.textContent || "",
    })));
    const fresh = rows.filter(r => !before.includes(r.key));
    if (fresh.length > 0 && seenAt === null) {
      seenAt = Date.now();
      console.log("browser: new study on the page after " + (seenAt - sentAt) + " ms at position "
        + (rows.findIndex(r => r.key === fresh[0].key) + 1) + " (" + fresh[0].priority + ", " + fresh[0].decision + ")");
    }
    if (rows.length > 0 && !before.includes(rows[0].key) && rows[0].decision === "ESCALATE"
        && /URGENT|STAT/.test(rows[0].priority)) {
      top = rows[0];
      console.log("browser: new study " + top.key.slice(0, 12) + "… at the top as " + top.priority + "/" + top.decision
        + " " + (Date.now() - sentAt) + " ms after sending");
      break;
    }
    await sleep(100);
  }
  if (navigations !== navigationsWhenLive) fail("the page reloaded (" + (navigations - navigationsWhenLive) + " navigations)");
  if (!top) {
    await page.screenshot({ path: screenshot, fullPage: true });
    throw new Error("no new study moved to the top as ESCALATE with URGENT or STAT within 120 s");
  }

  await page.click('#rows tr[data-study-key="' + top.key + '"]');
  await page.waitForSelector("#study:not([hidden])");
  await page.waitForFunction(() => document.getElementById("study-image").dataset.state !== "loading", null, { timeout: 30000 });
  const picture = await page.$eval("#study-image", img => ({ width: img.naturalWidth, state: img.dataset.state }));
  if (!(picture.width > 0)) fail("the radiograph did not load (" + picture.state + ")");
  await page.waitForFunction(() => document.getElementById("study-cam").dataset.drawn === "true", null, { timeout: 15000 })
    .catch(() => fail("the activation overlay was not drawn: " + "no map or no image"));
  // Non-empty: some overlay pixel carries colour.
  const painted = await page.$eval("#study-cam", canvas => {
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
    return count;
  });
  if (painted === 0) fail("the activation overlay canvas is empty");
  console.log("browser: study view: radiograph " + picture.width + " px wide, overlay " + painted + " painted pixels");

  await page.click("#confirm");
  await page.waitForSelector('#feedback-status[data-state]', { timeout: 15000 });
  const status = await page.$eval("#feedback-status", p => p.dataset.state + ": " + p.textContent);
  if (!status.startsWith("recorded")) fail("the verdict was not recorded: " + status);
  await page.waitForSelector('#study-audit li[data-action="FEEDBACK_RECORDED"]', { timeout: 15000 })
    .catch(() => fail("the audit trail on the page shows no FEEDBACK_RECORDED"));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log("browser: " + status + "; screenshot " + screenshot);
  writeFileSync(sentFile + ".study", top.key + "\n");
} catch (e) {
  fail(e.message);
} finally {
  await browser.close();
}

// The listed studies' names render (an ideographic and an accented one at least), and each row links to
// its study in the PACS viewer, opened apart from this page.
async function checkNamesAndLinks(page) {
  const listed = await page.$$eval("#rows tr[data-study-key]", trs => trs.map(tr => {
    const a = tr.querySelector("a.pacs-link");
    return {
      key: tr.dataset.studyKey,
      accession: tr.children[1].textContent,
      patientName: tr.children[2].textContent,
      link: a && { href: a.getAttribute("href"), target: a.target, rel: a.rel },
    };
  }));
  const expected = expectedFile ? JSON.parse(readFileSync(expectedFile, "utf8")) : null;
  const studies = expected
    ? expected.map(e => Object.assign({}, e, { row: listed.find(r => r.accession === e.accession) }))
    : listed.map(r => ({ accession: r.accession, patientName: r.patientName, row: r }));
  const ideographic = studies.filter(s => /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Hangul}/u.test(s.patientName));
  const accented = studies.filter(s => /[\u00C0-\u024F]/.test(s.patientName));
  if (ideographic.length === 0 || accented.length === 0) {
    fail("expected an ideographic and an accented patient name among the listed studies");
  }
  for (const study of [...ideographic, ...accented]) {
    if (!study.row) { fail("study " + study.accession + " is not on the page"); continue; }
    if (study.row.patientName !== study.patientName) {
      fail("the page shows " + JSON.stringify(study.row.patientName) + " for " + JSON.stringify(study.patientName));
    }
    const cell = '#rows tr[data-study-key="' + study.row.key + '"] td:nth-child(3)';
    const missing = await missingGlyphs(page, cell, study.row.patientName);
    if (missing.length > 0) fail("no glyph for " + missing.join(" ") + " in " + study.row.patientName + " (tofu)");
    else console.log("browser: " + study.row.patientName + " drawn with real glyphs");
  }
  if (!expected) return;
  for (const study of studies) {
    const link = study.row && study.row.link;
    if (!link) { fail("no PACS viewer link on study " + study.accession); continue; }
    if (link.href !== study.pacsViewerUrl) fail("viewer link " + link.href + ", expected " + study.pacsViewerUrl);
    if (link.target !== "_blank" || link.rel !== "noopener noreferrer") {
      fail("viewer link opens with target=" + link.target + " rel=" + link.rel);
    }
  }
  console.log("browser: " + studies.length + " rows link to their study in the PACS viewer");
}
