import { cumulative, Rng } from './random.js';

/**
 * The fixed vocabulary of the synthetic shop: a UK fashion and home shop with customers in 35 countries, 40 product
 * categories of skewed popularity, a catalog, the devices people use (web browsers and the shop's iOS and Android
 * apps) and its app releases. Made up, not taken from any data set.
 */

/** Categories, most popular first; popularity falls as 1 / rank^0.9. */
// prettier-ignore
export const categories = [
  'Dresses', 'T-Shirts', 'Shoes', 'Jeans', 'Knitwear', 'Bags', 'Shirts', 'Trainers', 'Jackets', 'Accessories',
  'Tops', 'Coats', 'Jewellery', 'Trousers', 'Skirts', 'Home', 'Beauty', 'Boots', 'Hoodies', 'Sportswear',
  'Lingerie', 'Swimwear', 'Nightwear', 'Socks', 'Hats', 'Scarves', 'Sunglasses', 'Watches', 'Shorts', 'Blazers',
  'Suits', 'Kids', 'Baby', 'Bedding', 'Kitchen', 'Candles', 'Fragrance', 'Gifts', 'Stationery', 'Sale',
] as const;
export const categoryWeights = cumulative(categories.map((_, rank) => 1 / Math.pow(rank + 1, 0.9)));

export interface Country {
  readonly name: string;
  readonly weight: number;
  readonly timezone: string;
  readonly locale: string;
  readonly currency: 'GBP' | 'EUR' | 'USD';
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
}

// prettier-ignore
const c = (name: string, weight: number, timezone: string, locale: string, currency: Country['currency'], city: string, latitude: number, longitude: number): Country => ({
  name, weight, timezone, locale, currency, city, latitude, longitude,
});

/** Where customers are: mostly the UK, as for a UK shop. */
// prettier-ignore
export const countries: readonly Country[] = [
  c('United Kingdom', 42, 'Europe/London', 'en-GB', 'GBP', 'London', 51.507, -0.128),
  c('United States', 6, 'America/New_York', 'en-US', 'USD', 'New York', 40.713, -74.006),
  c('Germany', 6, 'Europe/Berlin', 'de-DE', 'EUR', 'Berlin', 52.52, 13.405),
  c('France', 5, 'Europe/Paris', 'fr-FR', 'EUR', 'Paris', 48.857, 2.352),
  c('Ireland', 5, 'Europe/Dublin', 'en-IE', 'EUR', 'Dublin', 53.35, -6.26),
  c('Netherlands', 3.5, 'Europe/Amsterdam', 'nl-NL', 'EUR', 'Amsterdam', 52.368, 4.904),
  c('Spain', 3, 'Europe/Madrid', 'es-ES', 'EUR', 'Madrid', 40.417, -3.704),
  c('Italy', 3, 'Europe/Rome', 'it-IT', 'EUR', 'Milan', 45.464, 9.19),
  c('Belgium', 2, 'Europe/Brussels', 'nl-BE', 'EUR', 'Brussels', 50.85, 4.352),
  c('Sweden', 2, 'Europe/Stockholm', 'sv-SE', 'EUR', 'Stockholm', 59.329, 18.069),
  c('Australia', 2, 'Australia/Sydney', 'en-AU', 'USD', 'Sydney', -33.869, 151.209),
  c('Canada', 2, 'America/Toronto', 'en-CA', 'USD', 'Toronto', 43.653, -79.383),
  c('Denmark', 1.5, 'Europe/Copenhagen', 'da-DK', 'EUR', 'Copenhagen', 55.676, 12.568),
  c('Norway', 1.5, 'Europe/Oslo', 'nb-NO', 'EUR', 'Oslo', 59.914, 10.752),
  c('Switzerland', 1.5, 'Europe/Zurich', 'de-CH', 'EUR', 'Zurich', 47.377, 8.542),
  c('Austria', 1.2, 'Europe/Vienna', 'de-AT', 'EUR', 'Vienna', 48.208, 16.374),
  c('Portugal', 1.2, 'Europe/Lisbon', 'pt-PT', 'EUR', 'Lisbon', 38.722, -9.139),
  c('Poland', 1.2, 'Europe/Warsaw', 'pl-PL', 'EUR', 'Warsaw', 52.23, 21.012),
  c('Finland', 1, 'Europe/Helsinki', 'fi-FI', 'EUR', 'Helsinki', 60.17, 24.938),
  c('New Zealand', 0.6, 'Pacific/Auckland', 'en-NZ', 'USD', 'Auckland', -36.849, 174.763),
  c('Czech Republic', 0.6, 'Europe/Prague', 'cs-CZ', 'EUR', 'Prague', 50.075, 14.438),
  c('Greece', 0.6, 'Europe/Athens', 'el-GR', 'EUR', 'Athens', 37.984, 23.728),
  c('Japan', 0.6, 'Asia/Tokyo', 'ja-JP', 'USD', 'Tokyo', 35.676, 139.65),
  c('United Arab Emirates', 0.6, 'Asia/Dubai', 'en-AE', 'USD', 'Dubai', 25.205, 55.271),
  c('Hungary', 0.5, 'Europe/Budapest', 'hu-HU', 'EUR', 'Budapest', 47.498, 19.04),
  c('Romania', 0.5, 'Europe/Bucharest', 'ro-RO', 'EUR', 'Bucharest', 44.427, 26.103),
  c('Singapore', 0.5, 'Asia/Singapore', 'en-SG', 'USD', 'Singapore', 1.352, 103.82),
  c('Israel', 0.4, 'Asia/Jerusalem', 'he-IL', 'USD', 'Tel Aviv', 32.085, 34.782),
  c('Luxembourg', 0.3, 'Europe/Luxembourg', 'fr-LU', 'EUR', 'Luxembourg', 49.611, 6.13),
  c('Cyprus', 0.3, 'Asia/Nicosia', 'el-CY', 'EUR', 'Nicosia', 35.186, 33.382),
  c('Lithuania', 0.3, 'Europe/Vilnius', 'lt-LT', 'EUR', 'Vilnius', 54.687, 25.28),
  c('Iceland', 0.2, 'Atlantic/Reykjavik', 'is-IS', 'EUR', 'Reykjavik', 64.147, -21.942),
  c('Malta', 0.2, 'Europe/Malta', 'mt-MT', 'EUR', 'Valletta', 35.899, 14.514),
  c('Estonia', 0.2, 'Europe/Tallinn', 'et-EE', 'EUR', 'Tallinn', 59.437, 24.754),
  c('Slovenia', 0.2, 'Europe/Ljubljana', 'sl-SI', 'EUR', 'Ljubljana', 46.057, 14.506),
];
export const countryWeights = cumulative(countries.map((x) => x.weight));

