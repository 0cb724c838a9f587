// The applications board: drag a card (SortableJS) to change its status through the API; moves made
// in another tab or device arrive as `application.status_change` events from app.js's one socket.

const board = document.querySelector("[data-board]");
const transitions = JSON.parse(document.getElementById("board-transitions").textContent);

const applied = new Set();  // activity ids already counted (the mover's tab gets its own event too)

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function toast(text, kind) {
  if (window.joblyActivity) window.joblyActivity.toast(text, kind);
}

function list(status) {
  return board.querySelector(`[data-cards="${status}"]`);
}

function bump(status, delta) {
  for (const node of document.querySelectorAll(`[data-pipeline-count="${status}"]`)) {
    node.textContent = String(Math.max(0, Number(node.textContent || 0) + delta));
  }
  const column = board.querySelector(`[data-column="${status}"] [data-column-count]`);
  if (column) column.textContent = String(list(status).children.length);
}

async function move(card, from, to, oldIndex) {
  try {
    const response = await fetch(`${board.dataset.api}/${card.dataset.card}/status`, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json" },
      body: JSON.stringify({ to, expect: from }),
    });
    if (response.ok) {
      card.dataset.status = to;
      bump(from, 0);
      bump(to, 0);
      return;
    }
    const body = await response.json().catch(() => ({}));
    toast((body.error && body.error.message) || "The move was not saved.", "failed");
  } catch (error) {
    toast("Could not reach the server; the card went back.", "failed");
  }
  const source = list(from);
  source.insertBefore(card, source.children[oldIndex] || null);
  bump(from, 0);
  bump(to, 0);
}

function addRecent(event) {
  const recent = document.querySelector("[data-recent-activity]");
  if (!recent) return;
  const empty = recent.querySelector("[data-empty]");
  if (empty) empty.remove();
  const data = event.data;
  const item = document.createElement("li");
  item.dataset.activityId = data.activity_id;
  item.dataset.kind = "status_change";
  const time = document.createElement("time");
  time.dateTime = data.changed_at;
  time.textContent = data.changed_at.slice(0, 16).replace("T", " ");
  const badge = document.createElement("span");
  badge.className = "badge kind-status_change";
  badge.textContent = "Status change";
  const link = document.createElement("a");
  link.href = `/applications/${data.application_id}/`;
  link.textContent = data.title;
  const change = document.createElement("span");
  change.dataset.statusChange = "";
  change.textContent = `${data.from} → ${data.to}`;
  item.append(time, " ", badge, " ", link, " ", change);
  recent.prepend(item);
}

function onStatusChange(event) {
  const data = event.data || {};
  if (applied.has(data.activity_id)) return;
  applied.add(data.activity_id);
  const card = board.querySelector(`[data-card="${data.application_id}"]`);
  if (card && card.dataset.status !== data.to) {
    list(data.to).prepend(card);
    card.dataset.status = data.to;
  }
  bump(data.from, -1);
  bump(data.to, +1);
  addRecent(event);
}

function setup() {
  for (const cards of board.querySelectorAll("[data-cards]")) {
    window.Sortable.create(cards, {
      group: {
        name: "board",
        put: (to, from, dragged) => (transitions[dragged.dataset.status] || []).includes(to.el.dataset.cards),
      },
      animation: 120,
      forceFallback: true,  // mouse events rather than native drag and drop: the same in every browser
      fallbackOnBody: true,
      onEnd: (evt) => {
        if (evt.from === evt.to) return;
        move(evt.item, evt.from.dataset.cards, evt.to.dataset.cards, evt.oldIndex);
      },
    });
  }
  board.dataset.ready = "true";
}

document.addEventListener("jobly:event", (custom) => {
  if (custom.detail && custom.detail.type === "application.status_change") onStatusChange(custom.detail);
});
// Sortable is a classic deferred script; modules run after deferred scripts, so it is there.
if (window.Sortable) setup(); else window.addEventListener("load", setup);

