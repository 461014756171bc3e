/* After an htmx swap: tell screen reader users what changed, and keep focus where they expect it.

   A live region that is inserted together with its text is often not read out, so the swapped content's own
   status line ([data-announce], else its [role=status], else its first heading) is copied into one persistent,
   empty-at-load live region (#live-announcer in base.html). Focus stays on the control the user was on (htmx keeps
   it on an element with the same id); only when that control was itself replaced (a pagination link, a term link,
   a "Move up" button) does focus move to the heading of the new content, so it is not lost at the top of the page.
   Loaded as a static file: the CSP forbids inline scripts. */
(function () {
  "use strict";

  function swappedRoot(event) {
    var target = event.detail && event.detail.target;
    if (target && target.id && document.getElementById(target.id)) {
      return document.getElementById(target.id);
    }
    return target && target.isConnected ? target : null;
  }

  function announce(text) {
    var region = document.getElementById("live-announcer");
    if (!region || !text) {
      return;
    }
    region.textContent = "";
    // A short pause between clearing and writing makes screen readers read the same text again.
    window.setTimeout(function () {
      region.textContent = text;
    }, 100);
  }

  function summary(root) {
    var status = root.querySelector("[data-announce]") || root.querySelector("[role=status]:not(:empty)");
    var heading = root.matches("h1, h2, h3") ? root : root.querySelector("h1, h2, h3");
    var parts = [];
    if (heading && heading !== status) {
      parts.push(heading.textContent.trim());
    }
    if (status && status.textContent.trim()) {
      parts.push(status.textContent.trim());
    }
    var current = root.querySelector(".pagination [aria-current]");
    if (current && current.textContent.trim()) {
      parts.push(current.textContent.trim());  // "Page 2 of 3" after paging
    }
    return parts.join(". ").replace(/\s+/g, " ");
  }

  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || active === document.documentElement || !active.isConnected;
  }

  var focusWasInside = false;
  var lastText = {};

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    focusWasInside = Boolean(target && target.contains(document.activeElement));
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var root = swappedRoot(event);
    if (!root) {
      return;
    }
    var text = summary(root);
    // A polled status (hx-trigger="every …") is read out only when it says something new.
    var polled = (root.getAttribute("hx-trigger") || "").indexOf("every") !== -1;
    if (!polled || lastText[root.id] !== text) {
      announce(text);
    }
    lastText[root.id] = text;
    if (focusWasInside && focusLost()) {
      var heading = root.matches("h1, h2, h3") ? root : root.querySelector("h1, h2, h3");
      var destination = heading || root;
      if (!destination.hasAttribute("tabindex")) {
        destination.setAttribute("tabindex", "-1");
      }
      destination.focus();
    }
  });
})();
