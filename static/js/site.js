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

  // Confirm destructive actions without inline handlers.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();

// A person picked from the @mention suggestions replaces the name being typed.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-mention]");
    if (!button) return;
    var form = button.closest("form");
    var input = form && form.querySelector("[data-mention-input]");
    if (!input) return;
    input.value = input.value.replace(/@[\w.+-]*$/, "@" + button.getAttribute("data-mention") + " ");
    var list = document.getElementById("mention-suggestions");
    if (list) list.textContent = "";
    input.focus();
  });
})();
