// The prep page while it is generated: follow its background job's progress and reload when it ends
// (or when `interview_prep.ready` arrives for this prep), so the sections or the error show.
import { followJob, showProgressIn } from "../jobly/follow_job.js";

const root = document.querySelector("[data-prep]");
const box = document.querySelector("[data-prep-progress]");
if (root && box) {
  const prepId = Number(root.dataset.prep);
  const bar = box.querySelector("[data-prep-progress-bar]");
  const message = box.querySelector("[data-prep-progress-message]");
  let reloading = false;
  const reload = () => { if (!reloading) { reloading = true; window.location.reload(); } };

  const jobId = Number(root.dataset.backgroundJob || 0);
  const follower = jobId && followJob(jobId, {
    onProgress: showProgressIn(bar, message),
    onEnd: reload,
  });
  document.addEventListener("jobly:event", (event) => {
    const { type, data } = event.detail;
    if (type === "interview_prep.ready" && data && data.prep_id === prepId) { if (follower) follower.stop(); reload(); }
  });
}
