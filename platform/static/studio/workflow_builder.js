// Workflow builder enhancements. Only the open step's form is on the page; other steps' Edit buttons submit it
// (saving it first), so nothing typed is lost on the way to another step. Here JavaScript adds:
// - focus: after htmx swaps the page in, move focus to the error summary (if any) or to the step in the hash;
// - links to another step (?step=) while the open step has unsaved changes also save it first (then=<id>);
// - any other form (move, remove, add, settings) is held back while it has unsaved changes, with a note why.
(function () {
  var dirty = false;

  function openForm() { return document.getElementById("wf-open-form"); }
  function unsaved(form) { return dirty || form.hasAttribute("data-wf-unsaved"); }

  document.addEventListener("htmx:afterSwap", function () {
    dirty = false;
    var summary = document.querySelector("[data-studio-error-summary]");
    if (summary) { summary.focus(); return; }
    if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      if (target) { target.focus(); }
    }
  });

  function edited(event) {
    var form = openForm();
    if (form && event.target.form === form) { dirty = true; }
  }
  document.addEventListener("input", edited);
  document.addEventListener("change", edited);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='?step=']");
    var form = openForm();
    if (!link || !form || link.hasAttribute("data-wf-discard") || !unsaved(form)) { return; }
    event.preventDefault();
    event.stopPropagation();
    var then = document.createElement("input");
    then.type = "hidden";
    then.name = "then";
    then.value = new URLSearchParams(link.getAttribute("href").split("#")[0]).get("step") || "";
    form.appendChild(then);
    form.requestSubmit();
  }, true);

  document.addEventListener("submit", function (event) {
    var form = openForm();
    if (!form || event.target === form || !event.target.closest("#wf-page") || !unsaved(form)) { return; }
    event.preventDefault();
    event.stopPropagation();
    var note = document.getElementById("wf-unsaved-note");
    if (note) { note.hidden = false; note.scrollIntoView({block: "center"}); }
  }, true);
})();
