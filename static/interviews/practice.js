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
