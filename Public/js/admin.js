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

  // CRM mapping page: rows are added here rather than by saving for more spare ones.
  for (const table of document.querySelectorAll("form[data-mapping-preview] table.mapping-rows")) addRowButton(table);

  // Course editor: the slug follows the French title until the admin edits it, the same way the
  // server derives it (Slug.make), so what is shown is what would be saved.
  for (const slug of document.querySelectorAll("input[data-slug-from]")) {
    const source = document.getElementById(slug.dataset.slugFrom);
    if (!source) continue;
    let automatic = slug.value === "" || slug.value === slugify(source.value);
    slug.addEventListener("input", () => { automatic = slug.value === ""; });
    source.addEventListener("input", () => { if (automatic) slug.value = slugify(source.value); });
  }

  // Form builder: cards that fold, move and edit their options without a round trip.
  for (const list of document.querySelectorAll("ol[data-builder]")) setUpBuilder(list);

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

// Form builder ────────────────────────────────────────────────────────────────────────────────
// The server stays the source of truth: every row keeps its ff<i>_… inputs (renumbered after each
// move so that a plain submit saves the order on screen), the options textarea is rewritten from
// the option rows, and the buttons the page works with without JavaScript are intercepted here.

/** The types whose options are edited (the server's BuilderField.optionTypes). */
const OPTION_TYPES = ["select", "checkbox"];
/** The attributes that carry a row's position (ff3_name, ff3_body, …). */
const INDEXED_ATTRIBUTES = ["id", "name", "for", "aria-controls", "aria-describedby", "aria-labelledby", "data-name-from", "data-options-for"];

function setUpBuilder(list) {
  const section = list.closest("fieldset") || list.parentElement;
  const form = list.closest("form");
  const builder = {
    list, section,
    count: section.querySelector("[data-builder-count]"),
    status: section.querySelector("[data-builder-status]"),
    editorTemplate: section.querySelector("template[data-options-editor]"),
    optionTemplate: section.querySelector("template[data-option-row]"),
    // Taken before any change, for new rows; with no row at all, "+ Texte"… keep their round trip.
    prototype: list.querySelector(".builder-row") ? list.querySelector(".builder-row").cloneNode(true) : null,
    refreshPreview: livePreview(form, list.dataset.builderPreview),
    drag: null,
  };
  for (const element of section.querySelectorAll("[data-builder-only]")) element.hidden = false;
  // Folded cards give the overview; the first one stays open to show what a card holds, and a
  // card the server found a problem in opens so the admin sees it.
  builderRows(list).forEach((row, position) => enhanceRow(builder, row, position === 0 || hasError(row)));
  renumber(builder);

  section.addEventListener("click", (event) => onBuilderClick(builder, event));
  list.addEventListener("input", (event) => onBuilderInput(builder, event));
  list.addEventListener("change", (event) => onBuilderChange(builder, event));
  list.addEventListener("keydown", (event) => onBuilderKeydown(builder, event));
  setUpDragAndDrop(builder);
}

function builderRows(list) { return Array.from(list.children).filter((child) => child.matches(".builder-row")); }
function hasError(row) { return row.querySelector(".field-error") !== null; }
function rowPart(row, suffix) { return row.querySelector(`[name$="_${suffix}"]`); }

/** Adds what the script brings to one server-rendered row: its card head, its option rows. */
function enhanceRow(builder, row, open) {
  for (const element of row.querySelectorAll("[data-builder-only]")) element.hidden = false;
  const name = rowPart(row, "name");
  const label = rowPart(row, "label_fr");
  // The technical name follows the French label until the admin types one ("Secteur d'activité"
  // → "secteur_d_activite"), as before; a name already different from the label is left alone.
  name.dataset.automatic = String(name.value === "" || name.value === technicalName(label.value));
  setUpOptionRows(builder, row);
  showOptionsForType(builder, row);
  setExpanded(row, open);
  updateSummary(row);
}

function technicalName(text) { return slugify(text).replace(/-/g, "_").slice(0, 60); }

function setExpanded(row, open) {
  row.querySelector("[data-builder-toggle]").setAttribute("aria-expanded", String(open));
  row.querySelector(".builder-body").hidden = !open;
}

/** The card's head: its French label (or technical name), its type, whether it is required. */
function updateSummary(row) {
  const label = rowPart(row, "label_fr").value.trim() || rowPart(row, "name").value.trim() || "Nouveau champ";
  const type = rowPart(row, "type");
  row.querySelector("[data-builder-summary]").textContent = label;
  row.querySelector("[data-builder-type]").textContent = type.selectedOptions[0] ? type.selectedOptions[0].textContent : type.value;
  row.querySelector("[data-builder-required]").hidden = !rowPart(row, "required").checked;
}

