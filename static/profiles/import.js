// Import progress: poll the background job (the API is the truth) and react at once to the
// activity panel's "jobly:job-finished" event; on success, open the review page.

const MESSAGES = {
  pdf_encrypted: "This PDF is protected with a password. Remove the password or upload another format.",
  pdf_no_text: "This looks like a scanned image; paste the text instead (upload it as a .txt file).",
  parse_error: "The file is damaged or could not be read.",
  empty_text: "No text was found in this file.",
  invalid_json_resume: "The JSON Resume does not match the schema.",
  time_limit: "Reading this file took too long.",
};

const root = document.querySelector("[data-import-job]");
if (root) {
  const jobId = Number(root.dataset.importJob);
  const bar = root.querySelector("[data-import-progress]");
  const message = root.querySelector("[data-import-message]");
  const errorBox = root.querySelector("[data-import-error]");
  const done = root.querySelector("[data-import-done]");
  const duplicate = root.querySelector("[data-import-duplicate]");
  let finished = false;
  let timer = null;

  const show = (job) => {
    if (finished) return;
    bar.value = Math.max(Number(bar.value), Number(job.progress || 0));
    message.textContent = job.message || job.status;
    if (job.status === "succeeded") {
      finished = true;
      bar.value = 100;
      const url = (job.result && job.result.review_url) || root.dataset.editUrl;
      const counts = (job.result && job.result.counts) || {};
      message.textContent = `Found ${counts.experience || 0} experience entries, ${counts.education || 0} education entries and ${counts.skills || 0} skills. Review them before saving.`;
      done.querySelector("[data-review-link]").href = url;
      done.hidden = false;
      const earlier = job.result && job.result.duplicate_of;
      if (earlier) {
        // The same bytes were imported before: say so and offer that result instead of moving on.
        const when = new Date(earlier.created_at).toLocaleString();
        duplicate.textContent = `This file is identical to ${earlier.filename || "a resume"} you uploaded on ${when}, so it was not read again. Review that import, or upload another file.`;
        duplicate.hidden = false;
        message.textContent = "Same file as an earlier upload.";
        return;
      }
      window.location.assign(url);
    } else if (job.status === "failed" || job.status === "cancelled") {
      finished = true;
      const code = job.error && job.error.code;
      errorBox.textContent = (code && MESSAGES[code]) || (job.error && job.error.message) || `The import ${job.status}.`;
      if (code) errorBox.dataset.code = code;
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

  document.addEventListener("jobly:job-finished", (event) => {
    if (event.detail && event.detail.job && event.detail.job.job_id === jobId) {
      clearTimeout(timer);
      poll();
    }
  });
  poll();
}
