// Conditional questions revealed on answer. GOV.UK Frontend's own radios module sets aria-expanded on
// the inputs, which ARIA does not allow on radios and checkboxes (axe: aria-allowed-attr), so the
// reveal is done here with aria-controls only. Without JavaScript every conditional question shows.
function cfRevealSync(group) {
  group.querySelectorAll("input[data-aria-controls]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-aria-controls"));
    if (!target) { return; }
    input.setAttribute("aria-controls", target.id);
    var hidden = input.type === "checkbox" ? "govuk-checkboxes__conditional--hidden" : "govuk-radios__conditional--hidden";
    target.classList.toggle(hidden, !input.checked);
  });
}

document.querySelectorAll("[data-cf-reveal]").forEach(function (group) {
  cfRevealSync(group);
  group.addEventListener("change", function () { cfRevealSync(group); });
});