/** Gives every row the inputs and ids of its position, and the count the server reads. */
function renumber(builder) {
  const rows = builderRows(builder.list);
  rows.forEach((row, index) => {
    row.dataset.index = String(index);
    for (const element of row.querySelectorAll("*")) {
      for (const attribute of INDEXED_ATTRIBUTES) {
        const value = element.getAttribute(attribute);
        if (value && /\bff\d+_/.test(value)) element.setAttribute(attribute, value.replace(/\bff\d+_/g, `ff${index}_`));
      }
      if (element.matches("button[name=action]")) element.value = element.value.replace(/^(up|down|remove):\d+$/, `$1:${index}`);
    }
    row.querySelector('button[value^="up:"]').hidden = index === 0;
    row.querySelector('button[value^="down:"]').hidden = index === rows.length - 1;
  });
  builder.count.value = String(rows.length);
}

/** After any move, addition or removal: the numbering, the preview, and a focus that is not lost. */
function rowsChanged(builder, focusRow) {
  const active = document.activeElement;
  renumber(builder);
  if (focusRow && (!active || active === document.body || active.hidden || !focusRow.contains(active))) {
    focusRow.querySelector("[data-builder-handle]").focus();
  }
  builder.refreshPreview(0);
}

function announce(builder, text) { builder.status.textContent = text; }

function announcePosition(builder, row) {
  const rows = builderRows(builder.list);
  announce(builder, `« ${row.querySelector("[data-builder-summary]").textContent} » est maintenant en position ${rows.indexOf(row) + 1} sur ${rows.length}.`);
}

function moveRow(builder, row, direction) {
  const neighbour = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
  if (!neighbour || !neighbour.matches(".builder-row")) return;
  // The neighbour moves rather than the row, so the control that has the focus keeps it.
  if (direction < 0) row.after(neighbour); else row.before(neighbour);
  rowsChanged(builder, row);
  announcePosition(builder, row);
}

function removeRow(builder, row) {
  const label = row.querySelector("[data-builder-summary]").textContent;
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  rowsChanged(builder, null);
  const count = builderRows(builder.list).length;
  announce(builder, `Champ « ${label} » retiré. Il reste ${count} champ${count > 1 ? "s" : ""} ; rien n’est enregistré avant « Enregistrer ».`);
  (next ? next.querySelector("[data-builder-handle]") : builder.section.querySelector(".builder-add button")).focus();
}

/** A new row from the first row as the page came: values emptied, a new id, the type asked for. */
function addRow(builder, type) {
  const row = builder.prototype.cloneNode(true);
  for (const element of row.querySelectorAll(".field-error")) element.remove();
  for (const element of row.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const input of row.querySelectorAll("input, textarea")) {
    if (input.type === "checkbox") { input.checked = false; input.defaultChecked = false; } else { input.value = ""; input.defaultValue = ""; }
  }
  rowPart(row, "id").value = newFieldID();
  rowPart(row, "type").value = type;
  builder.list.append(row);
  enhanceRow(builder, row, true);
  rowsChanged(builder, null);
  rowPart(row, "label_fr").focus();
  announce(builder, `Champ « ${row.querySelector("[data-builder-type]").textContent} » ajouté en position ${builderRows(builder.list).length}. Saisissez ses libellés.`);
}

/** Like the server's ids ("field_" and random letters and digits), so the row keeps it once saved. */
function newFieldID() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return "field_" + Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The builder's submit buttons, answered here; "reset_form" and "save" still go to the server. */
function onBuilderClick(builder, event) {
  const toggle = event.target.closest("[data-builder-toggle]");
  if (toggle) {
    const row = toggle.closest(".builder-row");
    setExpanded(row, toggle.getAttribute("aria-expanded") !== "true");
    return;
  }
  const optionButton = event.target.closest("[data-option-add], [data-option-remove]");
  if (optionButton) { onOptionButton(builder, optionButton); return; }
  const button = event.target.closest("button[name=action]");
  if (!button) return;
  const [verb, argument] = button.value.split(":");
  const row = button.closest(".builder-row");
  if (verb === "up" || verb === "down") moveRow(builder, row, verb === "up" ? -1 : 1);
  else if (verb === "remove") removeRow(builder, row);
  else if (verb === "add" && builder.prototype) addRow(builder, argument);
  else if (verb === "preview") builder.refreshPreview(0);
  else return;
  event.preventDefault();
}

