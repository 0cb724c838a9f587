// Follow one background job until it ends. The API is the truth (polled every second); the activity
// panel's live events (app.js: jobly:job-progress, jobly:job-finished) make it prompt. A page passes
// what to do on progress and at the end; the end handler runs exactly once, with the stored job.
const ACTIVE = ["queued", "running"];

export function followJob(jobId, { url = `/api/background-jobs/${jobId}`, onProgress = () => {}, onEnd = () => {}, interval = 1000 } = {}) {
  let ended = false;
  let timer = null;
  let polling = false;
  let again = false;

  const handle = (job) => {
    if (ended || !job) return;
    if (ACTIVE.includes(job.status)) {
      onProgress(job);
      return;
    }
    ended = true;
    clearTimeout(timer);
    onEnd(job);
  };

  const poll = async () => {
    if (ended) return;
    if (polling) { again = true; return; }
    polling = true;
    clearTimeout(timer);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) handle(await response.json());
    } catch (error) { /* offline for a moment: the next poll catches up */ }
    polling = false;
    if (again) { again = false; poll(); return; }
    if (!ended) timer = setTimeout(poll, interval);
  };

  const mine = (event) => event.detail && event.detail.job && Number(event.detail.job.job_id) === Number(jobId);
  // A progress event is shown at once; the end is read back from the API, which holds the result.
  document.addEventListener("jobly:job-progress", (event) => { if (mine(event)) handle({ ...event.detail.job, status: "running" }); });
  document.addEventListener("jobly:job-finished", (event) => { if (mine(event)) poll(); });
  poll();
  return { stop() { ended = true; clearTimeout(timer); } };
}

// The message a failed or cancelled job shows: the page's own wording for the error code, else the job's.
export function failureMessage(job, messages, fallback) {
  const code = job.error && job.error.code;
  return (code && messages[code]) || (job.error && job.error.message) || fallback;
}

// An onProgress handler that moves a <progress> bar forward (never back) and shows the job's message.
export function showProgressIn(bar, message) {
  return (job) => {
    bar.value = Math.max(Number(bar.value), Number(job.progress || 0));
    if (message) message.textContent = job.message || job.status;
  };
}
