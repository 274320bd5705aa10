/* graph_explorer: keyboard and screen-reader fixes for components the app does not draw itself.
 *
 * 1. Dash 4's dropdown puts a hidden, focusable <input aria-hidden="true"> before its button and
 *    hands the focus on from it; a screen reader then meets a focusable element it is told to
 *    ignore. Here the button itself takes the Tab stop and the hidden input leaves the tab order.
 * 2. The view tabs (role=tab buttons) also move with the arrow keys, Home and End.
 * 3. The upload's file input gets a name.
 * Served from the app's own server: the Content-Security-Policy allows no inline script.
 */
(function () {
  'use strict';

  function fixDropdown(target) {
    if (target.getAttribute('tabindex') !== '-1') { target.setAttribute('tabindex', '-1'); }
    var button = target.nextElementSibling;
    if (button && button.tagName === 'BUTTON' && !button.disabled && button.getAttribute('tabindex') !== '0') {
      button.setAttribute('tabindex', '0');
    }
  }

  function fixAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll('.dash-dropdown-focus-target').forEach(fixDropdown);
    scope.querySelectorAll('input[type=file]:not([aria-label])').forEach(function (el) {
      el.setAttribute('aria-label', 'Upload a data file');
    });
  }

  // the dropdown gives its hidden input the Tab stop back whenever its button loses focus
  document.addEventListener('focusout', function (event) {
    var t = event.target;
    if (t && t.previousElementSibling && t.previousElementSibling.classList &&
        t.previousElementSibling.classList.contains('dash-dropdown-focus-target')) {
      setTimeout(function () { fixDropdown(t.previousElementSibling); }, 0);
    }
  });

  document.addEventListener('keydown', function (event) {
    var t = event.target;
    if (!t || t.getAttribute('role') !== 'tab') { return; }
    var tabs = Array.prototype.slice.call(t.parentElement.querySelectorAll('[role=tab]'));
    var i = tabs.indexOf(t), next = null;
    if (event.key === 'ArrowRight') { next = tabs[(i + 1) % tabs.length]; }
    else if (event.key === 'ArrowLeft') { next = tabs[(i - 1 + tabs.length) % tabs.length]; }
    else if (event.key === 'Home') { next = tabs[0]; }
    else if (event.key === 'End') { next = tabs[tabs.length - 1]; }
    if (next) { event.preventDefault(); next.focus(); next.click(); }
  });

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fixAll(document); });
  }).observe(document.documentElement, {childList: true, subtree: true});
  fixAll(document);
})();
