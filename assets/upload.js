/* graph_explorer: say in the page why an upload did not go through.
 *
 * 1. dcc.Upload drops a file larger than its max_size without a word: check the size of a
 *    dropped or chosen file first, and say so in the upload report.
 * 2. The server answers 413 to a request larger than it accepts; Dash would only log that in
 *    the console: show the server's message in the upload report.
 *
 * The upload box carries data-max-bytes (the largest file) and data-report-id (where to write).
 * Served from the app's own server: the Content-Security-Policy allows no inline script.
 */
(function () {
  'use strict';

  function say(reportId, text) {
    var dc = window.dash_clientside;
    if (reportId && document.getElementById(reportId) && dc && typeof dc.set_props === 'function') {
      // the same look as the server's reports: a red alert (text only, never HTML)
      dc.set_props(reportId, {children: {type: 'Div', namespace: 'dash_html_components',
        props: {className: 'alert alert-danger upload-alert upload-refused', role: 'alert', children: text}}});
    }
  }

  function mb(n) {
    return (n / 1048576).toFixed(1) + ' MB';
  }

  function checkFiles(event) {
    var target = event.target;
    if (!target || typeof target.closest !== 'function') { return; }
    var box = target.closest('[data-max-bytes]');
    if (!box) { return; }
    var files = (event.dataTransfer && event.dataTransfer.files) || target.files;
    var max = parseInt(box.getAttribute('data-max-bytes'), 10);
    if (!files || !files.length || !(max >= 0)) { return; }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > max) {
        say(box.getAttribute('data-report-id'),
            files[i].name + ' is ' + mb(files[i].size) + '; this server accepts files up to ' + mb(max) +
            '. The file was not sent, and the data in use has not changed. ' +
            'Larger files load when the server is started with them: graph-explorer serve --data FILE.');
        return;
      }
    }
  }

  document.addEventListener('drop', checkFiles, true);
  document.addEventListener('change', checkFiles, true);

  var send = window.fetch;
  if (typeof send !== 'function') { return; }
  window.fetch = function () {
    return send.apply(this, arguments).then(function (response) {
      if (response.status === 413) {
        var box = document.querySelector('[data-max-bytes]');
        var reportId = box && box.getAttribute('data-report-id');
        var fallback = 'The server refused the request: it is larger than the server accepts.';
        response.clone().json().then(function (body) {
          say(reportId, (body && body.error ? body.error : fallback) + ' The data in use has not changed.');
        }, function () {
          say(reportId, fallback + ' The data in use has not changed.');
        });
      }
      return response;
    });
  };
})();
