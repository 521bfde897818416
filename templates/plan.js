/* pbn — optional helpers; the page works without them. Nothing is stored or sent. */
(function () {
  var d = document, root = d.documentElement;
  root.classList.add("js");
  // Lower case, no accents, no separator between two digits, and a French number in its national form:
  // "0600001100" finds "06 00 00 11 00", "0474009507" finds "+33 4 74 00 95 07".
  var norm = function (s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/(\d)[\s.\-\/\u00a0\u202f]+(?=\d)/g, "$1")
      .replace(/\+33(\d)/g, "0$1");
  };
  var box = d.querySelector(".filter"), input = d.getElementById("filter");
  if (box && input) {
    box.hidden = false;
    var items = [].slice.call(d.querySelectorAll("[data-filter]"));
    var texts = items.map(function (e) { return norm(e.textContent); });
    var blocks = [].slice.call(d.querySelectorAll("main > .section, main .group"));
    input.addEventListener("input", function () {
      var q = norm(input.value.trim());
      items.forEach(function (e, i) { e.hidden = q !== "" && texts[i].indexOf(q) < 0; });
      blocks.forEach(function (s) {
        s.hidden = q !== "" && !s.querySelector("[data-filter]:not([hidden])");
      });
    });
  }
  var t0 = d.getElementById("t0"), wrap = d.querySelector(".t0");
  if (t0 && wrap) {
    wrap.hidden = false;
    var cells = [].slice.call(d.querySelectorAll("td.at[data-minutes]"));
    var opts = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
    // The year is shown only when it is not this year's (a T0 typed for an old incident, a deadline in January).
    var withYear = { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" };
    var update = function () {
      var start = t0.value ? new Date(t0.value) : null;
      var ok = !!start && !isNaN(start.getTime());
      var year = new Date().getFullYear();
      root.classList.toggle("has-t0", ok);
      cells.forEach(function (c) {
        var at = ok ? new Date(start.getTime() + 60000 * Number(c.getAttribute("data-minutes"))) : null;
        var o = at && at.getFullYear() !== year ? withYear : opts;
        c.textContent = at ? at.toLocaleString(root.lang || undefined, o) : "";
      });
    };
    t0.addEventListener("input", update);
    t0.addEventListener("change", update);
  }
})();
