// Segment's own browser library, configured as a shop would to move from Segment to Rapport: the settings CDN and
// the API host point at Rapport; nothing else changes.
'use strict';
fetch('/api/config').then(function (r) { return r.json(); }).then(function (config) {
  var rapport = new URL(config.rapportUrl);
  var status = document.getElementById('status');
  window.AnalyticsNext.AnalyticsBrowser.load(
    { writeKey: config.writeKey, cdnURL: config.rapportUrl },
    { integrations: { 'Segment.io': { apiHost: rapport.host + '/v1', protocol: rapport.protocol.replace(':', '') } } },
  ).then(function (loaded) {
    var analytics = loaded[0];
    return analytics.page('Analytics.js demo')
      .then(function () { return analytics.identify({ plan: 'demo' }); })
      .then(function () { return analytics.track('Demo Button Clicked', { library: 'analytics-next' }); })
      .then(function () {
        status.textContent = 'Sent 3 events as ' + analytics.user().anonymousId();
        status.setAttribute('data-anonymous-id', analytics.user().anonymousId());
      });
  }).catch(function (e) { status.textContent = 'analytics.js failed: ' + e.message; });
});
