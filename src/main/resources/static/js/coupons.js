/* Holder pages: the coupon screen's rotating check code and live clock. The code is fetched from the server
   when the current one is due to change (and every 5 s at the latest); the clock ticks every second on the
   server's time. No inline script (CSP). */
(function () {
  'use strict';

  var STEP_MS = 5000;

  function live(box) {
    var url = box.dataset.tokenUrl;
    var tokenEl = box.querySelector('[data-token]');
    var clockEl = box.querySelector('[data-clock]');
    var bar = box.querySelector('[data-bar]');
    var offset = Date.parse(box.dataset.serverTime) - Date.now();
    var changesAt = Date.parse(box.dataset.changesAt);
    var reduced = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    var format = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
    });
    var fetchTimer = null;

    function serverNow() {
      return Date.now() + offset;
    }

    function restartBar() {
      if (!bar || reduced) {
        return;
      }
      var left = Math.max(0, changesAt - serverNow());
      bar.style.animation = 'none';
      void bar.offsetWidth; // restart the animation from the left time of this step
      bar.style.animation = '';
      bar.style.animationDelay = '-' + (STEP_MS - Math.min(STEP_MS, left)) + 'ms';
    }

    function tick() {
      var now = serverNow();
      clockEl.textContent = format.format(new Date(now));
      if (bar && reduced) {
        bar.classList.add('stepped');
        bar.style.transform = 'scaleX(' + Math.max(0, Math.min(1, (changesAt - now) / STEP_MS)) + ')';
      }
      setTimeout(tick, 1000 - (now % 1000) + 5);
    }

    function schedule(ms) {
      clearTimeout(fetchTimer);
      fetchTimer = setTimeout(refresh, Math.max(200, Math.min(STEP_MS, ms)));
    }

    function refresh() {
      fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) {
            throw new Error(String(r.status));
          }
          return r.json();
        })
        .then(function (t) {
          offset = Date.parse(t.serverTime) - Date.now();
          changesAt = Date.parse(t.changesAt);
          tokenEl.textContent = t.token;
          box.classList.remove('stale');
          restartBar();
          schedule(changesAt - serverNow() + 150);
        })
        .catch(function () {
          box.classList.add('stale');
          schedule(1000);
        });
    }

    restartBar();
    tick();
    schedule(changesAt - serverNow() + 150);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) {
        refresh();
      }
    });
  }

  function pinInput(input) {
    // full-width digits typed on a Japanese keyboard become half-width ones
    input.addEventListener('input', function () {
      var v = input.value.replace(/[０-９]/g, function (d) {
        return String.fromCharCode(d.charCodeAt(0) - 0xFEE0);
      }).replace(/[^0-9]/g, '').slice(0, 4);
      if (v !== input.value) {
        input.value = v;
      }
    });
  }

  function oneSubmit(form) {
    // a second tap while the first is on its way sends nothing more (the idempotency key covers a retry)
    form.addEventListener('submit', function () {
      var b = form.querySelector('button[type=submit]');
      if (b) {
        setTimeout(function () { b.disabled = true; }, 0);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-live]'), live);
    Array.prototype.forEach.call(document.querySelectorAll('[data-pin-input]'), pinInput);
    Array.prototype.forEach.call(document.querySelectorAll('.use-ways form, .store-use form'), oneSubmit);
  });
})();
