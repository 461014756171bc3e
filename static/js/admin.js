/* Accessibility repairs of Django's admin that its own templates and scripts leave (found by the crawl in
   tests/browser/test_crawl.py). A static file: the CSP forbids inline scripts.
   - SelectFilter2's search icon is a span with aria-label, which ARIA does not allow: it becomes an image.
   - A tabular inline's inputs have only their column header: they get its text as their name.
   - A file field alone in a fieldset is named by the fieldset's legend.
   - Tables that scroll sideways on a narrow screen are labelled regions that the keyboard can reach. */
(function () {
  "use strict";

  var counter = 0;

  function idFor(element) {
    if (!element.id) {
      counter += 1;
      element.id = "a11y-label-" + counter;
    }
    return element.id;
  }

  function region(box, label) {
    if (!box || !label || box.hasAttribute("role")) {
      return;
    }
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-labelledby", idFor(label));
  }

  function repair(root) {
    root.querySelectorAll(".help-tooltip.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody td").forEach(function (cell) {
        var header = headers[cell.cellIndex];
        var name = header ? header.textContent.trim() : "";
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
          var labelled = control.labels && control.labels.length;
          if (name && !labelled && !control.hasAttribute("aria-label")) {
            control.setAttribute("aria-label", name);
          }
        });
      });
    });
    root.querySelectorAll("fieldset > legend").forEach(function (legend) {
      var controls = legend.parentElement.querySelectorAll("input[type=file]");
      controls.forEach(function (control) {
        if (!(control.labels && control.labels.length) && !control.hasAttribute("aria-labelledby")) {
          control.setAttribute("aria-labelledby", idFor(legend));
        }
      });
    });
    root.querySelectorAll("#changelist .results").forEach(function (box) {
      region(box, document.querySelector("#content h1, #content h2"));
    });
    root.querySelectorAll(".inline-group .wrapper").forEach(function (box) {
      region(box, box.closest(".inline-group").querySelector(".inline-heading, h2"));
    });
  }

  // After the admin's own scripts, which build the select filters on load.
  window.addEventListener("load", function () {
    repair(document);
  });
  document.addEventListener("formset:added", function (event) {
    repair(event.target);
  });
})();
