import { Box, Button, Group, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import placeholder from './image-placeholder.svg?no-inline';
import { drawScene, PHONE_DOCUMENT, type DrawOutcome, type PhoneScene } from './phone-scene.js';

/** A phone's screen in CSS pixels (an iPhone 12 to 15), and the bezel around it. */
const SCREEN = { width: 390, height: 844 } as const;
const BEZEL = 12;
const FRAME = { width: SCREEN.width + 2 * BEZEL, height: SCREEN.height + 2 * BEZEL } as const;

/**
 * A phone showing a scene: a same-origin frame whose document loads the SDK's script-tag build from this server
 * (/sdk/rapport.js), so that in-app messages are drawn by the SDK's own renderer. The phone is scaled down to fit its
 * column and `maxHeight` (px); what is inside keeps the phone's 390 × 844 CSS pixels.
 */
export function PhoneFrame({ scene, maxHeight = 680, label }: { readonly scene: PhoneScene; readonly maxHeight?: number; readonly label: string }) {
  const { ref, width } = useElementSize();
  const frame = useRef<HTMLIFrameElement>(null);
  const [doc, setDoc] = useState<Document | null>(null);
  const [outcome, setOutcome] = useState<DrawOutcome | undefined>();
  const [closed, setClosed] = useState(false);
  const [again, setAgain] = useState(0);
  // The scene drawn last: a close reported by an older one (cleared to draw the next) is not the person's.
  const generation = useRef(0);
  const key = JSON.stringify(scene);

  useEffect(() => {
    if (doc === null) return;
    const drawn = ++generation.current;
    const parent = frame.current?.ownerDocument;
    // The SDK puts the focus in a modal it shows. While the person types in the editor, the focus stays there.
    const active = parent?.activeElement;
    const keepFocus = active instanceof HTMLElement && active !== frame.current && active !== parent?.body;
    const scroll = { x: parent?.defaultView?.scrollX ?? 0, y: parent?.defaultView?.scrollY ?? 0 };
    setClosed(false);
    setOutcome(drawScene(doc, JSON.parse(key) as PhoneScene, { placeholder, onClosed: () => drawn === generation.current && setClosed(true) }));
    if (keepFocus) {
      active.focus({ preventScroll: true });
      parent?.defaultView?.scrollTo(scroll.x, scroll.y);
    }
  }, [doc, key, again]);

  const scale = width === 0 ? 1 : Math.min(1, width / FRAME.width, maxHeight / FRAME.height);
  return (
    <Box ref={ref} w="100%">
      <Box h={FRAME.height * scale} style={{ position: 'relative', overflow: 'hidden' }}>
        <Box
          style={{
            position: 'absolute',
            top: 0,
            left: Math.max(0, (width - FRAME.width * scale) / 2),
            width: FRAME.width,
            height: FRAME.height,
            padding: BEZEL,
            boxSizing: 'border-box',
            borderRadius: 48,
            background: '#1a1b1e',
            transform: `scale(${scale})`,
            transformOrigin: 'top left',
          }}
        >
          <iframe
            ref={frame}
            title={label}
            srcDoc={PHONE_DOCUMENT}
            width={SCREEN.width}
            height={SCREEN.height}
            style={{ border: 0, borderRadius: 36, background: '#fff', display: 'block' }}
            onLoad={(e) => setDoc(e.currentTarget.contentDocument)}
            data-testid="phone-frame"
          />
        </Box>
      </Box>
      {closed && outcome === 'shown' && scene.kind === 'message' ? (
        <Group justify="center" mt="xs">
          <Text size="sm" c="dimmed">
            Closed in the preview.
          </Text>
          <Button size="xs" variant="light" onClick={() => setAgain((n) => n + 1)}>
            Show it again
          </Button>
        </Group>
      ) : null}
      {outcome === 'not-shown' && scene.kind === 'message' ? (
        <Text size="sm" c="dimmed" ta="center" mt="xs">
          The SDK did not show this message.
        </Text>
      ) : null}
    </Box>
  );
}
