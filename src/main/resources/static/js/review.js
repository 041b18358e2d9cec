// Review workbench (admin console): photo zoom and rotation, the reason template an entrant will read,
// and keyboard shortcuts: a approve, r reject (choose a reason first), j/k next/previous entry, z zoom,
// o rotate, ? show or hide the list of keys. A static file because the pages allow no inline script.
(function () {
  'use strict';
  var bench = document.querySelector('[data-workbench]');
  if (!bench) {
    return;
  }
  var rotation = 0;

  function photos() {
    return document.querySelectorAll('[data-photo]');
  }

  function zoom() {
    photos().forEach(function (p) { p.classList.toggle('zoomed'); });
  }

  function rotate() {
    rotation = (rotation + 90) % 360;
    photos().forEach(function (p) {
      p.classList.remove('rot-90', 'rot-180', 'rot-270');
      if (rotation) {
        p.classList.add('rot-' + rotation);
      }
    });
  }

  function showTemplate() {
    var select = document.querySelector('[data-reason-select]');
    var chosen = select ? select.value : '';
    document.querySelectorAll('[data-template]').forEach(function (t) {
      t.hidden = t.getAttribute('data-template') !== chosen;
    });
  }

  function go(selector) {
    var link = document.querySelector(selector);
    if (link && link.href) {
      window.location.href = link.href;
    }
  }

  function decide(decision) {
    var button = document.querySelector('[data-decide="' + decision + '"]');
    if (button && !button.disabled) {
      button.click();
    }
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  document.addEventListener('click', function (e) {
    var tool = e.target.closest('[data-photo-action]');
    if (!tool) {
      return;
    }
    e.preventDefault();
    if (tool.getAttribute('data-photo-action') === 'zoom') {
      zoom();
    } else {
      rotate();
    }
  });

  var select = document.querySelector('[data-reason-select]');
  if (select) {
    select.addEventListener('change', showTemplate);
    showTemplate();
  }

  var help = document.querySelector('[data-shortcut-help]');
  if (help) {
    help.hidden = true;
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    if (typing(e.target)) {
      if (e.key === 'Escape') {
        e.target.blur();
      }
      return;
    }
    switch (e.key) {
      case 'a':
        decide('approve');
        break;
      case 'r':
        if (select && select.value) {
          decide('reject');
        } else if (select && !select.disabled) {
          select.focus();
        }
        break;
      case 'j':
        go('[data-nav="next"]');
        break;
      case 'k':
        go('[data-nav="previous"]');
        break;
      case 'z':
        zoom();
        break;
      case 'o':
        rotate();
        break;
      case '?':
        if (help) {
          help.hidden = !help.hidden;
        }
        break;
      default:
        return;
    }
    e.preventDefault();
  });
}());
