// newstrail: small conveniences only; every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box (unless typing in a field).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) return;
    var box = document.getElementById("site-search");
    if (box) { event.preventDefault(); box.focus(); }
  });
  // A focused or hovered quote lights up its speaker and cue in the text.
  function related(mark, on) {
    if (!mark || !mark.id) return;
    var parts = document.querySelectorAll('[data-quote="' + mark.id + '"]');
    for (var i = 0; i < parts.length; i++) parts[i].classList.toggle("lit", on);
  }
  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var mark = event.target.closest && event.target.closest("mark.quote");
      if (mark) related(mark, true);
    });
  });
  ["focusout", "mouseout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var mark = event.target.closest && event.target.closest("mark.quote");
      if (mark) related(mark, false);
    });
  });
})();
