// Optional automatic refresh of the totals page: a toggle button (off by default); the page
// works fully without it through the "最新の情報に更新" link. The choice lasts for the tab.
(function () {
  "use strict";
  var button = document.querySelector("[data-auto-refresh]");
  if (!button) return;
  var seconds = parseInt(button.getAttribute("data-auto-refresh"), 10) || 60;
  var key = "kuyakusho-safety-auto-refresh";
  var timer = null;
  function apply(on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (timer) { clearTimeout(timer); timer = null; }
    if (on) timer = setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
  button.hidden = false;
  apply(sessionStorage.getItem(key) === "1");
  button.addEventListener("click", function () {
    var on = button.getAttribute("aria-pressed") !== "true";
    sessionStorage.setItem(key, on ? "1" : "0");
    apply(on);
  });
})();
