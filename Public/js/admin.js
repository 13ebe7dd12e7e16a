// Back-office enhancements. Every page works without this script; it only adds comfort.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Destructive actions ask for confirmation (forms carry data-confirm="message").
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // CRM mapping page: the payload preview follows the rows as they change. The server builds
  // it (the same code as real deliveries), so the page never guesses what a CRM receives.
  for (const form of document.querySelectorAll("form[data-mapping-preview]")) {
    let timer = null;
    const refresh = async () => {
      try {
        const response = await fetch(form.dataset.mappingPreview, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" });
        if (!response.ok) return;
        const answer = await response.json();
        for (const [id, card] of Object.entries(answer.cards || {})) {
          const section = form.querySelector(`section[data-integration="${id}"]`);
          if (!section) continue;
          section.querySelector("[data-preview]").textContent = card.preview;
          section.querySelector("[data-preview-note]").textContent = card.note;
          const box = section.querySelector("[data-warnings]");
          box.replaceChildren();
          const messages = (card.error ? [card.error] : []).concat(card.warnings || []);
          if (messages.length) {
            const list = document.createElement("ul");
            list.className = "warning";
            list.setAttribute("role", "status");
            for (const text of messages) { const item = document.createElement("li"); item.textContent = text; list.append(item); }
            box.append(list);
          }
        }
      } catch (_) { /* The page still works through its buttons. */ }
    };
    form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
    form.addEventListener("change", () => { clearTimeout(timer); timer = setTimeout(refresh, 100); });
  }
});
