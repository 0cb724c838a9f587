// Matches page: switch profile on change, and refresh the results in place when a recompute finishes
// (the activity panel shows its progress meanwhile).
const switcher = document.querySelector("[data-profile-switcher]");
if (switcher) switcher.addEventListener("change", () => switcher.form.submit());

async function refreshResults() {
  const current = document.querySelector("[data-matches-results]");
  if (!current) return;
  const response = await fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.querySelector("[data-matches-results]");
  if (fresh) current.replaceWith(fresh);
  const stamp = page.querySelector("[data-last-computed]");
  const oldStamp = document.querySelector("[data-last-computed]");
  if (stamp && oldStamp) oldStamp.replaceWith(stamp);
}

document.addEventListener("jobly:job-finished", (event) => {
  const job = event.detail && event.detail.job;
  if (job && job.type === "matches.recompute") refreshResults();
});
document.addEventListener("jobly:event", (event) => {
  if (!event.detail || event.detail.type !== "match.new") return;
  const status = document.querySelector("[data-recompute-status]");
  const data = event.detail.data || {};
  if (status && data.count) {
    status.classList.remove("error");
    status.textContent = `${data.count} new match${data.count === 1 ? "" : "es"} scoring ${data.threshold} or more.`;
  }
  refreshResults();
});

// Recompute without leaving the page (the form still works without JavaScript): the activity
// panel shows the job's progress and the results refresh when it finishes.
const recomputeForm = document.querySelector("form[data-recompute]");
if (recomputeForm) {
  recomputeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = recomputeForm.querySelector("button[type=submit]");
    const status = document.querySelector("[data-recompute-status]");
    button.disabled = true;
    try {
      const response = await fetch("/api/matches/recompute", {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": recomputeForm.querySelector("[name=csrfmiddlewaretoken]").value,
        },
        body: JSON.stringify({ profile: Number(recomputeForm.querySelector("[name=profile]").value) }),
      });
      const body = await response.json().catch(() => ({}));
      if (status) {
        status.textContent = response.ok
          ? "Recomputing: progress shows in the activity panel."
          : (body.error && body.error.message) || "Could not start the recompute.";
        status.classList.toggle("error", !response.ok);
      }
    } catch (error) {
      if (status) { status.textContent = "Network error: try again."; status.classList.add("error"); }
    } finally {
      button.disabled = false;
    }
  });
}
