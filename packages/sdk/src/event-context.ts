import { tryRead } from './host.js';

/** The library as events name it in `context.library`. */
export const SDK_NAME = '@rapport/sdk';
/** Kept equal to package.json's version by version.test.ts. */
export const SDK_VERSION = '0.1.0';

/** The device's IANA time zone, when the platform tells (Hermes has Intl since React Native 0.70). */
export function timezone(): string | undefined {
  return tryRead(() => Intl.DateTimeFormat().resolvedOptions().timeZone) || undefined;
}

/** The page's path in a browser (what placements and message triggers match on the web); undefined in apps. */
export function currentPath(): string | undefined {
  return tryRead((h) => h.location?.pathname);
}

/** What analytics.js sends as a page's properties and `context.page`: path, referrer, search, title, url. */
export function pageProperties(): Record<string, string> {
  const page = tryRead((h) =>
    h.location === undefined
      ? undefined
      : { path: h.location.pathname, referrer: h.document?.referrer ?? '', search: h.location.search, title: h.document?.title ?? '', url: h.location.href },
  );
  return page ?? {};
}

/**
 * The context every event carries, as analytics.js fills it: the library, the locale, the time zone, the user agent,
 * the screen and the page. In React Native most of these are absent: pass `context` (app, device, os) in the options.
 */
export function platformContext(): Record<string, unknown> {
  const context: Record<string, unknown> = { library: { name: SDK_NAME, version: SDK_VERSION } };
  const locale = tryRead((h) => h.navigator?.language);
  if (locale !== undefined) context['locale'] = locale;
  const zone = timezone();
  if (zone !== undefined) context['timezone'] = zone;
  const userAgent = tryRead((h) => h.navigator?.userAgent);
  if (userAgent !== undefined) context['userAgent'] = userAgent;
  const screen = tryRead((h) => (h.screen === undefined ? undefined : { width: h.screen.width, height: h.screen.height, density: h.devicePixelRatio ?? 1 }));
  if (screen !== undefined) context['screen'] = screen;
  const page = pageProperties();
  if (Object.keys(page).length > 0) context['page'] = page;
  return context;
}
