/**
 * The hosted preference center (GET /preferences): a small, mobile-first page where a shop's customer sees why they
 * see what they see, changes their consent, downloads or erases their data. The shop links to it with its write key
 * and the person's ids: /preferences?writeKey=…&anonymousId=…[&userId=…&userToken=…]. It uses only the public
 * routes /v1/me/* and sets every text with textContent.
 */
export function preferenceCenterPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your privacy and preferences</title>
<style>
  :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --danger: #b42318; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.5rem; margin: 0.5rem 0 0.25rem; }
  h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 1rem; margin: 1rem 0; }
  p, li { color: var(--ink); }
  .muted { color: var(--muted); font-size: 0.95rem; }
  ul { padding-left: 1.2rem; margin: 0.25rem 0; }
  .purpose { display: flex; gap: 0.75rem; align-items: flex-start; padding: 0.6rem 0; border-top: 1px solid var(--line); }
  .purpose:first-of-type { border-top: 0; }
  .purpose input { width: 1.6rem; height: 1.6rem; margin-top: 0.15rem; flex: none; accent-color: var(--accent); }
  .purpose label { font-weight: 600; }
  select { font: inherit; min-height: 44px; padding: 0.4rem; border-radius: 8px; border: 1px solid var(--line); max-width: 100%; }
  button { font: inherit; min-height: 44px; padding: 0.5rem 1rem; border-radius: 8px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); }
  button.danger { background: var(--danger); border-color: var(--danger); }
  button:focus-visible, input:focus-visible { outline: 3px solid #f2b600; outline-offset: 2px; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; }
  [role="status"] { min-height: 1.5rem; font-weight: 600; }
  .error { color: var(--danger); }
</style>
</head>
<body>
<main>
  <h1>Your privacy and preferences</h1>
  <p class="muted" id="summary">Loading…</p>
  <p role="status" id="status" aria-live="polite"></p>
  <section aria-labelledby="consent-title">
    <h2 id="consent-title">What you allow</h2>
    <div id="purposes"></div>
  </section>
  <section aria-labelledby="contact-title">
    <h2 id="contact-title">How we may contact you</h2>
    <p class="muted">Offers and news only: messages about your orders always come.</p>
    <div id="channels"></div>
    <p><label for="per-day">Promotional messages a day, at most</label><br><select id="per-day"></select></p>
  </section>
  <section aria-labelledby="why-title">
    <h2 id="why-title">Why am I seeing this?</h2>
    <div id="why"></div>
  </section>
  <section aria-labelledby="data-title">
    <h2 id="data-title">Your data</h2>
    <p class="muted">Download everything this shop's personalization holds about you, or erase it for good.</p>
    <div class="actions">
      <button type="button" id="download" class="secondary">Download my data</button>
      <button type="button" id="erase" class="danger">Erase my data</button>
    </div>
    <div id="confirm" hidden>
      <p><strong>Erase everything?</strong> Your history, preferences and groups are deleted and cannot be restored.</p>
      <div class="actions">
        <button type="button" id="erase-yes" class="danger">Yes, erase everything</button>
        <button type="button" id="erase-no" class="secondary">Keep my data</button>
      </div>
    </div>
  </section>
</main>
<script src="/preferences/app.js"></script>
</body>
</html>
`;
}

/** The page's script: plain JavaScript (no build step), served from the same origin for the CSP. */
export function preferenceCenterScript(): string {
  return `'use strict';
(function () {
  var params = new URLSearchParams(location.search);
  var who = {};
  ['writeKey', 'anonymousId', 'userId', 'userToken'].forEach(function (k) { var v = params.get(k); if (v) who[k] = v; });
  var $ = function (id) { return document.getElementById(id); };
  var status = $('status');
  function say(text, isError) { status.textContent = text; status.className = isError ? 'error' : ''; }
  function query() { return new URLSearchParams(who).toString(); }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function call(method, path, body) {
    var init = { method: method, headers: {} };
    if (body) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(Object.assign({}, who, body)); }
    return fetch(path + (body ? '' : '?' + query()), init).then(function (res) {
      if (res.ok) return res;
      return res.json().then(function (e) { throw new Error(e.message || ('HTTP ' + res.status)); }, function () { throw new Error('HTTP ' + res.status); });
    });
  }
  function list(title, items) {
    var box = document.createElement('div');
    box.appendChild(el('h3', title));
    var ul = document.createElement('ul');
    items.forEach(function (t) { ul.appendChild(el('li', t)); });
    box.appendChild(ul);
    return box;
  }
  var CHANNELS = [['inApp', 'Messages in the app and on the site'], ['email', 'E-mail'], ['push', 'Push notifications'], ['sms', 'Text messages']];
  function savePreferences(change, done) {
    say('Saving…');
    call('POST', '/v1/me/preferences', change).then(function () { say('Your contact preferences are saved.'); }).catch(function (e) { say('Could not save: ' + e.message, true); }).then(done);
  }
  function renderPreferences(p) {
    var box = $('channels');
    box.textContent = '';
    CHANNELS.forEach(function (c) {
      var row = el('div', undefined, 'purpose');
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.id = 'channel-' + c[0];
      input.checked = p.channels[c[0]] !== false;
      var label = el('label', c[1]);
      label.htmlFor = input.id;
      row.appendChild(input);
      row.appendChild(label);
      box.appendChild(row);
      input.addEventListener('change', function () {
        var channels = {}; channels[c[0]] = input.checked;
        input.disabled = true;
        savePreferences({ channels: channels }, function () { input.disabled = false; });
      });
    });
    var select = $('per-day');
    select.textContent = '';
    var options = [['', 'As the shop allows (' + p.shopPromotionalPerDay + ')']];
    for (var n = p.shopPromotionalPerDay - 1; n >= 0; n--) options.push([String(n), n === 0 ? 'None' : String(n)]);
    options.forEach(function (o) { var opt = el('option', o[1]); opt.value = o[0]; select.appendChild(opt); });
    select.value = p.promotionalPerDay === null ? '' : String(Math.min(p.promotionalPerDay, p.shopPromotionalPerDay));
    select.onchange = function () {
      select.disabled = true;
      savePreferences({ promotionalPerDay: select.value === '' ? null : Number(select.value) }, function () { select.disabled = false; });
    };
  }
  function render(why) {
    renderPreferences(why.preferences);
    $('summary').textContent = why.summary;
    var purposes = $('purposes');
    purposes.textContent = '';
    why.consent.forEach(function (c) {
      var row = el('div', undefined, 'purpose');
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.id = 'purpose-' + c.purpose;
      input.checked = c.granted;
      var text = document.createElement('div');
      var label = el('label', c.name);
      label.htmlFor = input.id;
      var desc = el('div', c.description, 'muted');
      desc.id = input.id + '-desc';
      input.setAttribute('aria-describedby', desc.id);
      text.appendChild(label);
      text.appendChild(desc);
      row.appendChild(input);
      row.appendChild(text);
      purposes.appendChild(row);
      input.addEventListener('change', function () {
        var choice = {}; choice[c.purpose] = input.checked;
        input.disabled = true;
        say('Saving…');
        call('POST', '/v1/me/consent', { purposes: choice }).then(function () { say(c.name + (input.checked ? ' allowed.' : ' turned off.')); return load(); })
          .catch(function (e) { input.checked = !input.checked; say('Could not save: ' + e.message, true); })
          .then(function () { input.disabled = false; });
      });
    });
    var box = $('why');
    box.textContent = '';
    box.appendChild(el('p', why.recommendations));
    if (why.segments.length) box.appendChild(list('Groups you are in', why.segments.map(function (s) { return s.name + ': ' + s.sentence; })));
    if (why.interests.length) box.appendChild(list('What we think you like', why.interests));
    if (why.recentlyViewed.length) box.appendChild(list('Products you viewed lately', why.recentlyViewed));
    if (why.placements.length) box.appendChild(list('What the shop shows you', why.placements.map(function (p) { return p.placement + ': ' + p.sentence; })));
    if (why.messages.length) box.appendChild(list('Messages shown to you', why.messages.map(function (m) { return m.name + ': ' + m.sentence; })));
  }
  function load() {
    return call('GET', '/v1/me/why').then(function (res) { return res.json(); }).then(render).catch(function (e) { $('summary').textContent = ''; say('Could not load your preferences: ' + e.message, true); });
  }
  $('download').addEventListener('click', function () {
    say('Preparing your data…');
    call('GET', '/v1/me/export').then(function (res) { return res.blob(); }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'my-data.json';
      document.body.appendChild(a);
      a.click();
      a.remove();
      say('Your data is downloaded.');
    }).catch(function (e) { say('Could not download: ' + e.message, true); });
  });
  $('erase').addEventListener('click', function () { $('confirm').hidden = false; $('erase-yes').focus(); });
  $('erase-no').addEventListener('click', function () { $('confirm').hidden = true; $('erase').focus(); });
  $('erase-yes').addEventListener('click', function () {
    say('Erasing…');
    call('POST', '/v1/me/erase', {}).then(function (res) { return res.json(); }).then(function (report) {
      var total = Object.keys(report.removed).reduce(function (n, k) { return n + report.removed[k]; }, 0);
      $('confirm').hidden = true;
      $('purposes').textContent = '';
      $('channels').textContent = '';
      $('why').textContent = '';
      $('summary').textContent = 'Your data is erased.';
      say('Erased: ' + total + ' records removed.');
    }).catch(function (e) { say('Could not erase: ' + e.message, true); });
  });
  load();
})();
`;
}
