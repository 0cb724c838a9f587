// Packet page: while the packet is being made, follow its background job (the API is the truth, the
// activity panel's events make it prompt) and reload the page when it ends.

const MESSAGES = {
  render_timeout: "Rendering took too long; try again or choose another design.",
  render_error: "The document could not be rendered.",
  renderer_unavailable: "That renderer is not installed here.",
  cancelled: "Generation was cancelled.",
};

const root = document.querySelector("[data-packet-job]");
if (root) {
  const jobId = Number(root.dataset.packetJob);
  const bar = root.querySelector("[data-packet-progress]");
  const message = root.querySelector("[data-packet-message]");
  const errorBox = root.querySelector("[data-packet-error]");
  let finished = false;
  let timer = null;

  const show = (job) => {
    if (finished) return;
    bar.value = Math.max(Number(bar.value), Number(job.progress || 0));
    message.textContent = job.message || job.status;
    if (job.status === "succeeded") {
      finished = true;
      bar.value = 100;
      window.location.reload();
    } else if (job.status === "failed" || job.status === "cancelled") {
      finished = true;
      const code = job.error && job.error.code;
      errorBox.textContent = (code && MESSAGES[code]) || (job.error && job.error.message) || `Generation ${job.status}.`;
      errorBox.hidden = false;
    }
  };

  const poll = async () => {
    try {
      const response = await fetch(root.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) show(await response.json());
    } catch (error) { /* offline for a moment: the next poll catches up */ }
    if (!finished) timer = setTimeout(poll, 1000);
  };

  const mine = (event) => event.detail && event.detail.job && event.detail.job.job_id === jobId;
  document.addEventListener("jobly:job-progress", (event) => { if (mine(event)) show({ ...event.detail.job, status: "running" }); });
  document.addEventListener("jobly:job-finished", (event) => { if (mine(event)) { clearTimeout(timer); poll(); } });
  poll();
}
