/* The store poster's print button: shown only when script runs (otherwise the browser's own print is used). */
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
})();
