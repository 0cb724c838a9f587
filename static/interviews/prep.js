// The prep page while it is generated: follow its background job's progress (the activity panel's
// events) and reload when it ends or when `interview_prep.ready` arrives for this prep.
const root = document.querySelector("[data-prep]");
const box = document.querySelector("[data-prep-progress]");
if (root && box) {
  const jobId = Number(root.dataset.backgroundJob || 0);
  const prepId = Number(root.dataset.prep);
  const bar = box.querySelector("[data-prep-progress-bar]");
  const message = box.querySelector("[data-prep-progress-message]");
  let reloading = false;
  const reload = () => { if (!reloading) { reloading = true; window.location.reload(); } };
  document.addEventListener("jobly:job-progress", (event) => {
    const job = event.detail.job;
    if (job.job_id !== jobId) return;
    bar.value = Math.max(Number(bar.value), Number(job.progress || 0));
    if (job.message) message.textContent = job.message;
  });
  document.addEventListener("jobly:job-finished", (event) => { if (event.detail.job.job_id === jobId) reload(); });
  document.addEventListener("jobly:event", (event) => {
    const { type, data } = event.detail;
    if (type === "interview_prep.ready" && data && data.prep_id === prepId) reload();
  });
  // A generation that finished before this page subscribed: ask the API once.
  fetch(`/api/background-jobs/${jobId}`, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : null))
    .then((job) => { if (job && !["queued", "running"].includes(job.status)) reload(); })
    .catch(() => {});
}
