import type { DeliveredMessageView, MessagesResponseView, TriggerKind } from '@rapport/contracts';
import { callJson, type Endpoint } from './api-call.js';
import type { SdkError } from './failure.js';
import { failureOf } from './failure.js';

/** A message to show: the server's answer to POST /v1/messages, rendered (texts, image, buttons). */
export type InAppMessage = DeliveredMessageView;

/** What a renderer reports, so that the SDK tracks Message Shown, Message Dismissed and Message Clicked. */
export interface MessageActions {
  /** The message is on screen. */
  shown(): void;
  /** The person closed it (a close button, Escape, a tap outside). */
  dismissed(): void;
  /** The person pressed a button: its index in `message.buttons`. A `dismiss` button also counts as a dismissal. */
  clicked(button: number): void;
}

/**
 * Shows in-app messages: `createDomRenderer()` of `@rapport/sdk/dom` in browsers, your own component in React Native.
 * Texts are text, never HTML. Return false when the message cannot be shown now (nothing is tracked then).
 */
export interface MessageRenderer {
  show(message: InAppMessage, actions: MessageActions): boolean | void;
}

/** What made the SDK ask for messages. */
export interface MessageTrigger {
  readonly kind: Extract<TriggerKind, 'event' | 'screen' | 'session_start'>;
  readonly event?: string;
  readonly page?: string;
}

/** The events of a message, as the server counts them (contracts' messageEvents). */
export const MESSAGE_EVENTS = { shown: 'Message Shown', dismissed: 'Message Dismissed', clicked: 'Message Clicked' } as const;

/** What the controller needs from the client. */
export interface MessagesDeps {
  readonly endpoint: Endpoint;
  readonly renderer: MessageRenderer;
  readonly timeoutMs: number;
  /** The person's ids and session to send, or null when the person's consent allows no asking. */
  readonly request: () => Readonly<Record<string, unknown>> | null;
  readonly track: (event: string, properties: Record<string, unknown>) => void;
  readonly onError: (error: SdkError) => void;
}

/**
 * Asks POST /v1/messages on each trigger, one ask at a time, and hands the message to show (at most one at a time)
 * to the renderer; tracks what the person does with it, each event once.
 */
export class MessagesController {
  private asking: Promise<void> = Promise.resolve();
  private showing = false;

  constructor(private readonly deps: MessagesDeps) {}

  /** Asks whether a message should show now for this trigger. */
  trigger(trigger: MessageTrigger): Promise<void> {
    this.asking = this.asking.then(() => this.ask(trigger));
    return this.asking;
  }

  private async ask(trigger: MessageTrigger): Promise<void> {
    const request = this.deps.request();
    if (request === null || this.showing) return;
    const answer = await callJson<MessagesResponseView>(this.deps.endpoint, { method: 'POST', path: '/v1/messages', body: { ...request, trigger }, timeoutMs: this.deps.timeoutMs });
    if (!answer.ok) return this.deps.onError(answer.error);
    const message = answer.value.messages?.[0];
    if (message !== undefined && !this.showing) this.present(message);
  }

  private present(message: InAppMessage): void {
    const { track, renderer } = this.deps;
    // The server's `tracking` (message, deliveryId, sessionId) is what it counts frequency caps and results by.
    const ids: Record<string, unknown> = { message: message.message, deliveryId: message.deliveryId, ...(message.tracking as Record<string, unknown> | undefined) };
    let shown = false;
    let closed = false;
    const close = () => {
      closed = true;
      this.showing = false;
    };
    const actions: MessageActions = {
      shown: () => {
        if (shown || closed) return;
        shown = true;
        track(MESSAGE_EVENTS.shown, ids);
      },
      dismissed: () => {
        if (closed) return;
        close();
        track(MESSAGE_EVENTS.dismissed, ids);
      },
      clicked: (button) => {
        if (closed) return;
        track(MESSAGE_EVENTS.clicked, { ...ids, button });
        if (message.buttons[button]?.action === 'dismiss') actions.dismissed();
        else close();
      },
    };
    this.showing = true;
    try {
      if (renderer.show(message, actions) === false) this.showing = false;
    } catch (e) {
      this.showing = false;
      this.deps.onError(failureOf('internal', e));
    }
  }
}
