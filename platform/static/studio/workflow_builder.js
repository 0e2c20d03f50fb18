// Workflow builder enhancements: after htmx swaps the page in, move focus to the error summary (if any)
// or back to the step that was just edited, so keyboard users keep their place.
document.addEventListener("htmx:afterSwap", function () {
  var summary = document.querySelector("[data-studio-error-summary]");
  if (summary) { summary.focus(); return; }
  if (window.location.hash) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) { target.focus(); }
  }
});
