import { followJob } from "../jobly/follow_job.js";

// Practice mode: a timer per question that pauses with the tab hidden; its seconds go with the saved answer.
const form = document.querySelector("[data-practice-form]");
if (form) {
  const output = document.querySelector("[data-timer]");
  const field = form.querySelector("[data-seconds]");
  const toggle = document.querySelector("[data-timer-toggle]");
  let seconds = 0;
  let running = true;
  const show = () => {
    output.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    field.value = String(seconds);
  };
  setInterval(() => {
    if (running && !document.hidden) { seconds += 1; show(); }
  }, 1000);
  toggle.addEventListener("click", () => {
    running = !running;
    toggle.textContent = running ? "Pause" : "Resume";
  });
  form.dataset.ready = "true";
}

// Feedback being written: follow its job and swap in the finished section without a reload, so notes
// typed meanwhile stay in the form.
const pending = document.querySelector("[data-feedback-job]");
if (pending) {
  followJob(Number(pending.dataset.feedbackJob), {
    async onEnd() {
      const response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-feedback]");
      if (fresh) document.querySelector("[data-feedback]").replaceWith(fresh);
    },
  });
}
