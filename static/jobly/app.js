// Jobly's one front-end module: theme toggle, the live activity panel and completion toasts.
// The WebSocket is a hint and the API is the truth: on (re)connect we replay with ?after=ID,
// and while the socket is down we poll GET /api/events?after=ID.

const THEME_KEY = "jobly-theme";

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme || "auto";
}

function setupThemeToggle() {
  applyTheme(localStorage.getItem(THEME_KEY));
  for (const button of document.querySelectorAll("[data-theme-toggle]")) {
    button.addEventListener("click", () => {
      const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
      const current = document.documentElement.dataset.theme;
      const isDark = current === "dark" || (current === "auto" && dark);
      const next = isDark ? "light" : "dark";
      localStorage.setItem(THEME_KEY, next);
      applyTheme(next);
    });
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

class ActivityPanel {
  constructor(root) {
    this.root = root;
    this.list = root.querySelector("[data-activity-list]");
    this.conn = root.querySelector("[data-conn]");
    this.toasts = document.querySelector("[data-toasts]");
    this.lastId = Number(root.dataset.lastEventId || 0);
    this.seen = new Set();  // ids applied; live events may overtake older ones, so not a watermark alone
    this.jobs = new Map();
    this.finished = new Set();
    this.backoff = 1000;
    this.pollTimer = null;
    this.socket = null;
  }

  async start() {
    await this.loadActiveJobs();
    this.connect();
  }

  async loadActiveJobs() {
    for (const status of ["running", "queued"]) {
      try {
        const response = await fetch(`${this.root.dataset.jobsUrl}?status=${status}&page_size=20`, { credentials: "same-origin" });
        if (!response.ok) continue;
        const body = await response.json();
        for (const job of body.results || []) this.upsertJob({ job_id: job.id, ...job });
      } catch (error) { /* offline: the socket or polling will fill in */ }
    }
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}${this.root.dataset.wsPath}?after=${this.lastId}`;
    let socket;
    try { socket = new WebSocket(url); } catch (error) { this.startPolling(); return; }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.backoff = 1000;
      this.stopPolling();
      this.setConn("live");
    });
    socket.addEventListener("error", () => { /* "close" follows and schedules the reconnect */ });
    socket.addEventListener("message", (message) => {
      let event;
      try { event = JSON.parse(message.data); } catch (error) { return; }
      this.handle(event);
    });
    socket.addEventListener("close", () => {
      this.socket = null;
      this.setConn("polling");
      this.startPolling();
      const delay = Math.min(30000, this.backoff) * (0.5 + Math.random() / 2);
      this.backoff = Math.min(30000, this.backoff * 2);
      setTimeout(() => this.connect(), delay);
    });
  }

  setConn(state) {
    this.conn.className = `activity-conn ${state}`;
    this.conn.title = state === "live" ? "Live updates" : "Reconnecting; checking for updates every few seconds";
    this.root.dataset.connection = state;
  }

  startPolling() {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => this.poll(), 3000);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  async poll() {
    try {
      const response = await fetch(`${this.root.dataset.eventsUrl}?after=${this.lastId}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const body = await response.json();
      for (const event of body.events || []) this.handle(event);
    } catch (error) { /* still offline */ }
  }

  handle(event) {
    if (typeof event.id === "number") {
      if (this.seen.has(event.id)) return;
      this.seen.add(event.id);
      if (this.seen.size > 5000) this.seen = new Set([...this.seen].slice(-2000));
      this.lastId = Math.max(this.lastId, event.id);
    }
    const data = event.data || {};
    switch (event.type) {
      case "job.created":
      case "job.progress":
        this.upsertJob(data);
        break;
      case "job.completed":
      case "job.failed":
      case "job.cancelled":
        this.finishJob(event.type, data);
        break;
      case "heartbeat":
      case "pong":
        break;
      case "resync":
        // Too much was missed (or it is past retention): rebuild from the API, the source of truth.
        if (typeof data.last_id === "number") this.lastId = Math.max(this.lastId, data.last_id);
        this.list.replaceChildren();
        this.jobs.clear();
        this.loadActiveJobs();
        break;
      default:
        document.dispatchEvent(new CustomEvent("jobly:event", { detail: event }));
    }
  }

  upsertJob(job) {
    const id = job.job_id;
    if (id === undefined || this.finished.has(id)) return;
    if (job.status && !["queued", "running"].includes(job.status)) return;
    let row = this.jobs.get(id);
    if (!row) {
      row = document.createElement("li");
      row.dataset.jobId = id;
      row.innerHTML = `<div class="activity-row"><span class="activity-type"></span>
        <button type="button" class="small" data-cancel>Cancel</button></div>
        <progress max="100" value="0" data-progress></progress><div class="activity-message"></div>`;
      row.querySelector("[data-cancel]").addEventListener("click", () => this.cancel(id));
      this.list.prepend(row);
      this.jobs.set(id, row);
    }
    row.querySelector(".activity-type").textContent = `${job.type} #${id}`;
    const bar = row.querySelector("progress");
    const value = Math.max(Number(bar.value), Number(job.progress || 0));
    bar.value = value;
    row.dataset.progress = String(value);
    bar.setAttribute("aria-label", `${job.type} ${value}%`);
    row.querySelector(".activity-message").textContent = job.message || job.status || "";
    this.root.hidden = this.jobs.size === 0;
    document.dispatchEvent(new CustomEvent("jobly:job-progress", { detail: { job: { ...job, progress: value } } }));
  }

  finishJob(type, job) {
    this.finished.add(job.job_id);
    const row = this.jobs.get(job.job_id);
    if (row) { row.remove(); this.jobs.delete(job.job_id); }
    this.root.hidden = this.jobs.size === 0;
    const words = { "job.completed": "finished", "job.failed": "failed", "job.cancelled": "was cancelled" }[type];
    const detail = job.error ? `: ${job.error.message}` : "";
    this.toast(`${job.type} #${job.job_id} ${words}${detail}`, type.split(".")[1]);
    document.dispatchEvent(new CustomEvent("jobly:job-finished", { detail: { type, job } }));
  }

  toast(text, kind) {
    const toast = document.createElement("div");
    toast.className = `toast ${kind}`;
    toast.setAttribute("role", "status");
    toast.dataset.toast = kind;
    toast.textContent = text;
    this.toasts.append(toast);
    setTimeout(() => toast.remove(), 8000);
  }

  async cancel(id) {
    const row = this.jobs.get(id);
    const button = row && row.querySelector("[data-cancel]");
    if (button) button.disabled = true;
    try {
      const response = await fetch(`${this.root.dataset.jobsUrl}/${id}/cancel`, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json" },
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        this.toast((body.error && body.error.message) || "Could not cancel the job.", "failed");
        if (button) button.disabled = false;
      }
    } catch (error) {
      this.toast("Could not reach the server to cancel; try again.", "failed");
      if (button) button.disabled = false;
    }
  }
}

