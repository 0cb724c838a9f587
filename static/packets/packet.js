// Packet page: while the packet is being made, follow its background job and reload the page when
// it succeeds; a failure or a cancel says why.
import { failureMessage, followJob, showProgressIn } from "../jobly/follow_job.js";

const MESSAGES = {
  render_timeout: "Rendering took too long; try again or choose another design.",
  render_error: "The document could not be rendered.",
  renderer_unavailable: "That renderer is not installed here.",
  cancelled: "Generation was cancelled.",
};

const root = document.querySelector("[data-packet-job]");
if (root) {
  const bar = root.querySelector("[data-packet-progress]");
  const message = root.querySelector("[data-packet-message]");
  const errorBox = root.querySelector("[data-packet-error]");

  followJob(Number(root.dataset.packetJob), {
    url: root.dataset.jobUrl,
    onProgress: showProgressIn(bar, message),
    onEnd(job) {
      message.textContent = job.message || job.status;
      if (job.status === "succeeded") {
        bar.value = 100;
        window.location.reload();
        return;
      }
      errorBox.textContent = failureMessage(job, MESSAGES, `Generation ${job.status}.`);
      errorBox.hidden = false;
    },
  });
}
