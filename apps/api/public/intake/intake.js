// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  var actions = document.getElementById('credential-actions');
  if (actions) {
    var copyLabel = actions.getAttribute('data-copy-label') || 'Copy';
    var copiedLabel = actions.getAttribute('data-copied-label') || 'Copied';
    ['reference', 'status-token'].forEach(function (id) {
      var source = document.getElementById(id);
      if (!source || !navigator.clipboard) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button-secondary copy-button';
      button.setAttribute('data-copy', id);
      button.textContent = copyLabel;
      button.setAttribute('aria-describedby', id);
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          button.textContent = copiedLabel;
          setTimeout(function () {
            button.textContent = copyLabel;
          }, 2000);
        });
      });
      source.parentNode.appendChild(button);
    });
    if (typeof window.print === 'function') {
      var print = document.createElement('button');
      print.type = 'button';
      print.className = 'button-secondary print-button';
      print.setAttribute('data-print', '');
      print.textContent = actions.getAttribute('data-print-label') || 'Print';
      print.addEventListener('click', function () {
        window.print();
      });
      actions.appendChild(print);
    }
  }
  // Bring the error summary into view and focus, so a screen reader reads it first.
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