// Buttons marked data-start-warmup start the diagnostic job through the API and stay on the page;
// without JavaScript their form posts to the server as usual.
function setupWarmupButtons(panel) {
  for (const button of document.querySelectorAll("[data-start-warmup]")) {
    const form = button.closest("form");
    if (!form || !panel) continue;
    form.addEventListener("submit", async (submitEvent) => {
      submitEvent.preventDefault();
      button.disabled = true;
      try {
        const response = await fetch("/api/diagnostics/warmup", {
          method: "POST", credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json" },
          body: JSON.stringify({ steps: 10, step_seconds: 0.5 }),
        });
        const body = await response.json().catch(() => ({}));
        if (response.ok) {
          panel.upsertJob({ ...body, progress: 0 });
          panel.toast(response.status === 202 ? "Warm-up started." : "A warm-up is already running.", "info");
        } else {
          panel.toast((body.error && body.error.message) || "Could not start the warm-up.", "failed");
        }
      } catch (error) {
        panel.toast("Could not reach the server; try again.", "failed");
      } finally {
        button.disabled = false;
      }
    });
  }
}

setupThemeToggle();
const activityRoot = document.querySelector("[data-activity]");
if (activityRoot) {
  window.joblyActivity = new ActivityPanel(activityRoot);
  window.joblyActivity.start();
}
setupWarmupButtons(window.joblyActivity);
