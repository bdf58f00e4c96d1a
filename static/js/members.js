// Member register pages. No inline scripts: pages opt in with data- attributes and ids.
(() => {
  const show = (id, visible) => {
    const wrapper = document.getElementById(`div_id_${id}`);
    if (wrapper) wrapper.hidden = !visible;
  };
  const checked = (form, name) => form.querySelector(`input[name="${name}"]:checked`)?.value;

  // Registering a member: the transfer-in fields only when arriving from outside the system.
  const memberForm = document.querySelector("[data-member-form]");
  if (memberForm && memberForm.querySelector('input[name="how"]')) {
    const sync = () => {
      const transferIn = checked(memberForm, "how") === "transfer_in";
      show("original_join_date", transferIn);
      show("from_union_name", transferIn);
    };
    memberForm.addEventListener("change", sync);
    sync();
  }

  // Transfer: a union of the system, or the name of one outside it.
  const transferForm = document.querySelector("[data-transfer-form]");
  if (transferForm) {
    const sync = () => {
      const inside = checked(transferForm, "where") !== "outside";
      show("to_union", inside);
      show("to_union_name", !inside);
    };
    transferForm.addEventListener("change", sync);
    sync();
  }

  // Upload with a progress bar; the server checks the whole file in the same request.
  const importForm = document.querySelector("[data-import-form]");
  if (importForm && window.FormData && window.XMLHttpRequest) {
    importForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const box = document.getElementById("import-progress");
      const bar = document.getElementById("import-progress-bar");
      const text = document.getElementById("import-progress-text");
      const button = document.getElementById("import-submit");
      box.hidden = false;
      button.disabled = true;
      const request = new XMLHttpRequest();
      const target = importForm.action || window.location.href;
      request.open("POST", target);
      request.upload.addEventListener("progress", (progress) => {
        if (!progress.lengthComputable) return;
        const percent = Math.round((progress.loaded / progress.total) * 100);
        bar.value = percent;
        text.textContent = `${text.dataset.uploading}${percent}%`;
      });
      request.upload.addEventListener("load", () => {
        bar.removeAttribute("value");
        text.textContent = text.dataset.checking;
      });
      request.addEventListener("load", () => {
        if (request.responseURL && request.responseURL !== new URL(target, window.location.href).href) {
          window.location.assign(request.responseURL);
          return;
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", () => importForm.submit());
      request.send(new FormData(importForm));
    });
  }

  // Long posts (committing an import): say that it is working and prevent a second click.
  document.querySelectorAll("form[data-busy]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.busy;
      }
    });
  });

  // Hardship file: per-capita income as it is typed, at most three secondary causes, more family rows.
  const hardshipForm = document.querySelector("[data-hardship-form]");
  if (hardshipForm) {
    const income = hardshipForm.querySelector("[data-income]");
    const size = hardshipForm.querySelector("[data-size]");
    const preview = document.getElementById("per-capita-preview");
    const updateIncome = () => {
      const total = Number.parseFloat(income.value);
      const people = Number.parseInt(size.value, 10);
      preview.textContent =
        Number.isFinite(total) && people > 0 ? `¥${(Math.round((total / people) * 100) / 100).toFixed(2)}` : "—";
    };
    income?.addEventListener("input", updateIncome);
    size?.addEventListener("input", updateIncome);
    if (income && size) updateIncome();

    const causes = [...hardshipForm.querySelectorAll('input[name="secondary_causes"]')];
    const limitCauses = () => {
      const full = causes.filter((box) => box.checked).length >= 3;
      causes.forEach((box) => {
        box.disabled = full && !box.checked;
      });
    };
    causes.forEach((box) => box.addEventListener("change", limitCauses));
    limitCauses();

    const add = document.getElementById("family-add");
    const template = document.getElementById("family-empty-row");
    const total = hardshipForm.querySelector('input[name="family-TOTAL_FORMS"]');
    add?.addEventListener("click", () => {
      const index = Number.parseInt(total.value, 10);
      const html = template.innerHTML.replaceAll("__prefix__", String(index));
      document.getElementById("family-rows").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  }
})();
