// ModelHub admin page: sends changes to the REST API (showing its problem details next to the
// fields they name) and follows running jobs over server-sent events. No framework, no build.
"use strict";

const keyStore = "modelhub.apiKey";

async function api(method, url, body) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers = { "Accept": "application/json" };
    const key = sessionStorage.getItem(keyStore);
    if (key) headers["Authorization"] = `Bearer ${key}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if ((response.status === 401 || response.status === 403) && attempt === 0 && await askForKey()) continue;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = { title: text }; }
    return { ok: response.ok, status: response.status, json };
  }
}

function askForKey() {
  const dialog = document.getElementById("key-dialog");
  const input = document.getElementById("key-input");
  input.value = sessionStorage.getItem(keyStore) ?? "";
  dialog.showModal();
  input.focus();
  return new Promise(resolve => dialog.addEventListener("close", () => {
    if (dialog.returnValue === "save" && input.value.trim()) sessionStorage.setItem(keyStore, input.value.trim());
    if (dialog.returnValue === "forget") sessionStorage.removeItem(keyStore);
    resolve(dialog.returnValue === "save");
  }, { once: true }));
}

function showProblem(scope, result) {
  for (const element of scope.querySelectorAll("[data-error-for]")) element.textContent = "";
  for (const input of scope.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const alert = scope.querySelector("[data-problem]") ?? document.querySelector("[data-problem]");
  if (!result || result.ok) { if (alert) alert.textContent = ""; return; }
  const problem = result.json ?? {};
  const errors = { ...(problem.errors ?? {}) };
  for (const field of ["unknown_ids", "unmatched_patterns"]) {
    if (problem[field]) errors[field] = [`${problem.detail ?? problem.title}: ${problem[field].join(", ")}`];
  }
  let placed = false;
  for (const [field, messages] of Object.entries(errors)) {
    const target = scope.querySelector(`[data-error-for="${field}"]`);
    if (!target) continue;
    target.textContent = [].concat(messages).join(" ");
    scope.querySelector(`[name="${field}"]`)?.setAttribute("aria-invalid", "true");
    placed = true;
  }
  if (alert) alert.textContent = placed ? (problem.title ?? "") : [problem.title, problem.detail].filter(Boolean).join(" ") || `Error ${result.status}`;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

function formBody(form, fields) {
  const body = {};
  for (const element of form.elements) {
    if (!element.name || (fields && !fields.includes(element.name))) continue;
    if (element.type === "checkbox") {
      if (element.checked) (body[element.name] ??= []).push(element.value);
    } else if (element.value.trim() !== "") {
      body[element.name] = element.hasAttribute("data-list") ? element.value.split(",").map(v => v.trim()).filter(Boolean) : element.value.trim();
    }
  }
  return body;
}

function afterSuccess(element, result, values) {
  // A form that can register a dataset names the dataset's page apart (data-redirect-dataset).
  const template = (values.repo_type === "dataset" && element.dataset.redirectDataset) || element.dataset.redirect;
  if (template) {
    const redirect = fill(template, { ...values, id: result.json?.id ?? "" });
    window.location.assign(redirect);
  } else if (element.hasAttribute("data-reload")) {
    window.location.reload();
  }
}

document.addEventListener("submit", async event => {
  const form = event.target.closest("form[data-api]");
  if (!form) return;
  event.preventDefault();
  const [method, url] = form.dataset.api.split(" ");
  const fields = event.submitter?.dataset.submitWith?.split(",");
  const body = formBody(form, fields);
  const all = formBody(form);
  event.submitter?.setAttribute("disabled", "");
  try {
    const result = await api(method, url, body);
    showProblem(form, result);
    if (result.ok) afterSuccess(form, result, all);
  } finally {
    event.submitter?.removeAttribute("disabled");
  }
});

document.addEventListener("click", async event => {
  if (event.target.closest("[data-key-prompt]")) { askForKey(); return; }
  if (event.target.closest("[data-sign-out]")) sessionStorage.removeItem(keyStore);
  const selectAll = event.target.closest("[data-select-all]");
  if (selectAll) {
    for (const box of selectAll.closest("table").querySelectorAll("tbody input[type=checkbox]")) box.checked = selectAll.checked;
    return;
  }
  const button = event.target.closest("[data-api-post], [data-api-delete]");
  if (!button) return;
  const method = button.hasAttribute("data-api-post") ? "POST" : "DELETE";
  const url = button.dataset.apiPost ?? button.dataset.apiDelete;
  button.setAttribute("disabled", "");
  try {
    const result = await api(method, url, button.dataset.body ? JSON.parse(button.dataset.body) : undefined);
    showProblem(button.closest("section, .toolbar, main"), result);
    if (!result.ok) return;
    if (button.dataset.followJob) {
      const row = document.querySelector(`tr[data-job="${button.dataset.followJob}"]`);
      if (row && url.endsWith("/retry")) {
        // The answer shows the job before the saga took the retry: wait for the next attempt's events.
        row.dataset.awaitAttempt = String((result.json?.attempts ?? 1) + 1);
        row.dataset.state = "pending";
        row.querySelector('[data-field="state"]').textContent = "pending";
      }
      followJobs();
    }
    afterSuccess(button, result, result.json ?? {});
  } finally {
    button.removeAttribute("disabled");
  }
});

// Live jobs: one EventSource for the unfinished jobs on the page, at the stream the job table names;
// each event is what GET /v1/hub/jobs/{id} answers.
const finished = new Set(["completed", "failed", "cancelled"]);
let stream = null;
// A page whose job just finished reloads to show what it changed, unless the user is already going elsewhere: a
// reload after their click would take them back to the page they left.
let leaving = false;
window.addEventListener("beforeunload", () => { leaving = true; });

function formatBytes(bytes) {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes, unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function progressText(progress) {
  const parts = [];
  if (progress.items_unit != null) {
    parts.push(progress.items_total != null
      ? `${progress.items_done} of ${progress.items_total} ${progress.items_unit}`
      : `${progress.items_done} ${progress.items_unit}`);
    if (progress.items_failed > 0) parts.push(`${progress.items_failed} failed`);
  }
  if (progress.bytes_total != null) parts.push(`${formatBytes(progress.bytes_done)} of ${formatBytes(progress.bytes_total)}`);
  else if (progress.bytes_done > 0) parts.push(formatBytes(progress.bytes_done));
  if (progress.bytes_per_second) parts.push(`${formatBytes(progress.bytes_per_second)}/s`);
  else if (progress.items_per_second) parts.push(`${progress.items_per_second} ${progress.items_unit}/s`);
  if (progress.eta_seconds != null) parts.push(`${Math.ceil(progress.eta_seconds)} s left`);
  return parts.join(" · ");
}

// A finished snapshot's failed files, listed under its result (the list is the job's, built as text: paths are the upstream's).
function showFailedItems(details, job) {
  const items = job.failed_items ?? [];
  details.hidden = items.length === 0;
  if (items.length === 0) return;
  details.querySelector("summary").textContent = `${job.progress.items_failed ?? items.length} failed ${job.progress.items_unit ?? "items"}`;
  details.querySelector("ul").replaceChildren(...items.map(item => {
    const li = document.createElement("li"), code = document.createElement("code");
    code.textContent = item.path;
    li.append(code, `: ${item.error}`);
    return li;
  }));
}

function updateRow(row, job) {
  if (!job || !job.state) return;
  if (row.dataset.awaitAttempt) {
    if (job.attempts < Number(row.dataset.awaitAttempt)) return;
    delete row.dataset.awaitAttempt;
  }
  const was = row.dataset.state;
  row.dataset.state = job.state;
  const field = name => row.querySelector(`[data-field="${name}"]`);
  field("state").textContent = job.state;
  field("state").className = `badge ${job.state}`;
  field("attempts").textContent = job.attempts > 1 ? `attempt ${job.attempts}` : "";
  field("bar").value = job.progress.percent ?? (job.state === "completed" ? 100 : 0);
  field("progress").textContent = progressText(job.progress);
  field("error").textContent = job.error ?? "";
  field("summary").textContent = job.summary ?? "";
  showFailedItems(field("failed"), job);
  if (finished.has(job.state) && !finished.has(was) && row.closest("[data-reload-when-finished]")) {
    setTimeout(() => { if (!leaving) window.location.reload(); }, 300);
  }
}

function followJobs() {
  const rows = [...document.querySelectorAll("table[data-live-jobs] tr[data-job]")].filter(row => !finished.has(row.dataset.state) || row.dataset.awaitAttempt);
  if (stream) { stream.close(); stream = null; }
  if (rows.length === 0) return;
  const source = rows[0].closest("table[data-live-jobs]").dataset.liveJobs;
  stream = new EventSource(`${source}?${rows.map(row => `id=${row.dataset.job}`).join("&")}`);
  stream.addEventListener("job", event => {
    const job = JSON.parse(event.data);
    const row = document.querySelector(`tr[data-job="${job.id}"]`);
    if (row) updateRow(row, job);
  });
  stream.addEventListener("error", () => {
    // The server ends the stream when every followed job has finished; start again only if some have not.
    stream?.close();
    stream = null;
    if ([...document.querySelectorAll("tr[data-job]")].some(row => !finished.has(row.dataset.state) || row.dataset.awaitAttempt)) setTimeout(followJobs, 1000);
  });
}

followJobs();

// Signing in (reads protected): the form posts the key for a read-only session; the tab keeps the key for changes.
document.querySelector("[data-sign-in]")?.addEventListener("submit", event => {
  const key = event.target.querySelector("[name=key]").value.trim();
  if (key) sessionStorage.setItem(keyStore, key);
});
