// Small progressive enhancements. Every page works without this file.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    // Move focus to the error summary so screen readers announce the problem.
    var summary = document.querySelector('[data-autofocus]');
    if (summary) summary.focus();

    // "Copy link" next to a one-time invitation link.
    var source = document.querySelector('[data-copy-source]');
    var button = document.querySelector('[data-copy-button]');
    var status = document.querySelector('[data-copy-status]');
    if (source && button && navigator.clipboard) {
      button.hidden = false;
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(source.value).then(
          function () { status.textContent = 'Copied.'; },
          function () { source.select(); status.textContent = 'Press Ctrl+C (or ⌘C) to copy.'; }
        );
      });
    }

    // "Print this page" on public offering pages.
    var print = document.querySelector('[data-print]');
    if (print) {
      print.hidden = false;
      print.addEventListener('click', function () { window.print(); });
    }
  });
})();
