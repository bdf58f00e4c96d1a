// UnionHub's small helpers. No inline scripts: pages opt in with data- attributes.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
  const confirmer = event.target.closest("[data-confirm]");
  if (confirmer && !window.confirm(confirmer.dataset.confirm)) {
    event.preventDefault();
  }
});

// A union picker (select[data-union-search]) lists the unions nearest the top of the role's reach
// and the one chosen; a search box above it fetches the unions whose name contains what is typed
// (unionhub.views.union_search) and shows them in the select, opened as a list, the chosen one and
// "all" kept; choosing one closes the list.
function unionSearch(select) {
  const template = document.getElementById("union-search-box");
  if (!template || select.dataset.unionSearchReady) {
    return;
  }
  select.dataset.unionSearchReady = "1";
  const box = template.content.firstElementChild.cloneNode(true);
  select.before(box);
  select.addEventListener("change", () => {
    select.size = 0;
  });
  const listed = Array.from(select.options).map((option) => option.cloneNode(true));
  let timer = null;
  let asked = "";
  const show = (options) => {
    const chosen = select.value;
    const kept = listed.filter((option) => option.value === "" || option.value === chosen);
    const seen = new Set(kept.map((option) => option.value));
    select.replaceChildren(...kept.map((option) => option.cloneNode(true)));
    for (const option of options) {
      if (!seen.has(option.value)) {
        select.append(option);
      }
    }
    select.value = chosen;
  };
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = box.value.trim();
      asked = text;
      if (!text) {
        show(listed.filter((option) => option.value !== "").map((option) => option.cloneNode(true)));
        select.size = 0;
        return;
      }
      const url = `${select.dataset.unionSearch}?q=${encodeURIComponent(text)}`;
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || asked !== text) {
        return;
      }
      const found = (await response.json()).unions;
      show(found.map((union) => new Option(union.label, String(union.id))));
      select.dataset.matches = String(found.length);
      select.size = found.length ? Math.min(select.options.length, 8) : 0;
    }, 250);
  });
}
document.querySelectorAll("select[data-union-search]").forEach(unionSearch);
