import type { InAppMessageView, MessageFormat, TriggerKind } from '@rapport/contracts';

/** The formats in words (contracts' messageFormats). */
export const formatLabels: Record<MessageFormat, { label: string; description: string }> = {
  modal: { label: 'Modal', description: 'A dialog over the page: it takes the focus until it is closed' },
  banner: { label: 'Banner', description: 'A bar at the top of the page' },
  toast: { label: 'Toast', description: 'A short note at the bottom that goes away after 8 seconds' },
  card: { label: 'Card', description: 'Inside the page, where the app places it' },
};

/** The triggers in words (contracts' triggerKinds). */
export const triggerLabels: Record<TriggerKind, string> = {
  event: 'When they do something (an event)',
  screen: 'When they view a page or screen',
  session_start: 'At the start of a visit',
  segment_entered: 'When they enter a segment',
  geofence_entered: 'When they enter a geofence',
};

/** A message's trigger as a short sentence for the list. */
export function triggerInWords(m: InAppMessageView, segmentName: (id: string) => string): string {
  const t = m.trigger;
  switch (t.kind) {
    case 'event':
      return `When they do “${t.event ?? '?'}”`;
    case 'screen':
      return t.pages === undefined ? 'On every page view' : `On ${t.pages.join(', ')}`;
    case 'session_start':
      return 'At the start of a visit';
    case 'segment_entered':
      return `On entering “${segmentName(t.segment ?? '?')}”`;
    case 'geofence_entered':
      return `On entering the geofence ${t.geofence ?? '?'}`;
  }
}