function onBuilderInput(builder, event) {
  const target = event.target;
  const row = target.closest(".builder-row");
  if (!row) return;
  if (target.dataset.optionPart) {
    onOptionInput(builder, row, target);
  } else if (target === rowPart(row, "label_fr")) {
    const name = rowPart(row, "name");
    if (name.dataset.automatic === "true") name.value = technicalName(target.value);
  } else if (target === rowPart(row, "name")) {
    target.dataset.automatic = String(target.value === "");
  }
  updateSummary(row);
  builder.refreshPreview(400);
}

function onBuilderChange(builder, event) {
  const row = event.target.closest(".builder-row");
  if (!row) return;
  if (event.target === rowPart(row, "type")) showOptionsForType(builder, row);
  updateSummary(row);
  builder.refreshPreview(100);
}

function onBuilderKeydown(builder, event) {
  const handle = event.target.closest("[data-builder-handle]");
  if (handle && event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
    event.preventDefault();
    moveRow(builder, handle.closest(".builder-row"), event.key === "ArrowUp" ? -1 : 1);
  } else if (event.key === "Enter" && event.target.dataset.optionPart) {
    // Enter in an option goes to the next option (a new one after the last) instead of
    // submitting the whole editor.
    event.preventDefault();
    const option = event.target.closest(".option-row");
    const next = option.nextElementSibling || addOptionRow(builder, option.parentElement, { value: "", fr: "", ar: "" });
    next.querySelector("input").focus();
  }
}

// Drag and drop: the row becomes draggable only while its handle is held, so text in its inputs
// can still be selected with the mouse. The row follows the pointer while dragging; dropped
// outside the list (or Esc), it goes back where it was.
function setUpDragAndDrop(builder) {
  const { list } = builder;
  list.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-builder-handle]");
    if (handle) handle.closest(".builder-row").draggable = true;
  });
  list.addEventListener("pointerup", () => { for (const row of builderRows(list)) row.draggable = false; });
  list.addEventListener("dragstart", (event) => {
    const row = event.target;
    if (!(row instanceof HTMLElement) || !row.matches(".builder-row") || !row.draggable) return;
    builder.drag = { row, next: row.nextElementSibling, dropped: false };
    event.dataTransfer.effectAllowed = "move";
    // A type of our own: dropped on a text input elsewhere, it inserts nothing.
    event.dataTransfer.setData("application/x-bcos-builder-row", row.dataset.index || "");
    row.classList.add("dragging");
  });
  list.addEventListener("dragover", (event) => {
    if (!builder.drag) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    const over = event.target.closest(".builder-row");
    const { row } = builder.drag;
    if (!over || over === row) return;
    const box = over.getBoundingClientRect();
    if (event.clientY > box.top + box.height / 2) over.after(row); else over.before(row);
  });
  list.addEventListener("drop", (event) => {
    if (!builder.drag) return;
    event.preventDefault();
    builder.drag.dropped = true;
  });
  list.addEventListener("dragend", () => {
    if (!builder.drag) return;
    const { row, next, dropped } = builder.drag;
    builder.drag = null;
    row.classList.remove("dragging");
    row.draggable = false;
    if (!dropped) { list.insertBefore(row, next); return; }
    rowsChanged(builder, null);
    announcePosition(builder, row);
  });
}

// Options as rows ─────────────────────────────────────────────────────────────────────────────
// The textarea ("valeur | libellé FR | libellé AR", one per line) is what the server reads; it is
// hidden and rewritten from the rows on every change. A textarea whose lines the rows cannot show
// (not three parts) stays as it is, so nothing typed by hand is lost.

function optionsBox(row) { return row.querySelector("[data-options-for]"); }

function setUpOptionRows(builder, row) {
  const box = optionsBox(row);
  const textarea = box && box.querySelector("textarea");
  if (!textarea || !builder.editorTemplate || box.querySelector(".options-editor")) return;
  const options = parseOptions(textarea.value);
  if (!options) return;
  for (const child of box.children) child.hidden = true;
  const editor = builder.editorTemplate.content.firstElementChild.cloneNode(true);
  box.append(editor);
  const list = editor.querySelector("[data-option-rows]");
  for (const option of options) addOptionRow(builder, list, option);
}

/** [{value, fr, ar}], or null when a line is not three parts separated by "|". */
function parseOptions(text) {
  const options = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const parts = line.split("|").map((part) => part.trim());
    if (parts.length !== 3) return null;
    options.push({ value: parts[0], fr: parts[1], ar: parts[2] });
  }
  return options;
}

function addOptionRow(builder, list, option, after) {
  const item = builder.optionTemplate.content.firstElementChild.cloneNode(true);
  for (const input of item.querySelectorAll("[data-option-part]")) input.value = option[input.dataset.optionPart];
  const value = item.querySelector('[data-option-part="value"]');
  value.dataset.automatic = String(option.value === "" || option.value === technicalName(option.fr));
  if (after) after.after(item); else list.append(item);
  return item;
}

