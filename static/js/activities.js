// Activities: the check-in sheet and searchable member lists. No inline scripts: pages opt in
// with data- attributes, and every page still works (more slowly) without JavaScript.
(() => {
  "use strict";

  const normalise = (text) => (text || "").toLowerCase().replace(/\s+/g, " ").trim();

  // A search box that hides the items of a list whose text does not contain the query.
  function matches(item, query, union) {
    if (union && item.dataset.union !== union) return false;
    if (!query) return true;
    const haystack = normalise(item.dataset.search || item.textContent);
    return query.split(" ").every((word) => haystack.includes(word));
  }

  function setUpSheet(form) {
    const rows = Array.from(form.querySelectorAll(".sheet-row"));
    const search = form.querySelector("[data-sheet-search]");
    const unionSelect = form.querySelector("[data-sheet-union]");
    const empty = form.querySelector("[data-sheet-empty]");
    const counters = {};
    form.querySelectorAll("[data-count]").forEach((el) => { counters[el.dataset.count] = el; });

    const visibleRows = () => rows.filter((row) => !row.hidden);
    const checkedValue = (row) => {
      const checked = row.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    };
    const setValue = (row, value) => {
      row.querySelectorAll("input[type=radio]").forEach((input) => {
        input.checked = input.value === value;
      });
    };

    function recount() {
      const counts = { present: 0, absent: 0, leave: 0, none: 0 };
      rows.forEach((row) => { counts[checkedValue(row) || "none"] += 1; });
      Object.entries(counters).forEach(([key, el]) => { el.textContent = counts[key] || 0; });
    }

    function filter() {
      const query = normalise(search ? search.value : "");
      const union = unionSelect ? unionSelect.value : "";
      let shown = 0;
      rows.forEach((row) => {
        row.hidden = !matches(row, query, union);
        if (!row.hidden) shown += 1;
      });
      if (empty) empty.classList.toggle("d-none", shown > 0);
    }

    if (search) search.addEventListener("input", filter);
    if (unionSelect) unionSelect.addEventListener("change", filter);
    // Enter in the search box filters; it must not submit the whole sheet.
    if (search) search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches("input[type=radio]")) recount();
    });
    form.querySelectorAll("[data-sheet-all]").forEach((button) => {
      button.addEventListener("click", () => {
        visibleRows().forEach((row) => setValue(row, button.dataset.sheetAll));
        recount();
      });
    });
    form.querySelectorAll("[data-sheet-rest]").forEach((button) => {
      button.addEventListener("click", () => {
        visibleRows().filter((row) => !checkedValue(row)).forEach((row) => setValue(row, button.dataset.sheetRest));
        recount();
      });
    });
    form.querySelectorAll("[data-sheet-clear]").forEach((button) => {
      button.addEventListener("click", () => {
        visibleRows().forEach((row) => setValue(row, ""));
        recount();
      });
    });
    recount();
  }

  // <input data-filter-for="id-of-container">: hides the container's .form-check items.
  function setUpListFilter(input) {
    const container = document.getElementById(input.dataset.filterFor);
    if (!container) return;
    const items = Array.from(container.querySelectorAll(".form-check"));
    input.addEventListener("input", () => {
      const query = normalise(input.value);
      items.forEach((item) => { item.hidden = !matches(item, query, ""); });
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  document.querySelectorAll("[data-sheet]").forEach(setUpSheet);
  document.querySelectorAll("[data-filter-for]").forEach(setUpListFilter);
})();
