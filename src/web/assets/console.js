// wardcast console: live updates. The page is whole without this script; with it, the
// parts of the page marked data-live="name" are replaced by the server's fresh HTML for
// them whenever the station changes (Server-Sent Events from /events?page=...).
(function () {
  "use strict";
  var main = document.getElementById("page");
  if (!main || !window.EventSource) { return; }
  var page = main.getAttribute("data-page") || "/";
  var banner = document.getElementById("disconnected");
  var source = new EventSource("/events?page=" + encodeURIComponent(page));
  source.addEventListener("part", function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    var target = document.querySelector('[data-live="' + data.name + '"]');
    if (target) { target.innerHTML = data.html; }
  });
  // Let the connection go as the page is left: a browser keeps only a few per server.
  window.addEventListener("pagehide", function () { source.close(); });
  source.addEventListener("open", function () { if (banner) { banner.hidden = true; } });
  source.addEventListener("error", function () { if (banner) { banner.hidden = false; } });
})();
