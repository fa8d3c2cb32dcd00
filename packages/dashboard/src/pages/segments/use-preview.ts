import type { RuleNode, SegmentPreviewView } from '@rapport/contracts';
import { useRef, useState } from 'react';
import { ApiError } from '../../api/index.js';
import { useDebouncedCall } from '../../hooks/use-debounced-call.js';
import { messageOf, sentence } from '../../components/api-errors.js';
import { useApi } from '../../session/session-context.js';
import type { PreviewState } from './preview-panel.js';
import { hasEmptyGroup, problemsByNode } from './rule-model.js';

/** 300 ms after the last change: the preview follows typing without a request per key. */
const DEBOUNCE_MS = 300;

/**
 * Previews the rule being edited (POST /api/v1/segments/preview) a moment after each change; a 400 answer's problems
 * come back by node pointer, to be shown next to their conditions.
 */
export function usePreview(root: RuleNode, purpose: string | null): { state: PreviewState; problems: Map<string, string[]> } {
  const api = useApi();
  const [state, setState] = useState<PreviewState>({ status: 'idle', reason: 'Add a condition to see who matches.' });
  const [problems, setProblems] = useState<Map<string, string[]>>(new Map());
  const last = useRef<SegmentPreviewView | undefined>(undefined);
  const key = JSON.stringify([root, purpose]);

  useDebouncedCall(key, DEBOUNCE_MS, {
    start: () => {
      if (hasEmptyGroup(root)) {
        setState({ status: 'idle', reason: 'Add a condition to every group to see who matches.' });
        setProblems(new Map());
        return false;
      }
      setState({ status: 'loading', last: last.current });
      return true;
    },
    call: () => api.call('previewSegment', { body: { rule: { version: 1, root }, purpose, sample: 5 } }),
    done: (preview) => {
      last.current = preview;
      setProblems(new Map());
      setState({ status: 'done', preview });
    },
    failed: (error) => {
      if (error instanceof ApiError && error.code === 'ERR_SEGMENT_INVALID_RULE') {
        setProblems(problemsByNode(root, error.details.map((d) => ({ path: d.path, message: sentence(d.message) }))));
        setState({ status: 'invalid', message: 'The rule is not complete yet: see the conditions marked in red.' });
      } else setState({ status: 'failed', message: messageOf(error) });
    },
  });

  return { state, problems };
}
