// vaultrel site: sorting and search on the people table. The page is complete without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const table = document.getElementById("people");
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);

  // Search: keep the rows whose name or aliases hold every word typed.
  const search = document.querySelector(".search");
  const find = document.getElementById("find");
  search.hidden = false;
  find.addEventListener("input", () => {
    const words = find.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of rows) {
      row.hidden = !words.every((word) => row.dataset.names.includes(word));
    }
  });

  // Sorting: a click on a column's heading sorts by it; a second click reverses. Empty values
  // (never spoken, nothing owed) go last either way.
  const numeric = new Set(["owe", "they"]);
  for (const th of table.tHead.rows[0].cells) {
    const key = th.dataset.sort;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const value = (row) => row.dataset[key];
      const sorted = rows.slice().sort((a, b) => {
        const x = value(a), y = value(b);
        if (!x || !y) return x === y ? 0 : x ? -1 : 1;
        const order = numeric.has(key) ? Number(x) - Number(y) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      body.replaceChildren(...sorted);
    });
  }
});
