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

  // "/" jumps to the header's search box, unless the user is typing somewhere already.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.querySelector("[data-search-shortcut]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // After htmx replaces a region, a keyboard or screen-reader user would be left at the top
  // of the page (the focused button went with the old region). Move focus to the new
  // region's heading, and say what happened through the page's live region.
  var swapped = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    swapped = target && target.id ? { id: target.id, hadFocus: target.contains(document.activeElement) } : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!swapped) return;
    var region = document.getElementById(swapped.id);
    var focusLost = swapped.hadFocus || document.activeElement === document.body || !document.activeElement;
    swapped = null;
    if (!region) return;
    var heading = region.querySelector("[data-swap-focus], h1, h2, h3");
    if (focusLost && heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
    var notice = region.querySelector(".messages, .conflict, .anchor-warning, [role=alert], [data-swap-announce]");
    announce(notice ? notice.textContent : (focusLost && heading ? heading.textContent + ": updated." : ""));
  });

  function announce(text) {
    var live = document.getElementById("live-announcer");
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!live || !text) return;
    // Emptied first, so the same words said twice are announced twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

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
