// Back-office enhancements. Every page works without this script; it only adds comfort.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Destructive actions ask for confirmation (forms carry data-confirm="message").
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
