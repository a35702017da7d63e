/* Keeps what a writer typed while a save was on its way.
   The editor is redrawn whole after each saved change. A field typed into, or left, while a request was running
   would get the saved text back, and its own change would be dropped (one request at a time): this puts the typed
   text back after the redraw and sends it then. A value the server refused or that met a conflict is put back but
   not sent again by itself. */
(function () {
  "use strict";

  let source = null;  // the form whose request is running (one at a time: hx-sync drop on #editor)
  let typed = [];
  const refused = new Set();

  function isBox(field) {
    return field.type === "checkbox" || field.type === "radio";
  }

  function current(field) {
    return isBox(field) ? field.checked : field.value;
  }

  function saved(field) {
    if (isBox(field)) return field.defaultChecked;
    if (field.tagName === "SELECT") {
      const chosen = Array.from(field.options).find((option) => option.defaultSelected) || field.options[0];
      return chosen ? chosen.value : "";
    }
    return field.defaultValue;
  }

  function put(field, value) {
    if (isBox(field)) field.checked = value;
    else field.value = value;
  }

  function autosaves(form) {
    return !!form && /\bchange\b/.test(form.getAttribute("hx-trigger") || "");
  }

  function mark(id, value) {
    return id + "\u0000" + String(value);
  }

  function send(form) {
    window.setTimeout(function () {
      if (document.body.contains(form)) window.htmx.trigger(form, "submit");
    }, 0);
  }

  /* A field put back while the writer is still in it is sent when they leave it, unless its own change does. */
  function sendOnLeave(field) {
    field.addEventListener("focusout", function () {
      window.setTimeout(function () {
        const form = field.form;
        if (document.body.contains(field) && current(field) !== saved(field) && autosaves(form)) send(form);
      }, 0);
    }, { once: true });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt && event.detail.elt.closest("#editor")) source = event.detail.elt;
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    const editor = document.getElementById("editor");
    if (!editor || event.detail.target !== editor) return;
    const ok = event.detail.xhr.status < 300;
    typed = [];
    editor.querySelectorAll("input[id], textarea[id], select[id]").forEach(function (field) {
      if (field.type === "hidden" || current(field) === saved(field)) return;
      const own = !!source && source.contains(field);
      if (own && ok) return;  // the server's answer to this very field stands
      const focused = field === document.activeElement;
      typed.push({
        id: field.id, value: current(field), own: own, ok: ok, focused: focused,
        start: focused ? field.selectionStart : null, end: focused ? field.selectionEnd : null,
      });
    });
    source = null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "editor" || typed.length === 0) return;
    const kept = typed;
    typed = [];
    let next = null;
    kept.forEach(function (entry) {
      const field = document.getElementById(entry.id);
      if (!field || field.type === "hidden" || saved(field) === entry.value) return;
      put(field, entry.value);
      if (entry.own) {
        refused.add(mark(entry.id, entry.value));
        return;
      }
      if (entry.focused && field === document.activeElement) {
        if (entry.start !== null && field.setSelectionRange) {
          try { field.setSelectionRange(entry.start, entry.end); } catch (ignored) { /* not a text field */ }
        }
        sendOnLeave(field);
        return;
      }
      if (!next && entry.ok && autosaves(field.form) && !refused.has(mark(entry.id, entry.value))) next = field.form;
    });
    if (next) send(next);  // the others follow, one redraw at a time
  });
})();
