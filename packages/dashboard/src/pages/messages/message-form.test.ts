import { describe, expect, it } from 'vitest';
import { createBodyOf, emptyMessageForm, formPathOf, messageFormOf, previewMessageOf, unclearable, updateBodyOf } from './message-form.js';

function cartReminder() {
  const form = emptyMessageForm();
  Object.assign(form, { key: 'cart_reminder', name: 'Cart reminder', format: 'banner' });
  form.content.title = '{{ profile.firstName | default: "Hello" }}, your cart is waiting';
  form.content.buttons = [
    { id: 'b1', text: 'See my cart', action: 'open_url', url: '/cart' },
    { id: 'b2', text: 'Later', action: 'dismiss', url: 'ignored' },
  ];
  form.trigger = { kind: 'event', event: 'Product Added', pages: ['/x'], segment: 's1', geofence: null, withinHours: 12 };
  form.purpose = '';
  form.quietHours = { from: '21:00', to: '08:00' };
  return form;
}

describe('the message editor’s values', () => {
  it('become the body the API takes: the trigger with its own field only, a service message as purpose null', () => {
    const body = createBodyOf(cartReminder());
    expect(body.trigger).toEqual({ kind: 'event', event: 'Product Added' });
    expect(body.content.buttons).toEqual([
      { text: 'See my cart', action: 'open_url', url: '/cart' },
      { text: 'Later', action: 'dismiss' },
    ]);
    expect(body.purpose).toBeNull();
    expect(body.audience).toEqual({});
    expect(body.frequency).toEqual({ perSession: 1 });
    expect(body.quietHours).toEqual({ from: '21:00', to: '08:00' });
    expect(updateBodyOf(cartReminder())).toMatchObject({ priority: 0 });
    expect(updateBodyOf(cartReminder())).not.toHaveProperty('key');
  });

  it('come back the same from a saved message, and say what a change cannot take away', () => {
    const body = createBodyOf(cartReminder());
    const saved = { ...body, id: 'm1', audience: null, purpose: null, frequency: body.frequency ?? {}, quietHours: body.quietHours ?? null, priority: 0, startAt: null, endAt: null, status: 'active' as const, createdAt: '', updatedAt: '' };
    const form = messageFormOf(saved);
    expect(createBodyOf(form)).toEqual(body);
    form.quietHours = { from: '', to: '' };
    expect(Object.keys(unclearable(saved, form))).toEqual(['quietHours.from']);
  });

  it('put the API’s problems next to their inputs, and preview the templates as written', () => {
    const form = cartReminder();
    expect(formPathOf('/content/buttons/0/url', form)).toBe('content.buttons.0.url');
    expect(formPathOf('/content/buttons/5/url', form)).toBe('content.buttons');
    expect(formPathOf('/trigger/event', form)).toBe('trigger.event');
    expect(formPathOf('/audience/segment', form)).toBe('audience.segment');
    expect(formPathOf('/quietHours/to', form)).toBe('quietHours.to');
    expect(formPathOf('/frequency/perDay', form)).toBe('frequency.perDay');
    expect(formPathOf('', form)).toBeUndefined();
    expect(previewMessageOf(form)).toMatchObject({ format: 'banner', title: form.content.title, body: null, buttons: [{ url: '/cart' }, { action: 'dismiss', url: null }] });
  });
});
