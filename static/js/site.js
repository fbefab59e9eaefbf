// Small behaviours that a strict Content Security Policy keeps out of the markup.
(function () {
  "use strict";

  // Forms marked data-autosubmit refresh their results as the user changes a filter.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && window.htmx) {
      window.htmx.trigger(form, "submit");
    }
  });

  // "Select all" checkboxes for bulk actions.
  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-select-all]")) return;
    var name = event.target.getAttribute("data-select-all");
    document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // Long filter panels start folded on a phone, so the results are on the first screen.
  if (window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (box) {
      box.open = false;
    });
  }

  // Confirm destructive actions without inline handlers.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
