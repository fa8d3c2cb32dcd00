import { categoryOf } from './categories.js';
import type { RapportAdmin } from './rapport-admin.js';

/** Camden Town, London: the demo's store, for the geofence demo. */
export const CAMDEN = { latitude: 51.539, longitude: -0.1426 } as const;

const days = (amount: number) => ({ last: { amount, unit: 'days' } });

/**
 * What the shop's marketer would set up in the dashboard, done through the admin API so that the demo works at once:
 * categories for the catalog, recommenders, segments, placements, in-app messages and a geofence. Safe to run again:
 * what exists already is left as it is.
 */
export async function configureDemo(admin: RapportAdmin, log: (line: string) => void = () => undefined): Promise<void> {
  const products = await admin.products();
  const uncategorized = products.filter((p) => p.category === null);
  for (let i = 0; i < uncategorized.length; i += 1000) {
    const chunk = uncategorized.slice(i, i + 1000).map((p) => ({ id: p.id, name: p.name, category: categoryOf(p.name), ...(p.price === null ? {} : { price: p.price }), ...(p.currency === null ? {} : { currency: p.currency }) }));
    await admin.ensure('PUT', '/api/v1/catalog/products', { products: chunk });
  }
  log(`Catalog: ${products.length} products, ${uncategorized.length} given a category.`);

  for (const r of [
    { name: 'for_you', description: 'The home page: from what the person viewed and bought', strategy: 'hybrid', fallback: 'popular' },
    { name: 'bought_with', description: 'Product pages: often bought together', strategy: 'bought_together', fallback: 'similar_items' },
    { name: 'similar', description: 'Product pages: similar items', strategy: 'similar_items', fallback: 'popular' },
    { name: 'cart_upsell', description: 'The cart: bought with what is in it', strategy: 'bought_together', fallback: 'popular' },
  ]) {
    await admin.ensure('POST', '/api/v1/recommenders', r);
  }

  await admin.ensure('POST', '/api/v1/segments', {
    name: 'Browsers with a favourite',
    description: 'Viewed at least three products in the last 30 days',
    rule: { version: 1, root: { type: 'event', event: 'Product Viewed', count: { op: 'gte', value: 3 }, window: days(30) } },
  });
  await admin.ensure('POST', '/api/v1/segments', {
    name: 'Cart abandoners',
    description: 'Added to the cart in the last 7 days and did not order since',
    rule: {
      version: 1,
      root: {
        type: 'and',
        conditions: [
          { type: 'event', event: 'Product Added', window: days(7) },
          { type: 'not', condition: { type: 'event', event: 'Order Completed', window: days(7) } },
        ],
      },
    },
  });
  await admin.ensure('POST', '/api/v1/geofences', { key: 'camden', name: 'Our Camden store', shape: { kind: 'circle', ...CAMDEN, radiusKm: 0.5 } });

  await admin.ensure('POST', '/api/v1/placements', {
    key: 'home_hero',
    name: 'Home hero',
    experiences: [
      {
        key: 'for_you',
        name: 'Picked for you',
        audience: { segment: 'Browsers with a favourite' },
        content: {
          title: '{% if profile.topCategory %}More {{ profile.topCategory | downcase }} for you{% else %}Picked for you{% endif %}',
          body: '{% for p in recommendations.for_you limit: 3 %}{{ p.name | capitalize }}{% unless forloop.last %} · {% endunless %}{% endfor %}',
          ctaText: 'See your picks',
          ctaUrl: '#/for-you',
        },
      },
    ],
    default: { title: 'Gifts for every occasion', body: 'Over 4,000 gifts from a London gift shop', ctaText: 'Browse the shop', ctaUrl: '#/category/Gifts' },
  });
  await admin.ensure('POST', '/api/v1/placements', {
    key: 'store_banner',
    name: 'Store banner',
    experiences: [{ key: 'camden', name: 'Near Camden', audience: { context: { geofences: ['camden'] } }, content: { title: 'Welcome to our Camden store', body: 'Show this screen at the till for 10% off today' } }],
  });
  await admin.ensure('POST', '/api/v1/placements', { key: 'plp_sort', name: 'Category pages', kind: 'sort', experiences: [{ key: 'by_interest', name: 'By interest', ranking: { affinityWeight: 0.5, recommender: 'for_you' } }] });

  await admin.ensure('POST', '/api/v1/in-app-messages', {
    key: 'welcome',
    name: 'Welcome',
    format: 'modal',
    content: { title: 'Welcome to the gift shop', body: 'Free UK delivery on orders over £30.', buttons: [{ text: 'Start shopping', action: 'dismiss' }] },
    trigger: { kind: 'session_start' },
    frequency: { total: 1 },
  });
  await admin.ensure('POST', '/api/v1/in-app-messages', {
    key: 'added_to_cart',
    name: 'Added to cart',
    format: 'modal',
    content: { title: 'Added to your cart', body: 'Orders over £30 ship free.', buttons: [{ text: 'Go to my cart', action: 'open_url', url: '#/cart' }, { text: 'Keep shopping', action: 'dismiss' }] },
    trigger: { kind: 'event', event: 'Product Added' },
    frequency: { perSession: 1 },
    priority: 10,
  });
  await admin.ensure('POST', '/api/v1/in-app-messages', {
    key: 'cart_reminder',
    name: 'Abandoned cart reminder',
    format: 'banner',
    content: { title: 'You left something in your cart', buttons: [{ text: 'See my cart', action: 'open_url', url: '#/cart' }] },
    trigger: { kind: 'screen', pages: ['home'] },
    audience: { segment: 'Cart abandoners' },
    frequency: { perDay: 1, cooldownAfterDismissHours: 24 },
  });
  await admin.ensure('POST', '/api/v1/in-app-messages', {
    key: 'camden_welcome',
    name: 'Camden store welcome',
    format: 'toast',
    content: { title: 'You are near our Camden store: come and say hello!' },
    trigger: { kind: 'geofence_entered', geofence: 'camden', withinHours: 2 },
  });
  log('Recommenders, segments, placements, in-app messages and the Camden geofence are set up.');
}
