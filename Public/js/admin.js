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

  // Course editor: the slug follows the French title until the admin edits it, the same way the
  // server derives it (Slug.make), so what is shown is what would be saved.
  for (const slug of document.querySelectorAll("input[data-slug-from]")) {
    const source = document.getElementById(slug.dataset.slugFrom);
    if (!source) continue;
    let automatic = slug.value === "" || slug.value === slugify(source.value);
    slug.addEventListener("input", () => { automatic = slug.value === ""; });
    source.addEventListener("input", () => { if (automatic) slug.value = slugify(source.value); });
  }

  // Form builder: a field's technical name follows its French label until the admin types one
  // ("Secteur d'activité" → "secteur_d_activite").
  for (const name of document.querySelectorAll("input[data-name-from]")) {
    const label = document.getElementById(name.dataset.nameFrom);
    if (!label) continue;
    let automatic = name.value === "" || name.value === slugify(label.value).replace(/-/g, "_");
    name.addEventListener("input", () => { automatic = name.value === ""; });
    label.addEventListener("input", () => { if (automatic) name.value = slugify(label.value).replace(/-/g, "_").slice(0, 60); });
  }

  // Form builder: the options box appears only for the types that use it (list, checkboxes).
  for (const box of document.querySelectorAll("[data-options-for]")) {
    const type = document.getElementById(box.dataset.optionsFor);
    if (!type) continue;
    const optionTypes = ["select", "checkbox"];
    type.addEventListener("change", () => {
      const textarea = box.querySelector("textarea");
      box.hidden = !optionTypes.includes(type.value) && !(textarea && textarea.value.trim());
    });
  }

  // Pricing: TTC previewed as the admin types HT, VAT or currency. The server recomputes it on save.
  const ttc = document.querySelector("output[data-ttc]");
  if (ttc) {
    const inputs = ["price_ht", "vat_rate", "currency"].map((id) => document.getElementById(id));
    const number = (input) => (input && input.value.trim() !== "" ? Number(input.value.replace(/[\s\u202f]/g, "").replace(",", ".")) : NaN);
    const show = () => {
      const ht = number(inputs[0]);
      const rate = number(inputs[1]);
      if (!Number.isFinite(ht) || !Number.isFinite(rate)) { ttc.textContent = "—"; return; }
      const amount = Math.round(ht * (100 + rate)) / 100;
      const text = new Intl.NumberFormat("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
      ttc.textContent = `${text} ${inputs[2] ? inputs[2].value : ""}`.trim();
    };
    for (const input of inputs) if (input) { input.addEventListener("input", show); input.addEventListener("change", show); }
  }
});

// Slug.make in JavaScript: accents dropped, æ/œ/ß spelled out, anything else becomes one dash.
function slugify(text) {
  const folded = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/æ/g, "ae").replace(/œ/g, "oe").replace(/ß/g, "ss");
  return folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
}
