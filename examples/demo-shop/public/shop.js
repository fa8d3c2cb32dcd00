// The Gift Shop: a storefront that personalizes with Rapport's SDK (window.Rapport, loaded from the Rapport server)
// and its public endpoints only. Plain JavaScript, no build step: what a small shop's developer would write.
'use strict';
(function () {
  var main = document.getElementById('main');
  var state = { config: null, catalog: null, byId: new Map(), rapport: null, cart: JSON.parse(localStorage.getItem('shop.cart') || '[]'), location: null };
  var COLOURS = ['#8a1538', '#1f6f8b', '#2e7d32', '#6a1b9a', '#b45309', '#0f766e', '#9d174d', '#374151'];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function money(p) { return p.price == null ? '' : '£' + p.price.toFixed(2); }
  function colourOf(id) { var h = 0; for (var i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0; return COLOURS[h % COLOURS.length]; }
  function tile(p) {
    var t = el('div', { class: 'tile', 'aria-hidden': 'true', text: p.name.split(/\s+/).slice(0, 2).map(function (w) { return w.charAt(0); }).join('') });
    t.style.background = colourOf(p.id);
    return t;
  }
  function productCard(p, reason) {
    return el('a', { class: 'card', href: '/product/' + encodeURIComponent(p.id), 'data-link': '', 'data-product': p.id }, [
      tile(p),
      el('div', { class: 'body' }, [el('div', { text: p.name.toLowerCase().replace(/^./, function (c) { return c.toUpperCase(); }) }), el('div', { class: 'muted', text: money(p) }), reason ? el('div', { class: 'reason', text: reason }) : null]),
    ]);
  }
  function grid(items, label) {
    var g = el('div', { class: 'grid', role: 'list', 'aria-label': label });
    items.forEach(function (i) { var card = productCard(i.product, i.reason); card.setAttribute('role', 'listitem'); g.appendChild(card); });
    return g;
  }
  function fromRecs(result) {
    return (result.items || []).map(function (i) { return { product: state.byId.get(i.productId) || { id: i.productId, name: i.name, price: i.price }, reason: i.reason && i.reason.sentence }; });
  }
  function saveCart() { localStorage.setItem('shop.cart', JSON.stringify(state.cart)); document.getElementById('cart-count').textContent = String(state.cart.length); }
  function login() { return JSON.parse(localStorage.getItem('shop.login') || 'null'); }

  function startRapport() {
    var who = login();
    var options = { writeKey: state.config.writeKey, host: state.config.rapportUrl, requireConsent: true, flushAt: 1, flushIntervalMs: 500 };
    if (who) { options.userId = who.userId; options.userToken = who.userToken; }
    state.rapport = window.Rapport.init(options);
    // The SDK reads the stored ids and choice first (storage may be asynchronous, as in React Native).
    return state.rapport.ready.then(function () {
      startLink();
      document.getElementById('consent').hidden = state.rapport.getConsent() !== null;
    });
  }
  function choose(all) {
    state.rapport.setConsent({ analytics: all, personalization: all, marketing: all, advertising: false });
    document.getElementById('consent').hidden = true;
    // Refusing everything forgets the ids: the preference center link follows the ids the SDK has now.
    startLink();
    render();
  }
  function startLink() {
    var who = login();
    var q = new URLSearchParams({ writeKey: state.config.writeKey, anonymousId: state.rapport.user().anonymousId });
    if (who) { q.set('userId', who.userId); q.set('userToken', who.userToken); }
    document.getElementById('preference-center').href = state.config.rapportUrl + '/preferences?' + q.toString();
  }

  // ---- pages ----
  function home() {
    state.rapport.page('Home');
    var hero = el('section', { class: 'hero', 'aria-live': 'polite', id: 'hero' }, [el('h1', { text: 'Gifts for every occasion' })]);
    var banner = el('div', { id: 'store-banner' });
    var recs = el('section', { 'aria-labelledby': 'recs-title' }, [el('h2', { id: 'recs-title', text: 'Recommended for you' })]);
    var cats = el('nav', { class: 'chips', 'aria-label': 'Categories' });
    state.catalog.categories.forEach(function (c) { cats.appendChild(el('a', { href: '/category/' + encodeURIComponent(c), 'data-link': '', text: c })); });
    var geo = el('button', { type: 'button', class: 'secondary', id: 'at-camden', text: 'I am at the Camden store' });
    geo.addEventListener('click', function () {
      state.location = { latitude: 51.5391, longitude: -0.1425 };
      state.rapport.updateLocation(state.location.latitude, state.location.longitude).then(function () { state.rapport.page('Home'); render(); });
    });
    main.replaceChildren(hero, banner, recs, el('h2', { text: 'Shop by category' }), cats, el('h2', { text: 'Visiting London?' }), geo);
    var context = state.location ? { location: state.location } : {};
    state.rapport.decide(['home_hero', 'store_banner'], context).then(function (answer) {
      (answer.decisions || []).forEach(function (d) {
        if (d.placement === 'home_hero' && d.content) {
          var c = d.content;
          hero.replaceChildren(el('h1', { text: c.title || '' }), c.body ? el('p', { text: c.body }) : null, c.ctaUrl ? el('a', { class: 'cta', href: c.ctaUrl.replace(/^#/, ''), 'data-link': '', text: c.ctaText || 'Shop now' }) : null, el('p', { class: 'why', text: d.reason.sentence }));
          hero.setAttribute('data-experience', d.experience ? d.experience.key : 'default');
          // A click on the call to action is the placement's result: experiments and analytics count it.
          var cta = hero.querySelector('a.cta');
          if (cta) cta.addEventListener('click', function () { state.rapport.track('Experience Clicked', { placement: d.placement, experience: d.experience ? d.experience.key : null, variant: d.variant, decisionId: d.decisionId }); });
        }
        if (d.placement === 'store_banner' && d.content) banner.replaceChildren(el('div', { class: 'banner', role: 'status' }, [el('strong', { text: d.content.title }), el('p', { text: d.content.body || '' })]));
      });
    });
    state.rapport.recommendations({ recommender: 'for_you', limit: 8 }).then(function (r) { recs.appendChild(grid(fromRecs(r), 'Recommended for you')); recs.setAttribute('data-personalized', String(!!r.personalized)); });
  }

  function category(name) {
    state.rapport.page('Category', { category: name });
    var items = state.catalog.products.filter(function (p) { return p.category === name; }).slice(0, 24);
    var list = el('div', { id: 'category-list' });
    main.replaceChildren(el('h1', { text: name }), list);
    state.rapport.track('Product List Viewed', { category: name, products: items.map(function (p, i) { return { product_id: p.id, position: i + 1 }; }) });
    state.rapport.decide(['plp_sort'], { category: name, items: items.map(function (p) { return p.id; }) }).then(function (answer) {
      var d = (answer.decisions || [])[0];
      var order = d && d.items ? d.items : items.map(function (p) { return { productId: p.id, reason: null }; });
      list.replaceChildren(grid(order.map(function (i) { return { product: state.byId.get(i.productId), reason: i.reason }; }).filter(function (i) { return i.product; }), name));
    });
  }

  function product(id) {
    var p = state.byId.get(id);
    if (!p) { main.replaceChildren(el('h1', { text: 'Not found' })); return; }
    state.rapport.page('Product', { product_id: p.id });
    state.rapport.track('Product Viewed', { product_id: p.id, name: p.name, category: p.category, price: p.price, currency: p.currency });
    var add = el('button', { type: 'button', id: 'add-to-cart', text: 'Add to cart' });
    add.addEventListener('click', function () {
      state.cart.push(p.id);
      saveCart();
      state.rapport.track('Product Added', { product_id: p.id, name: p.name, category: p.category, price: p.price, quantity: 1 });
      add.textContent = 'Added ✓';
    });
    var together = el('section', { 'aria-labelledby': 'together-title' }, [el('h2', { id: 'together-title', text: 'Often bought together' })]);
    var similar = el('section', { 'aria-labelledby': 'similar-title' }, [el('h2', { id: 'similar-title', text: 'Similar items' })]);
    main.replaceChildren(el('div', { class: 'product' }, [tile(p), el('div', {}, [el('h1', { text: p.name }), el('p', { class: 'muted', text: p.category }), el('p', { class: 'price', text: money(p) }), add])]), together, similar);
    state.rapport.recommendations({ recommender: 'bought_with', itemIds: [p.id], limit: 4 }).then(function (r) { together.appendChild(grid(fromRecs(r), 'Often bought together')); });
    state.rapport.recommendations({ recommender: 'similar', itemIds: [p.id], limit: 4 }).then(function (r) { similar.appendChild(grid(fromRecs(r), 'Similar items')); });
  }

  function cart() {
    state.rapport.page('Cart');
    var lines = state.cart.map(function (id) { return state.byId.get(id); }).filter(Boolean);
    var total = lines.reduce(function (s, p) { return s + (p.price || 0); }, 0);
    var upsell = el('section', { 'aria-labelledby': 'upsell-title' }, [el('h2', { id: 'upsell-title', text: 'You may also like' })]);
    var order = el('button', { type: 'button', id: 'place-order', text: 'Place order' });
    order.addEventListener('click', function () {
      state.rapport.track('Order Completed', { order_id: 'demo-' + Date.now(), revenue: Math.round(total * 100) / 100, currency: 'GBP', products: lines.map(function (p) { return { product_id: p.id, price: p.price, quantity: 1, category: p.category }; }) });
      state.cart = [];
      saveCart();
      main.replaceChildren(el('h1', { text: 'Thank you for your order!' }));
    });
    main.replaceChildren(
      el('h1', { text: 'Your cart' }),
      lines.length === 0 ? el('p', { class: 'muted', text: 'Your cart is empty.' }) : el('div', {}, lines.map(function (p) { return el('div', { class: 'cart-line' }, [el('span', { text: p.name }), el('span', { text: money(p) })]); })),
      lines.length === 0 ? null : el('p', { class: 'price', text: 'Total £' + total.toFixed(2) }),
      lines.length === 0 ? null : order,
      upsell,
    );
    if (lines.length > 0) state.rapport.recommendations({ recommender: 'cart_upsell', itemIds: lines.map(function (p) { return p.id; }), limit: 4 }).then(function (r) { upsell.appendChild(grid(fromRecs(r), 'You may also like')); });
  }

  function forYou() {
    state.rapport.page('For you');
    var box = el('div');
    main.replaceChildren(el('h1', { text: 'Picked for you' }), box);
    state.rapport.recommendations({ recommender: 'for_you', limit: 24 }).then(function (r) { box.replaceChildren(grid(fromRecs(r), 'Picked for you')); });
  }

  function why() {
    state.rapport.page('Why');
    var box = el('div', { id: 'why' }, [el('p', { class: 'muted', text: 'Asking…' })]);
    main.replaceChildren(el('h1', { text: 'Why am I seeing this?' }), box, el('p', {}, [el('a', { href: document.getElementById('preference-center').href, text: 'Change what you allow, download or erase your data' })]));
    state.rapport.why().then(function (w) {
      var items = [w.summary, w.recommendations].concat(w.segments.map(function (s) { return 'You are in “' + s.name + '”: ' + s.sentence; }), w.interests, w.placements.map(function (p) { return p.placement + ': ' + p.sentence; }), w.messages.map(function (m) { return m.name + ': ' + m.sentence; }));
      box.replaceChildren(el('ul', { class: 'why-list' }, items.filter(Boolean).map(function (t) { return el('li', { text: t }); })));
    });
  }

  function render() {
    var path = decodeURIComponent(location.pathname);
    var m;
    if (path === '/' || path === '') home();
    else if ((m = /^\/category\/(.+)$/.exec(path))) category(m[1]);
    else if ((m = /^\/product\/(.+)$/.exec(path))) product(m[1]);
    else if (path === '/cart') cart();
    else if (path === '/for-you') forYou();
    else if (path === '/why') why();
    else main.replaceChildren(el('h1', { text: 'Not found' }));
  }

  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-link]');
    if (!a || a.origin !== location.origin) return;
    e.preventDefault();
    history.pushState(null, '', a.pathname);
    window.scrollTo(0, 0);
    render();
    main.focus();
  });
  window.addEventListener('popstate', render);
  document.getElementById('consent-accept').addEventListener('click', function () { choose(true); });
  document.getElementById('consent-necessary').addEventListener('click', function () { choose(false); });
  document.getElementById('privacy-choices').addEventListener('click', function () { document.getElementById('consent').hidden = false; document.getElementById('consent-accept').focus(); });
  document.getElementById('sign-in').addEventListener('click', function () {
    var id = window.prompt('Your customer number (try 17850)');
    if (!id) return;
    fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: id }) }).then(function (r) { return r.json(); }).then(function (who) {
      localStorage.setItem('shop.login', JSON.stringify(who));
      state.rapport.identify(who.userId, {}, { userToken: who.userToken });
      location.reload();
    });
  });

  Promise.all([fetch('/api/config').then(function (r) { return r.json(); }), fetch('/api/catalog').then(function (r) { return r.json(); })]).then(function (answers) {
    state.config = answers[0];
    state.catalog = answers[1];
    state.catalog.products.forEach(function (p) { state.byId.set(p.id, p); });
    saveCart();
    var script = document.createElement('script');
    script.src = state.config.rapportUrl + '/sdk/rapport.js';
    script.onload = function () { startRapport().then(render); };
    script.onerror = function () { main.replaceChildren(el('p', { text: 'Rapport is not reachable at ' + state.config.rapportUrl })); };
    document.head.appendChild(script);
  });
})();
