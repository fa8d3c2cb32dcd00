import { type Dice, shopVocabulary } from './random-rules.js';

const DAY = 86_400_000;

/**
 * Random Segment messages for `people` people of a small shop, spread over the 150 days before `now` (a few a little
 * after it): anonymous visitors, signed-in customers, visitors who sign in later (a merge), traits of every JSON type
 * (and some that cannot be read as what a rule expects), orders with products and categories, page and screen views,
 * devices, time zones (one invalid), locations, app versions and consent choices.
 */
export function randomShopMessages(d: Dice, now: number, people: number): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY - d.int(0, DAY - 1)).toISOString();
  for (let i = 0; i < people; i++) {
    const anonymousId = `anon-${i}`;
    const userId = d.chance(0.7) ? `user-${i}` : undefined;
    const signsInLater = userId !== undefined && d.chance(0.3);
    const ids = (late: boolean) => (userId !== undefined && (!signsInLater || late) ? { userId, anonymousId } : { anonymousId });
    const context = {
      timezone: d.pick(['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Adelaide', 'Asia/Kolkata', 'Not/AZone']),
      ...(d.chance(0.6) ? { location: { latitude: d.pick([51.5, 51.52, 48.85, 48.9, 52.52]) + d.int(-30, 30) / 100, longitude: d.pick([-0.12, 2.35, 13.4]) + d.int(-30, 30) / 100, ...(d.chance(0.7) ? { country: d.pick(shopVocabulary.countries), city: d.pick(shopVocabulary.cities) } : {}) } } : {}),
      ...(d.chance(0.5)
        ? { device: { type: d.pick(['ios', 'android']), manufacturer: 'Apple', model: 'iPhone15,2' }, os: { name: d.pick(['iOS', 'Android']), version: d.pick(['17.1', '16', '14.2.1']) }, app: { name: 'Rapport', version: d.pick(['2.3.1', '2.10', '10.0.0-beta', '1.9', 'beta']), build: '42' } }
        : { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1' }),
      ...(d.chance(0.4) ? { consent: { categoryPreferences: { Marketing: d.chance(0.5), Personalization: d.chance(0.8) } } } : {}),
    };
    const count = d.int(0, 9);
    const base = d.int(0, 140);
    if (userId !== undefined) {
      const traits: Record<string, unknown> = {};
      if (d.chance(0.8)) traits['plan'] = d.pick([...shopVocabulary.plans, 3]);
      if (d.chance(0.7)) traits['age'] = d.pick([17, 25, 30, 44, 45, 70, '31']);
      if (d.chance(0.5)) traits['vip'] = d.pick([true, false, 'yes']);
      if (d.chance(0.6)) traits['email'] = `person${i}@${d.pick(['example.com', 'test.org'])}`;
      if (d.chance(0.5)) traits['signup'] = d.pick([at(d.int(0, 200)), at(d.int(0, 200)).slice(0, 10), '2026-02-30', 'soon', '2025-06-01T10:00:00+02:00']);
      if (d.chance(0.5)) traits['app_version'] = d.pick(['2.3.1', '2.10', 'v10.1', 'x']);
      if (d.chance(0.4)) traits['score'] = d.pick(['12', 12, null]);
      if (d.chance(0.5)) traits['address'] = { country: d.pick(shopVocabulary.countries), city: d.pick(shopVocabulary.cities) };
      if (d.chance(0.3)) traits['country'] = d.pick(shopVocabulary.countries);
      messages.push({ type: 'identify', ...ids(true), traits, context, timestamp: at(base + (signsInLater ? 0 : d.int(0, 3))) });
    }
    for (let k = 0; k < count; k++) {
      const ago = Math.max(-1, base - d.int(-2, 30) + (k % 3 === 0 ? d.int(0, 20) : 0));
      const late = k >= count / 2;
      const product = () => ({ product_id: `p-${d.int(1, 30)}`, category: d.pick(shopVocabulary.categories), price: d.pick([5, 12.5, 30, 4]) });
      const kind = d.int(0, 6);
      const common = { ...ids(late), context, timestamp: at(ago) };
      if (kind === 0) messages.push({ type: 'track', event: 'Order Completed', properties: { order_id: `o-${i}-${k}`, revenue: d.pick([20, 50, 120, 7.5, 50.25]), currency: 'GBP', products: Array.from({ length: d.int(0, 3) }, product) }, ...common });
      else if (kind <= 2) messages.push({ type: 'track', event: 'Product Viewed', properties: product(), ...common });
      else if (kind === 3) messages.push({ type: 'track', event: 'Product Added', properties: { ...product(), quantity: 1 }, ...common });
      else if (kind === 4) messages.push({ type: 'page', name: 'Home', properties: { path: d.pick(shopVocabulary.paths) }, ...common });
      else if (kind === 5) messages.push({ type: 'screen', name: 'Cart', properties: {}, ...common });
      else messages.push({ type: 'track', event: 'Signed Up', properties: { plan: d.pick(shopVocabulary.plans) }, ...common });
    }
  }
  return messages;
}
