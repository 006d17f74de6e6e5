// wardcast console: uploads with a progress bar and drag-and-drop (library page). The
// form works without this script; with it, files are sent one at a time with progress.
(function () {
  "use strict";

  // While a file waits to be checked, the files table is fetched again every few seconds
  // (at most a minute), so its verdict shows without a reload.
  function refreshWhileWaiting(triesLeft) {
    var live = document.querySelector('[data-live="library"]');
    if (!live || !live.querySelector('[data-state="waiting"]') || triesLeft <= 0 ||
        !window.DOMParser) { return; }
    setTimeout(function () {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", window.location.pathname + window.location.search);
      xhr.onload = function () {
        if (xhr.status !== 200) { return; }
        var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var fresh = page.querySelector('[data-live="library"]');
        if (fresh) { live.innerHTML = fresh.innerHTML; }
        refreshWhileWaiting(triesLeft - 1);
      };
      xhr.send();
    }, 3000);
  }
  refreshWhileWaiting(20);

  var form = document.getElementById("upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = document.getElementById("upload-files");
  var select = document.getElementById("upload-programme");
  var zone = document.getElementById("dropzone");
  var list = document.getElementById("upload-progress");
  var words = {
    sending: form.getAttribute("data-sending"),
    sent: form.getAttribute("data-sent"),
    notSent: form.getAttribute("data-not-sent")
  };

  // The words of the page the console answered with, for a refused upload.
  function problemOf(xhr) {
    try {
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var problem = page.querySelector(".problem");
      if (problem) { return problem.textContent; }
    } catch (e) { /* the status says enough */ }
    return String(xhr.status || "");
  }

  function row(file) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.textContent = file.name + " ";
    var state = document.createElement("span");
    state.className = "muted";
    state.textContent = words.sending;
    var bar = document.createElement("progress");
    bar.max = file.size || 1;
    bar.value = 0;
    item.appendChild(name);
    item.appendChild(state);
    item.appendChild(bar);
    list.appendChild(item);
    return { bar: bar, state: state };
  }

  // Sends one file; calls done(address or null) when it is over.
  function send(file, programme, done) {
    var shown = row(file);
    var data = new FormData();
    data.append("file", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/library/upload?programme=" + encodeURIComponent(programme) +
      "&csrf=" + encodeURIComponent(form.getAttribute("data-csrf")));
    xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
    xhr.upload.onprogress = function (event) {
      if (event.lengthComputable) { shown.bar.max = event.total; shown.bar.value = event.loaded; }
    };
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300) {
        shown.bar.value = shown.bar.max;
        shown.state.className = "ok";
        shown.state.textContent = words.sent;
        done(xhr.responseURL || null);
      } else {
        shown.state.className = "bad";
        shown.state.textContent = words.notSent + ": " + problemOf(xhr);
        done(null);
      }
    };
    xhr.onerror = function () {
      shown.state.className = "bad";
      shown.state.textContent = words.notSent;
      done(null);
    };
    xhr.send(data);
  }

  // One file after another; the page is reloaded with the outcome once all went in.
  function sendAll(files) {
    var programme = select.value;
    var queue = Array.prototype.slice.call(files);
    var allSent = true;
    var last = null;
    function next() {
      var file = queue.shift();
      if (!file) {
        if (allSent && last) { window.location.assign(last); }
        return;
      }
      send(file, programme, function (address) {
        if (address) { last = address; } else { allSent = false; }
        next();
      });
    }
    next();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.files && input.files.length) { sendAll(input.files); input.value = ""; }
  });
  if (zone) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        sendAll(event.dataTransfer.files);
      }
    });
  }
})();
