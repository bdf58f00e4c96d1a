// Entry by the list: a button data-grid-add="<template id>" adds rows to the form's grid, copied
// from the template with __prefix__ (the row's index) and __number__ (its number) filled in; the
// form's [data-grid-count] input says how many rows the server reads. No inline scripts (CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-grid-add]");
  if (!button) {
    return;
  }
  const form = button.form;
  const template = document.getElementById(button.dataset.gridAdd);
  const count = form.querySelector("[data-grid-count]");
  const rows = form.querySelector("[data-grid-rows]");
  const adding = Number.parseInt(button.dataset.gridAddCount || "1", 10);
  for (let added = 0; added < adding; added += 1) {
    const index = Number.parseInt(count.value, 10);
    const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__number__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    count.value = String(index + 1);
  }
});
