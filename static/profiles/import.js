// Import progress: follow the background job; on success open the review page, unless the file is
// byte-identical to an earlier upload, which is said and offered instead.
import { failureMessage, followJob, showProgressIn } from "../jobly/follow_job.js";

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
  const bar = root.querySelector("[data-import-progress]");
  const message = root.querySelector("[data-import-message]");
  const errorBox = root.querySelector("[data-import-error]");
  const done = root.querySelector("[data-import-done]");
  const duplicate = root.querySelector("[data-import-duplicate]");

  const succeeded = (job) => {
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
  };

  followJob(Number(root.dataset.importJob), {
    url: root.dataset.jobUrl,
    onProgress: showProgressIn(bar, message),
    onEnd(job) {
      if (job.status === "succeeded") return succeeded(job);
      message.textContent = job.message || job.status;
      const code = job.error && job.error.code;
      errorBox.textContent = failureMessage(job, MESSAGES, `The import ${job.status}.`);
      if (code) errorBox.dataset.code = code;
      errorBox.hidden = false;
    },
  });
}