function writeOptions(row) {
  const textarea = optionsBox(row).querySelector("textarea");
  const lines = [];
  for (const item of row.querySelectorAll(".option-row")) {
    const part = (name) => item.querySelector(`[data-option-part="${name}"]`).value.trim();
    if (part("value") || part("fr") || part("ar")) lines.push(`${part("value")} | ${part("fr")} | ${part("ar")}`);
  }
  textarea.value = lines.join("\n");
}

function onOptionInput(builder, row, input) {
  // "|" separates the parts on the server: in a label it would cut the option in two.
  if (input.value.includes("|")) input.value = input.value.replace(/\|/g, "/");
  const item = input.closest(".option-row");
  const value = item.querySelector('[data-option-part="value"]');
  if (input.dataset.optionPart === "fr" && value.dataset.automatic === "true") value.value = technicalName(input.value);
  if (input === value) value.dataset.automatic = String(value.value === "");
  writeOptions(row);
}

function onOptionButton(builder, button) {
  const row = button.closest(".builder-row");
  const list = row.querySelector("[data-option-rows]");
  if (button.matches("[data-option-add]")) {
    addOptionRow(builder, list, { value: "", fr: "", ar: "" }).querySelector("input").focus();
    announce(builder, `Option ${list.children.length} ajoutée.`);
  } else {
    const item = button.closest(".option-row");
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    (next ? next.querySelector("input") : row.querySelector("[data-option-add]")).focus();
    announce(builder, `Option retirée. Il en reste ${list.children.length}.`);
  }
  writeOptions(row);
  builder.refreshPreview(0);
}

/** Options only for lists and checkboxes; a new list starts with one empty option to fill. */
function showOptionsForType(builder, row) {
  const box = optionsBox(row);
  if (!box) return;
  const wanted = OPTION_TYPES.includes(rowPart(row, "type").value);
  box.hidden = !wanted;
  const list = box.querySelector("[data-option-rows]");
  if (wanted && list && list.children.length === 0 && rowPart(row, "type").value === "select") {
    addOptionRow(builder, list, { value: "", fr: "", ar: "" });
  }
}

/** The public form's preview, rebuilt by the server (the same partial as the page) as rows change. */
function livePreview(form, url) {
  const targets = document.querySelectorAll("[data-form-preview]");
  let timer = null;
  let latest = 0;
  const refresh = async () => {
    const asked = ++latest;
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (name === "_csrf" || name.startsWith("ff")) body.append(name, value);
    try {
      const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
      if (!response.ok) return;
      const html = await response.json();
      // An older answer arriving after a newer one is dropped.
      if (asked !== latest) return;
      for (const target of targets) {
        const markup = html[target.dataset.formPreview];
        if (typeof markup === "string") target.innerHTML = markup;
      }
    } catch (_) { /* The "Actualiser l'aperçu" round trip still works. */ }
  };
  return (delay) => { clearTimeout(timer); timer = setTimeout(refresh, delay); };
}

// Tables of rows (CRM mapping) ────────────────────────────────────────────────────────────────
// One more empty row, copied from the last one with the next index (…_source_3 → …_source_4).
// The server reads every index up to CRMMappingForm.maxRows.
const MAX_TABLE_ROWS = 60;

function addRowButton(table) {
  const body = table.tBodies[0];
  if (!body || body.rows.length === 0) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary";
  const caption = table.caption ? table.caption.textContent.trim() : "";
  button.textContent = caption ? `+ Ajouter une ligne à « ${caption} »` : "+ Ajouter une ligne";
  const holder = document.createElement("p");
  holder.className = "table-add";
  holder.append(button);
  table.after(holder);
  // The no-script hint ("save to get more rows") no longer applies once rows can be added here.
  for (const hint of document.querySelectorAll("[data-rows-hint]")) hint.hidden = true;
  button.addEventListener("click", () => {
    const index = body.rows.length;
    const row = body.rows[index - 1].cloneNode(true);
    for (const element of row.querySelectorAll("[id], [name], [for]")) {
      for (const attribute of ["id", "name", "for"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/_\d+$/, `_${index}`));
      }
    }
    for (const label of row.querySelectorAll("label")) label.textContent = label.textContent.replace(/\d+$/, String(index));
    for (const input of row.querySelectorAll("input")) { input.value = ""; input.defaultValue = ""; }
    for (const select of row.querySelectorAll("select")) select.selectedIndex = 0;
    body.append(row);
    row.querySelector("select, input").focus();
    button.hidden = body.rows.length >= MAX_TABLE_ROWS;
  });
}
