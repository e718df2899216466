// opsctl serve: reloads the page when the site is rebuilt, and shows what stops a
// rebuild in an overlay until it is fixed. Injected only by `opsctl serve`.
(function () {
  var script = document.currentScript;
  var since = (script && script.getAttribute("data-generation")) || "0";
  var here = decodeURIComponent(location.pathname).replace(/^\//, "");
  if (here === "" || here.slice(-1) === "/") here += "index.html";
  var overlay = null;

  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "opsctl-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(24,24,27,.94);color:#fafafa;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("strong");
      title.textContent = "opsctl serve: the last change cannot be shown";
      var note = document.createElement("p");
      note.textContent =
        "The pages below are the last good build. Fix the file and save: this closes by itself.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;color:#fca5a5";
      overlay.appendChild(title);
      overlay.appendChild(note);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  var broken = script && script.getAttribute("data-broken");
  if (broken) show(broken);

  var events = new EventSource("/__opsctl/events?since=" + encodeURIComponent(since));
  events.addEventListener("broken", function (e) { show(JSON.parse(e.data)); });
  events.addEventListener("fixed", hide);
  events.addEventListener("reload", function (e) {
    var change = JSON.parse(e.data);
    // Any asset (styles, scripts, the navigation or search index) can change this page.
    var mine = change.all || change.changed.some(function (path) {
      return path === here || !/\.html$/.test(path);
    });
    if (mine) location.reload();
  });
})();
