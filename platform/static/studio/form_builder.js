// Form builder: drag a question to a new place (mouse); the Up/Down buttons do the same without JavaScript.
// Each drop is one POST to the question's place URL, checked and saved like every other edit; the page then reloads.
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

  function setUp() {
    document.querySelectorAll("ol[data-sf-questions] > li[data-place-url]").forEach(function (item) {
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
