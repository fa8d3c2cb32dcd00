/**
 * In-app messages: modal, banner, toast and card messages with triggers, audiences, consent purposes, frequency rules,
 * quiet hours and a per-person intrusiveness budget; the decision of which one shows now, with the reasons others are
 * held back.
 */
export { MessageService, messageView, type MessageFailure, type MessageServiceOptions } from './message-service.js';
export { MessageDelivery, type MessageDeliveryOptions, type MessageRequest } from './message-delivery.js';
export { compileMessage, DEFAULT_MESSAGE_PURPOSE, type CompiledMessage, type MessageDefinition } from './message-compiler.js';
export { frequencyHold, type FrequencyInputs, type MessageHistoryEntry } from './frequency-rules.js';
