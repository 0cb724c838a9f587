// Profile editor: turns each JSON list field into rows a person can add, remove and reorder
// (experience bullets too). The JSON textarea stays the form's value, so the page also works
// without this script.

const SPECS = {
  experience: { add: "Add experience", fields: [["title", "Title"], ["company", "Company"], ["location", "Location"], ["url", "URL"], ["start", "Start (YYYY-MM)"], ["end", "End (YYYY-MM)"], ["current", "Current", "checkbox"], ["bullets", "Bullets", "list", "Bullet"]] },
  skills: { add: "Add skill", fields: [["name", "Skill"], ["level", "Level"], ["years", "Years", "number"], ["group", "Group"]] },
  education: { add: "Add education", fields: [["institution", "Institution"], ["degree", "Degree"], ["field", "Field"], ["score", "Score"], ["url", "URL"], ["start", "Start"], ["end", "End"], ["courses", "Courses", "list", "Course"]] },
  certifications: { add: "Add certification", fields: [["name", "Name"], ["issuer", "Issuer"], ["date", "Date"]] },
  languages: { add: "Add language", fields: [["language", "Language"], ["fluency", "Fluency"]] },
  projects: { add: "Add project", fields: [["name", "Name"], ["description", "Description"], ["url", "URL"], ["start", "Start"], ["end", "End"], ["highlights", "Highlights", "list", "Highlight"], ["keywords", "Keywords", "list", "Keyword"]] },
  volunteer: { add: "Add volunteer work", fields: [["organization", "Organization"], ["position", "Position"], ["url", "URL"], ["start", "Start"], ["end", "End"], ["summary", "Summary"], ["highlights", "Highlights", "list", "Highlight"]] },
  publications: { add: "Add publication", fields: [["name", "Title"], ["publisher", "Publisher"], ["date", "Date"], ["url", "URL"], ["summary", "Summary"]] },
  awards: { add: "Add award", fields: [["title", "Title"], ["awarder", "Awarded by"], ["date", "Date"], ["summary", "Summary"]] },
  interests: { add: "Add interest", fields: [["name", "Interest"], ["keywords", "Keywords", "list", "Keyword"]] },
  references: { add: "Add reference", fields: [["name", "Name"], ["reference", "Reference"]] },
  links: { add: "Add link", fields: [["label", "Label"], ["url", "URL"], ["username", "Username"]] },
};

function button(text, onClick, label) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "small";
  element.textContent = text;
  if (label) element.setAttribute("aria-label", label);
  element.addEventListener("click", onClick);
  return element;
}

function moveControls(list, index, rerender, noun) {
  const wrap = document.createElement("span");
  wrap.className = "row-controls";
  wrap.append(
    button("↑", () => { if (index > 0) { [list[index - 1], list[index]] = [list[index], list[index - 1]]; rerender(); } }, `Move ${noun} up`),
    button("↓", () => { if (index < list.length - 1) { [list[index + 1], list[index]] = [list[index], list[index + 1]]; rerender(); } }, `Move ${noun} down`),
    button("✕", () => { list.splice(index, 1); rerender(); }, `Remove ${noun}`),
  );
  return wrap;
}

function stringList(values, label) {
  const box = document.createElement("div");
  box.className = "string-list";
  const render = () => {
    box.replaceChildren();
    values.forEach((value, index) => {
      const row = document.createElement("div");
      row.className = "string-row";
      const input = document.createElement("input");
      input.value = value;
      input.setAttribute("aria-label", `${label} ${index + 1}`);
      input.dataset.bullet = "";
      input.addEventListener("input", () => { values[index] = input.value; });
      row.append(input, moveControls(values, index, render, label.toLowerCase()));
      box.append(row);
    });
    box.append(button(`Add ${label.toLowerCase()}`, () => { values.push(""); render(); box.querySelector("input:last-of-type")?.focus(); }));
  };
  render();
  return box;
}

function setup(section) {
  const field = section.dataset.listEditor;
  const spec = SPECS[field];
  const textarea = section.querySelector("[data-list-json]");
  let items;
  try { items = JSON.parse(textarea.value || "[]"); } catch (error) { return; }
  if (!Array.isArray(items)) return;
  textarea.hidden = true;
  const container = document.createElement("div");
  container.className = "list-editor";
  section.append(container);

  const render = () => {
    container.replaceChildren();
    if (items.length === 0) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "Nothing here yet.";
      container.append(empty);
    }
    items.forEach((item, index) => {
      const row = document.createElement("fieldset");
      row.className = "list-row";
      row.dataset.row = field;
      const legend = document.createElement("legend");
      legend.textContent = `${index + 1}`;
      row.append(legend, moveControls(items, index, render, field === "skills" ? "skill" : "entry"));
      for (const [key, label, kind, itemLabel] of spec.fields) {
        const wrap = document.createElement("label");
        wrap.textContent = label;
        if (kind === "list") {
          item[key] = Array.isArray(item[key]) ? item[key] : [];
          wrap.append(stringList(item[key], itemLabel));
        } else {
          const input = document.createElement("input");
          input.name = `${field}-${index}-${key}`;
          input.dataset.key = key;
          if (kind === "checkbox") {
            input.type = "checkbox";
            input.checked = Boolean(item[key]);
            input.style.width = "auto";
            input.addEventListener("change", () => { item[key] = input.checked; });
          } else {
            input.type = kind === "number" ? "number" : "text";
            if (kind === "number") input.step = "0.1";
            input.value = item[key] ?? "";
            input.addEventListener("input", () => {
              item[key] = kind === "number" ? (input.value === "" ? null : Number(input.value)) : input.value;
            });
          }
          wrap.append(input);
        }
        row.append(wrap);
      }
      container.append(row);
    });
    container.append(button(spec.add, () => { items.push({}); render(); }));
  };
  render();
  section.closest("form").addEventListener("submit", () => {
    const cleaned = items.map((item) => {
      const copy = { ...item };
      for (const [key, , kind] of spec.fields) {
        if (kind === "list" && Array.isArray(copy[key])) copy[key] = copy[key].map((value) => value.trim()).filter(Boolean);
      }
      return copy;
    }).filter((item) => Object.values(item).some((value) => (Array.isArray(value) ? value.length : value !== "" && value !== null && value !== undefined && value !== false)));
    textarea.value = JSON.stringify(cleaned);
  });
}

for (const section of document.querySelectorAll("[data-list-editor]")) setup(section);
for (const element of document.querySelectorAll("[data-confirm]")) {
  element.addEventListener("click", (event) => { if (!window.confirm(element.dataset.confirm)) event.preventDefault(); });
}