/** The shop's loyalty plans, set as a trait. */
export const plans = ['basic', 'plus', 'premium', 'vip'] as const;
export const planWeights = cumulative([55, 30, 12, 3]);

export const firstNames = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Mia',
  'Grace',
  'Sophia',
  'Lily',
  'Emily',
  'Jack',
  'Oliver',
  'Harry',
  'George',
  'Noah',
  'Leo',
  'Arthur',
  'Oscar',
  'Sofia',
  'Lucas',
  'Emma',
] as const;

/** Web browsers (user agents; ua-parser-js turns them into device, os and browser) and the apps. */
export const webAgents = {
  desktop: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  ],
  mobile: [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  ],
} as const;

export const devicePlatforms = ['desktop', 'mobile-web', 'ios', 'android'] as const;
export type DevicePlatform = (typeof devicePlatforms)[number];
export const platformWeights = cumulative([34, 36, 18, 12]);

export const phones = {
  ios: [
    { model: 'iPhone15,2', os: '17.5' },
    { model: 'iPhone14,5', os: '17.4' },
    { model: 'iPhone13,2', os: '16.7' },
    { model: 'iPhone16,1', os: '17.5' },
  ],
  android: [
    { manufacturer: 'samsung', model: 'SM-S911B', os: '14' },
    { manufacturer: 'Google', model: 'Pixel 7', os: '14' },
    { manufacturer: 'samsung', model: 'SM-A546B', os: '13' },
    { manufacturer: 'Xiaomi', model: '2201116SG', os: '13' },
  ],
} as const;

/** App releases, by the day after the start of the data when each came out. */
export const appReleases = [
  { version: '3.8.2', build: '382', day: 0 },
  { version: '3.9.0', build: '390', day: 95 },
  { version: '4.0.1', build: '401', day: 210 },
  { version: '4.1.3', build: '413', day: 330 },
  { version: '4.2.0', build: '420', day: 470 },
] as const;

export const searchTerms = [
  'linen shirt',
  'black dress',
  'white trainers',
  'summer',
  'wool coat',
  'gift for her',
  'jeans',
  'sale',
  'candle',
  'boots',
] as const;

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly price: number;
}

/** The catalog: `count` products spread over the categories by popularity, with prices around each category's own. */
export function makeCatalog(
  seed: number,
  count = 5000,
): { products: readonly Product[]; byCategory: readonly (readonly Product[])[] } {
  const rng = Rng.of(seed, 0xca7a106);
  const basePrice = categories.map(() => 8 + Math.round(rng.next() * 90));
  const byCategory: Product[][] = categories.map(() => []);
  const products: Product[] = [];
  for (let i = 0; i < count; i++) {
    // Every category has products, the popular ones more.
    const k = i < categories.length ? i : rng.weighted(categoryWeights);
    const price = Math.round(basePrice[k]! * (0.5 + rng.next() * 1.5) * 100) / 100 - 0.01;
    const id = `P${String(i + 1).padStart(5, '0')}`;
    const product = {
      id,
      name: `${categories[k]} ${i + 1}`,
      category: categories[k]!,
      price: Math.max(2.99, Math.round(price * 100) / 100),
    };
    products.push(product);
    byCategory[k]!.push(product);
  }
  return { products, byCategory };
}
