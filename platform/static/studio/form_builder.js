// Form builder: drag a question to a new place (mouse); the Up/Down buttons do the same without JavaScript.
// Each drop is one POST to the question's place URL, checked and saved like every other edit; the page then reloads.
// A repeatable group's item questions drag by their handle inside the open panel: the drop submits the panel with
// the rows in their new order (as its Move up / Move down buttons do), so what was typed is saved with the move.
(function () {
  "use strict";
  let dragged = null;

  function indexIn(list, item) {
    return Array.prototype.indexOf.call(list.querySelectorAll(":scope > li.sf-question"), item);
  }

  function place(item, list) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", list.dataset.csrf);
    body.append("page", list.dataset.page);
    body.append("index", String(indexIn(list, item)));
    fetch(item.dataset.placeUrl, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return;
      }
      response.text().then(function (html) {  // a refusal: show the page's problems in place
        const refused = new DOMParser().parseFromString(html, "text/html");
        document.body.replaceWith(document.adoptNode(refused.body));
      });
    });
  }

  function setUpItems(list) {
    const form = list.closest("form");
    const names = form.querySelector("input[name=item_names]");
    let row = null;
    list.querySelectorAll(":scope > li[data-item]").forEach(function (item) {
      const handle = document.createElement("span");
      handle.className = "sf-drag-handle";
      handle.setAttribute("draggable", "true");
      handle.setAttribute("aria-hidden", "true");  // the Move buttons are the accessible way to reorder
      handle.textContent = "Drag to reorder";
      item.querySelector(".sf-item-moves").prepend(handle);
      handle.addEventListener("dragstart", function (event) {
        event.stopPropagation();  // not the question's own drag
        row = item;
        item.classList.add("sf-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.dataset.item);
        event.dataTransfer.setDragImage(item, 10, 10);
      });
      handle.addEventListener("dragend", function () {
        item.classList.remove("sf-dragging");
      });
    });
    list.addEventListener("dragover", function (event) {
      if (!row) return;
      event.preventDefault();
      event.stopPropagation();
      const over = event.target.closest("li[data-item]");
      if (over && over !== row && over.parentElement === list) {
        const box = over.getBoundingClientRect();
        list.insertBefore(row, event.clientY < box.top + box.height / 2 ? over : over.nextSibling);
      }
    });
    list.addEventListener("drop", function (event) {
      if (!row) return;
      event.preventDefault();
      event.stopPropagation();
      const moved = row;
      row = null;
      const order = Array.prototype.map.call(list.querySelectorAll(":scope > li[data-item]"), function (li) {
        return li.dataset.item;
      });
      if (order.join(",") === names.value) return;  // dropped where it was
      names.value = order.join(",");
      const move = document.createElement("input");
      move.type = "hidden";
      move.name = "item_move";
      move.value = moved.dataset.item + ":placed";
      form.appendChild(move);
      form.submit();
    });
  }

  function setUp() {
    document.querySelectorAll("ol[data-sf-items]").forEach(setUpItems);
    document.querySelectorAll("ol[data-sf-questions] > li[data-place-url]").forEach(function (item) {
      if (item.querySelector("form.sf-panel")) return;  // its panel is open: its inputs are being typed in
      item.setAttribute("draggable", "true");
      item.classList.add("sf-draggable");
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("sf-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.dataset.name);
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("sf-dragging");
      });
    });
    document.querySelectorAll("ol[data-sf-questions]").forEach(function (list) {
      list.addEventListener("dragover", function (event) {
        if (!dragged) return;
        event.preventDefault();
        const over = event.target.closest("li.sf-question");
        if (over && over !== dragged && over.parentElement === list) {
          const box = over.getBoundingClientRect();
          list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextSibling);
        } else if (!over) {
          list.appendChild(dragged);
        }
      });
      list.addEventListener("drop", function (event) {
        if (!dragged) return;
        event.preventDefault();
        const item = dragged;
        dragged = null;
        place(item, list);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
