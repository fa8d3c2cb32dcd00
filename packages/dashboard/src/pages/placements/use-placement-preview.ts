import type { CreatePlacementBody, DecideContext, DecisionView, DeviceType, PreviewDecisionBody } from '@rapport/contracts';
import { useRef, useState } from 'react';
import { ApiError, type ApiErrorDetail } from '../../api/index.js';
import { messageOf } from '../../components/api-errors.js';
import { useDebouncedCall } from '../../hooks/use-debounced-call.js';
import { useApi } from '../../session/session-context.js';

/** 400 ms after the last change: the preview follows typing without a request per key. */
const DEBOUNCE_MS = 400;

/** Whom and where the preview decides for: a person by id (or nobody: an unknown visitor) and the request's context. */
export interface PreviewInput {
  who: 'nobody' | 'user' | 'anonymous';
  id: string;
  page: string;
  device: DeviceType | '';
  productId: string;
  timezone: string;
  /** sort and search placements: the product ids to order. */
  items: string[];
  query: string;
}

export function initialPreviewInput(): PreviewInput {
  return { who: 'nobody', id: '', page: 'home', device: 'mobile', productId: '', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, items: [], query: '' };
}

export type PlacementPreviewState =
  | { readonly status: 'loading'; readonly last: { decision: DecisionView; personalized: boolean } | undefined }
  | { readonly status: 'done'; readonly decision: DecisionView; readonly personalized: boolean }
  | { readonly status: 'invalid' | 'failed'; readonly message: string; readonly last: { decision: DecisionView; personalized: boolean } | undefined };

/** The body of POST /api/v1/placements/preview for the editor's draft (a new one without key or name yet too). */
export function previewBodyOf(draft: CreatePlacementBody, input: PreviewInput): PreviewDecisionBody {
  const context: DecideContext = {
    ...(input.page.trim() === '' ? {} : { page: input.page.trim() }),
    ...(input.device === '' ? {} : { device: input.device }),
    ...(input.productId.trim() === '' ? {} : { productId: input.productId.trim() }),
    ...(input.timezone.trim() === '' ? {} : { timezone: input.timezone.trim() }),
    ...(draft.kind !== 'content' && input.items.length > 0 ? { items: input.items } : {}),
    ...(draft.kind === 'search' && input.query.trim() !== '' ? { query: input.query.trim() } : {}),
  };
  const id = input.id.trim();
  return {
    // The key seeds the splits (placement key:experience key); a placement not named yet is previewed as "preview".
    draft: { ...draft, key: draft.key === '' ? 'preview' : draft.key, name: draft.name === '' ? 'Preview' : draft.name },
    ...(input.who === 'user' && id !== '' ? { userId: id } : {}),
    ...(input.who === 'anonymous' && id !== '' ? { anonymousId: id } : {}),
    context,
  };
}

/**
 * Previews the placement being edited (POST /api/v1/placements/preview with the draft) a moment after each change
 * of the placement or of whom and where it is previewed for. A 400's problems come back to be shown next to their
 * fields; they are cleared by the next preview that works.
 */
export function usePlacementPreview(body: PreviewDecisionBody): { state: PlacementPreviewState; problems: readonly ApiErrorDetail[] } {
  const api = useApi();
  const [state, setState] = useState<PlacementPreviewState>({ status: 'loading', last: undefined });
  const [problems, setProblems] = useState<readonly ApiErrorDetail[]>([]);
  const last = useRef<{ decision: DecisionView; personalized: boolean } | undefined>(undefined);
  const key = JSON.stringify(body);

  useDebouncedCall(key, DEBOUNCE_MS, {
    start: () => {
      setState({ status: 'loading', last: last.current });
      return true;
    },
    call: () => api.call('previewPlacement', { body: JSON.parse(key) as PreviewDecisionBody }),
    done: (answer) => {
      const decision = answer.decisions[0];
      setProblems([]);
      if (decision === undefined) return setState({ status: 'failed', message: 'The preview answered no decision.', last: last.current });
      last.current = { decision, personalized: answer.personalized };
      setState({ status: 'done', decision, personalized: answer.personalized });
    },
    failed: (error) => {
      if (error instanceof ApiError && error.status === 400 && error.details.length > 0) {
        setProblems(error.details);
        setState({ status: 'invalid', message: 'The placement cannot work as it is: the problems are marked in red next to their fields.', last: last.current });
      } else setState({ status: 'failed', message: messageOf(error), last: last.current });
    },
  });

  return { state, problems };
}
