import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';

/** The pages of a list read with a cursor, as far as one went: the last is on screen ('' for the first). */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>(['']);
  return {
    cursor: cursors[cursors.length - 1] ?? '',
    /** The page on screen, from 1. */
    number: cursors.length,
    back: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    forward: (next: string) => setCursors((c) => [...c, next]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** Back, the page number and forward, under a list read with a cursor; nothing while there is a single page. */
export function CursorPager({
  pages,
  nextCursor,
  labels = ['Newer', 'Older'],
  size,
}: {
  readonly pages: CursorPages;
  readonly nextCursor: string | null | undefined;
  /** What going back and forward mean for this list: newer and older entries, previous and next pages. */
  readonly labels?: readonly [string, string];
  readonly size?: 'xs' | 'sm';
}) {
  if (pages.number === 1 && (nextCursor ?? null) === null) return null;
  return (
    <Group justify="space-between">
      <Button variant="default" size={size} disabled={pages.number === 1} onClick={pages.back}>
        {labels[0]}
      </Button>
      <Text size="sm" c="dimmed">
        Page {pages.number}
      </Text>
      <Button variant="default" size={size} disabled={(nextCursor ?? null) === null} onClick={() => nextCursor != null && pages.forward(nextCursor)}>
        {labels[1]}
      </Button>
    </Group>
  );
}
