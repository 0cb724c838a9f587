// One application's page: its timeline and status follow live events (app.js's socket), so a move
// made on the board in another tab shows here without a reload.

const root = document.querySelector("[data-application]");
const id = root && Number(root.dataset.application);

async function refresh() {
  const [detail, activities] = await Promise.all([
    fetch(`/api/applications/${id}`, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null)),
    fetch(`/api/applications/${id}/activities?page_size=100`, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null)),
  ]).catch(() => [null, null]);
  if (detail) {
    root.dataset.status = detail.status;
    const label = root.querySelector("[data-status-label]");
    label.textContent = detail.status_label;
    label.className = `badge status-${detail.status}`;
    const moves = root.querySelector("[data-status-moves]");
    if (moves) {
      moves.querySelector("input[name=expect]").value = detail.status;
      for (const button of moves.querySelectorAll("button[name=to]")) button.hidden = !detail.allowed_moves.includes(button.value);
    }
  }
  if (activities) {
    const timeline = root.querySelector("[data-timeline]");
    timeline.replaceChildren(...activities.results.map((activity) => {
      const item = document.createElement("li");
      item.dataset.activityId = activity.id;
      item.dataset.kind = activity.kind;
      const time = document.createElement("time");
      time.dateTime = activity.created_at;
      time.textContent = activity.created_at.slice(0, 16).replace("T", " ");
      const badge = document.createElement("span");
      badge.className = `badge kind-${activity.kind}`;
      badge.textContent = activity.kind_label;
      item.append(time, " ", badge);
      if (activity.kind === "status_change") {
        const change = document.createElement("span");
        change.dataset.statusChange = "";
        change.textContent = ` ${activity.data.from} → ${activity.data.to}`;
        item.append(change);
      }
      if (activity.text) {
        const text = document.createElement("span");
        text.className = "activity-text";
        text.textContent = ` ${activity.text}`;
        item.append(text);
      }
      return item;
    }));
  }
}

document.addEventListener("jobly:event", (custom) => {
  const event = custom.detail || {};
  if (!event.type || !event.type.startsWith("application.")) return;
  if (event.data && event.data.application_id === id) refresh();
});
