// Feeds page: confirm removals, and refresh the feeds table (health, counts) when a fetch finishes,
// without a page load, so the activity panel and its toasts stay on screen.
function bindConfirms(root) {
  for (const form of root.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
}

async function refreshFeedsTable() {
  const current = document.querySelector("[data-feeds-table]");
  if (!current) return;
  const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-feeds-table]");
  if (fresh) {
    current.replaceWith(fresh);
    bindConfirms(fresh);
  }
}

bindConfirms(document);

document.addEventListener("jobly:job-finished", (event) => {
  const job = event.detail && event.detail.job;
  if (job && (job.type === "feeds.ingest" || job.type === "feeds.import_file")) refreshFeedsTable();
});

document.addEventListener("jobly:event", (event) => {
  const wire = event.detail;
  if (!wire || wire.type !== "feed.failed") return;
  const badge = document.querySelector(`[data-feed-row="${wire.data.feed_id}"] [data-feed-health]`);
  if (badge) badge.textContent = wire.data.disabled ? "disabled" : "failing";
});
