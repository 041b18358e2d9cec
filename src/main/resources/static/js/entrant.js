/* Entrant pages: the three-step entry form (photos with previews, form fields, confirmation) sent with
   upload progress, and the result page that follows its entry until it is decided. No inline script (CSP). */
(function () {
  'use strict';

  function format(pattern, value) {
    return pattern.replace('{0}', String(value));
  }

  function entryForm(form) {
    var maxBytes = Number(form.dataset.maxBytes);
    var maxReceipts = Number(form.dataset.maxReceipts);
    var input = form.querySelector('[data-photo-input]');
    var thumbs = form.querySelector('[data-thumbs]');
    var none = form.querySelector('[data-no-photos]');
    var photoError = form.querySelector('[data-photo-error]');
    var formError = form.querySelector('[data-form-error]');
    var steps = Array.prototype.slice.call(form.querySelectorAll('[data-step]'));
    var photos = [];
    var current = 0;

    form.classList.add('js');
    input.removeAttribute('name'); // the script sends the photos itself

    function mode() {
      var checked = form.querySelector('[data-mode]:checked');
      return checked ? checked.value : 'single';
    }

    function limit() {
      var m = mode();
      return m === 'single' ? 1 : m === 'receipts' ? maxReceipts : 10;
    }

    function show(index) {
      current = index;
      steps.forEach(function (s, i) { s.classList.toggle('current', i === index); });
      window.scrollTo(0, 0);
    }

    function say(el, text) {
      el.textContent = text || '';
      el.hidden = !text;
    }

    function render() {
      thumbs.textContent = '';
      photos.forEach(function (p, i) {
        var li = document.createElement('li');
        var img = document.createElement('img');
        img.src = p.url;
        img.alt = p.file.name;
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = form.dataset.msgRemove;
        remove.addEventListener('click', function () {
          URL.revokeObjectURL(p.url);
          photos.splice(i, 1);
          render();
        });
        li.appendChild(img);
        li.appendChild(remove);
        thumbs.appendChild(li);
      });
      none.hidden = photos.length > 0;
    }

    input.addEventListener('change', function () {
      say(photoError, '');
      Array.prototype.forEach.call(input.files, function (file) {
        if (!file.type || file.type.indexOf('image/') !== 0) {
          say(photoError, form.dataset.msgNotImage);
        } else if (file.size > maxBytes) {
          say(photoError, form.dataset.msgTooLarge);
        } else if (photos.length >= limit()) {
          say(photoError, form.dataset.msgTooMany);
        } else {
          photos.push({ file: file, url: URL.createObjectURL(file) });
        }
      });
      input.value = '';
      render();
    });

    form.querySelectorAll('[data-mode]').forEach(function (radio) {
      radio.addEventListener('change', function () {
        while (photos.length > limit()) {
          URL.revokeObjectURL(photos.pop().url);
        }
        render();
      });
    });

    function fieldsValid() {
      var ok = true;
      steps[1].querySelectorAll('input, select').forEach(function (el) {
        var error = form.querySelector('[data-error-for="' + el.name + '"]');
        if (!el.checkValidity()) {
          ok = false;
          el.setAttribute('aria-invalid', 'true');
          if (error) { say(error, el.validationMessage); }
        } else {
          el.removeAttribute('aria-invalid');
          if (error) { say(error, ''); }
        }
      });
      return ok;
    }

    function fillConfirmation() {
      form.querySelector('[data-confirm-photos]').textContent = format(form.dataset.msgPhotoCount, photos.length);
      var list = form.querySelector('[data-confirm-list]');
      list.textContent = '';
      form.querySelectorAll('[data-field]').forEach(function (field) {
        var el = field.querySelector('input, select');
        var dt = document.createElement('dt');
        dt.textContent = field.querySelector('[data-label]').textContent;
        var dd = document.createElement('dd');
        dd.textContent = el.tagName === 'SELECT' && el.selectedIndex > 0
          ? el.options[el.selectedIndex].text : el.value;
        list.appendChild(dt);
        list.appendChild(dd);
      });
    }

    form.querySelectorAll('[data-next]').forEach(function (button) {
      button.addEventListener('click', function () {
        if (current === 0) {
          if (photos.length === 0) {
            say(photoError, form.dataset.msgRequired);
            return;
          }
          show(1);
        } else if (current === 1) {
          if (!fieldsValid()) { return; }
          fillConfirmation();
          show(2);
        }
      });
    });
    form.querySelectorAll('[data-back]').forEach(function (button) {
      button.addEventListener('click', function () { show(Math.max(0, current - 1)); });
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (photos.length === 0) { show(0); say(photoError, form.dataset.msgRequired); return; }
      var data = new FormData(form);
      data.delete('mode');
      var field = mode() === 'pages' ? 'receiptPages' : 'receipt';
      photos.forEach(function (p) { data.append(field, p.file, p.file.name); });
      var progress = form.querySelector('[data-progress]');
      var bar = progress.querySelector('progress');
      var text = progress.querySelector('[data-progress-text]');
      var submit = form.querySelector('[data-submit]');
      say(formError, '');
      progress.hidden = false;
      bar.value = 0;
      text.textContent = form.dataset.msgUploading + ' 0%';
      submit.disabled = true;

      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      var csrf = form.querySelector('input[name="_csrf"]');
      if (csrf) { xhr.setRequestHeader('X-CSRF-TOKEN', csrf.value); }
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) {
          var percent = Math.round(e.loaded * 100 / e.total);
          bar.value = percent;
          text.textContent = form.dataset.msgUploading + ' ' + percent + '%';
        }
      });
      xhr.upload.addEventListener('load', function () {
        bar.value = 100;
        text.textContent = form.dataset.msgSent;
      });
      xhr.addEventListener('load', function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
        if ((xhr.status === 202 || xhr.status === 401) && body && body.location) {
          window.location.assign(body.location);
          return;
        }
        submit.disabled = false;
        progress.hidden = true;
        if (!body) { say(formError, form.dataset.msgFailed); return; }
        say(formError, body.message);
        var errors = body.errors || {};
        var keys = Object.keys(errors);
        keys.forEach(function (key) {
          var error = form.querySelector('[data-error-for="' + key + '"]');
          var el = form.querySelector('[name="' + key + '"]');
          if (error) { say(error, errors[key]); }
          if (el) { el.setAttribute('aria-invalid', 'true'); }
        });
        if (keys.length > 0) {
          show(1);
          say(formError, body.message);
        } else if (body.code !== 'campaign_not_open') {
          show(0);
          say(formError, body.message);
        }
      });
      xhr.addEventListener('error', function () {
        submit.disabled = false;
        progress.hidden = true;
        say(formError, form.dataset.msgFailed);
      });
      xhr.send(data);
    });

    show(0);
    render();
  }

  function entryStatus(section) {
    var url = section.dataset.statusUrl;
    var title = section.querySelector('[data-status-title]');
    var message = section.querySelector('[data-status-message]');
    var reasons = section.querySelector('[data-reasons]');
    var reading = section.querySelector('[data-reading]');
    var resubmit = section.querySelector('[data-resubmit]');

    function update(s) {
      title.textContent = s.title;
      title.dataset.status = s.status;
      title.className = 'badge status-' + s.status;
      message.textContent = s.message;
      reasons.textContent = '';
      s.reasons.forEach(function (r) {
        var li = document.createElement('li');
        li.textContent = r;
        reasons.appendChild(li);
      });
      reading.textContent = s.readingText;
      reading.dataset.readingState = s.reading;
      reading.hidden = s.decided;
      resubmit.hidden = !s.resubmit;
    }

    function poll() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (s) { update(s); }
          if (!s || !s.decided) { window.setTimeout(poll, 3000); }
        })
        .catch(function () { window.setTimeout(poll, 6000); });
    }

    if (section.dataset.decided !== 'true') {
      window.setTimeout(poll, 2000);
    }
  }

  /* The reveal of an instant-win result the server has already decided and recorded: the result is in the
     page (and stays there without script); with script, just after playing, three reels spin for a moment
     before it shows. Skippable; no spinning for prefers-reduced-motion; the result is announced (role=status). */
  function playReveal(box) {
    if (box.dataset.reveal !== 'true') { return; }
    var reels = box.querySelector('[data-reels]');
    var skip = box.querySelector('[data-skip]');
    var text = box.querySelector('[data-result-text]');
    var result = text.innerHTML;
    var note = box.querySelector('.result-note');
    var done = false;
    function show() {
      if (done) { return; }
      done = true;
      reels.hidden = true;
      skip.hidden = true;
      text.innerHTML = result;
      if (note) { note.hidden = false; }
      box.dataset.revealed = 'true';
    }
    if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
      box.dataset.revealed = 'true';
      return;
    }
    text.textContent = '';
    if (note) { note.hidden = true; }
    reels.hidden = false;
    skip.hidden = false;
    skip.addEventListener('click', show);
    window.setTimeout(show, 1800);
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-play-result]').forEach(playReveal);
    document.querySelectorAll('[data-entry-form]').forEach(entryForm);
    document.querySelectorAll('[data-entry-status]').forEach(entryStatus);
  });
})();
