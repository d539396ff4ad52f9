// The entry form's "增加一行" buttons: a list gets another empty row, numbered after the last one.
// Without this script the form works as it is: it offers empty rows below the given ones.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.add-row").forEach(function (button) {
    var body = document.querySelector('tbody[data-prefix="' + button.dataset.for + '"]');
    if (!body || !body.rows.length) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var prefix = body.dataset.prefix + "-";
      var last = body.rows[body.rows.length - 1];
      var field = last.querySelector("[name]");
      var from = field.name.slice(prefix.length).split("-")[0];
      var to = String(Number(from) + 1);
      var row = last.cloneNode(true);
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v && v.indexOf(prefix + from + "-") === 0) el.setAttribute(attr, prefix + to + "-" + v.slice((prefix + from + "-").length));
        });
        if (el.type === "checkbox") el.closest("td").textContent = "";
        else if (el.tagName === "SELECT") el.selectedIndex = 0;
        else if ("value" in el) el.value = "";
        el.removeAttribute("aria-invalid");
        el.classList.remove("invalid");
      });
      row.querySelectorAll(".problem").forEach(function (el) { el.remove(); });
      body.appendChild(row);
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });
});
