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

  // htmx leaves a refused request (403, 409, 500) unswapped; say so instead of doing nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var main = document.getElementById("main");
    if (!main) return;
    var notice = document.getElementById("request-error") || document.createElement("p");
    notice.id = "request-error";
    notice.className = "message message-error";
    notice.setAttribute("role", "alert");
    var reason = (event.detail.xhr && event.detail.xhr.responseText) || "";
    notice.textContent = "That did not work" +
      (reason && reason.length < 300 && reason.indexOf("<") === -1 ? ": " + reason : ".") +
      " Reload the page to see the claim as it is now.";
    main.insertBefore(notice, main.firstChild);
    window.scrollTo(0, 0);
  });

  // A form that waits on a slow answer (fetching a page) says so, and is not sent twice.
  document.addEventListener("submit", function (event) {
    var label = event.target.getAttribute("data-busy-label");
    if (!label || event.defaultPrevented) return;
    var button = event.target.querySelector("button[type=submit]");
    if (!button) return;
    button.setAttribute("data-idle-label", button.textContent);
    button.textContent = label;
    // Disabled after this turn, so the browser still sends the form.
    window.setTimeout(function () { button.disabled = true; }, 0);
  });

  // Coming back to the page from the browser's history brings the button back too.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-idle-label]").forEach(function (button) {
      button.textContent = button.getAttribute("data-idle-label");
      button.disabled = false;
    });
  });

  // Confirm destructive actions without inline handlers.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
