// The winner's address form: typing seven digits of a postal code looks them up and fills prefecture, city
// and town (a code with several towns offers them as choices). Without script the form works as typed.
(function () {
  'use strict';
  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }
  ready(function () {
    var form = document.querySelector('form.winner-form');
    if (!form) { return; }
    var base = form.getAttribute('data-lookup');
    var postal = form.querySelector('#postalCode');
    var status = form.querySelector('[data-lookup-status]');
    var prefecture = form.querySelector('#prefecture');
    var city = form.querySelector('#city');
    var town = form.querySelector('#town');
    var towns = form.querySelector('#town-choices');
    var last = '';
    function digits(text) {
      return text.replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
        .replace(/[^0-9]/g, '');
    }
    function say(key) { status.textContent = status.getAttribute('data-' + key); }
    function lookup() {
      var code = digits(postal.value);
      if (code.length !== 7 || code === last) { return; }
      last = code;
      say('searching');
      fetch(base + code, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (response) {
          if (response.status === 404) { say('not-found'); return null; }
          if (!response.ok) { say('failed'); return null; }
          return response.json();
        })
        .then(function (found) {
          if (!found) { return; }
          if (found.prefecture) { prefecture.value = found.prefecture; }
          if (found.city) { city.value = found.city; }
          towns.textContent = '';
          if (found.town) {
            town.value = found.town;
          } else if (found.addresses.length > 1) {
            found.addresses.forEach(function (a) {
              var option = document.createElement('option');
              option.value = a.town;
              towns.appendChild(option);
            });
          }
          say(found.addresses.length > 1 && !found.town ? 'choose' : 'found');
          (found.town || found.addresses.length === 1 ? form.querySelector('#addressLine1') : town).focus();
        })
        .catch(function () { say('failed'); });
    }
    postal.addEventListener('input', lookup);
    postal.addEventListener('change', lookup);
  });
})();
