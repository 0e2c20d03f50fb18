/* Names for the admin's stock controls that Django and its widgets render without one (axe: label, e.g. the
   date and time boxes of a date-time field,
   aria-input-field-name, aria-prohibited-attr, empty-table-header). Applied on load and to every row or widget
   added later (inline "Add another", select2, the permission filters), so each control is named once it shows. */
(function () {
  "use strict";

  function columnName(cell) {
    var table = cell.closest("table");
    var header = table && table.tHead && table.tHead.rows[0];
    var index = Array.prototype.indexOf.call(cell.parentNode.children, cell);
    var th = header && header.cells[index];
    return th ? th.textContent.trim() : "";
  }

  function fieldName(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) return label.textContent.replace(/:$/, "").trim();
    var cell = select.closest("td");
    return cell ? columnName(cell) : select.name;
  }

  function name(root) {
    root.querySelectorAll("th.original:empty").forEach(function (th) {
      th.innerHTML = '<span class="visually-hidden">Saved row</span>';
    });
    root.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea").forEach(function (input) {
      if (input.type === "hidden" || input.labels && input.labels.length || input.getAttribute("aria-label")) return;
      var column = columnName(input.closest("td"));
      if (column) input.setAttribute("aria-label", column);
    });
    root.querySelectorAll("p.datetime input.vDateField, p.datetime input.vTimeField").forEach(function (input) {
      if (input.labels && input.labels.length || input.getAttribute("aria-label")) return;
      var row = input.closest(".form-row, .fieldBox, td");
      var label = row && row.querySelector("label");
      var field = label ? label.textContent.replace(/:$/, "").trim() : input.name;
      input.setAttribute("aria-label", field + (input.classList.contains("vDateField") ? " date" : " time"));
    });
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (span) {
      span.setAttribute("role", "img");
    });
    root.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      var label = fieldName(select);
      container.querySelectorAll(".select2-selection, .select2-selection__rendered").forEach(function (el) {
        if (!el.getAttribute("aria-label")) el.setAttribute("aria-label", label);
      });
    });
  }

  function start() {
    name(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) name(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
