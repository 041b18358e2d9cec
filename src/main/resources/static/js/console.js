/*
 * tokuten consoles: small enhancements that work under the strict Content-Security-Policy (no inline script).
 * - <form data-confirm="question">: asks before submitting (destructive actions); without script the
 *   form submits as usual.
 * - <button data-copy="#id" data-copied="Copied">: copies the text of the element #id (one-time secrets).
 *   Copy buttons are hidden until this script shows them.
 */
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  function copied(button) {
    var label = button.textContent;
    button.textContent = button.dataset.copied || label;
    button.classList.add('copied');
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove('copied');
    }, 2000);
  }

  function fallbackCopy(element, button) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      if (document.execCommand('copy')) {
        copied(button);
      }
    } catch (e) {
      // the text stays selected for the person to copy by hand
    }
  }

  function init() {
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
      var source = document.querySelector(button.dataset.copy);
      if (!source) {
        return;
      }
      button.hidden = false;
      button.addEventListener('click', function () {
        var text = source.innerText.trim();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { copied(button); },
            function () { fallbackCopy(source, button); });
        } else {
          fallbackCopy(source, button);
        }
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
