import type { StoredMessage } from '@rapport/contracts';
import { formatMoney } from './person-words.js';

const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const money = (v: unknown, currency: unknown): string | null =>
  typeof v === 'number' ? formatMoney(v, typeof currency === 'string' ? currency.toUpperCase() : null) : null;

/** The title of an event in a person's timeline: the track event's name, or what the other kinds of message did. */
export function eventTitle(e: StoredMessage): string {
  const p = e.properties ?? {};
  switch (e.type) {
    case 'track':
      return e.event ?? 'Event';
    case 'page':
      return `Viewed the page ${e.name ?? text(p['title']) ?? text(p['path']) ?? ''}`.trim();
    case 'screen':
      return `Viewed the screen ${e.name ?? ''}`.trim();
    case 'identify':
      return 'Identified';
    case 'group':
      return `Joined the group ${e.groupId ?? ''}`.trim();
    case 'alias':
      return `Linked to ${e.previousId ?? 'another identity'}`;
  }
}

/** The few properties of an event a person reads first ("Earl Grey Tea · Tea · £5.00"), as short phrases. */
export function eventDetails(e: StoredMessage): string[] {
  const p = e.properties ?? {};
  const currency = p['currency'];
  if (e.type === 'identify') {
    const keys = Object.keys(e.traits ?? {});
    return keys.length === 0 ? [] : [`set ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? '…' : ''}`];
  }
  if (e.type === 'page') return [text(p['path']) ?? text(p['url'])].filter((x): x is string => x !== null);
  const products = Array.isArray(p['products']) ? (p['products'] as unknown[]) : [];
  const details = [
    text(p['name']) ?? text(p['product_id']),
    text(p['category']),
    p['quantity'] === undefined ? null : `× ${text(p['quantity'])}`,
    money(p['price'], currency),
    text(p['order_id']) === null ? null : `order ${text(p['order_id'])}`,
    products.length === 0 ? null : `${products.length} product${products.length === 1 ? '' : 's'}`,
    money(p['revenue'] ?? p['total'], currency),
    text(p['query']) === null ? null : `“${text(p['query'])}”`,
  ];
  return details.filter((x): x is string => x !== null);
}
