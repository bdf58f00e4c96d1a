// Fund ledgers: pickers that reload the page when changed (no inline scripts: data- attributes).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});

// A page whose form says data-carry="date amount …" keeps what was typed when the union picker
// reloads the page, however it is sent (changed, its 查询 button, Enter): the values ride along in
// the picker's query string.
document.addEventListener("submit", (event) => carryTypedValues(event.target));
function carryTypedValues(picker) {
  const form = document.querySelector("form[data-carry]");
  if (!form || picker.method.toLowerCase() !== "get") {
    return;
  }
  for (const name of form.dataset.carry.split(" ")) {
    const input = form.elements.namedItem(name);
    if (!input || !input.value || picker.contains(input)) {
      continue;
    }
    let hidden = picker.querySelector(`input[type=hidden][name="${name}"]`);
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      picker.appendChild(hidden);
    }
    hidden.value = input.value;
  }
}
