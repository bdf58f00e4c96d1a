// Fund ledgers: pickers that reload the page when changed (no inline scripts: data- attributes).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});
