import { events, type EventName, type EventPayload } from '../../common/contract';
import { createLogger } from '../log/logger';

export type EventSink = (name: EventName, payload: unknown) => void;

const logger = createLogger('ipc.events');

/**
 * Main's side of the events the renderer listens to. Payloads are parsed with the contract's
 * schema before they leave, which drops undeclared fields.
 */
export class EventBus {
  private readonly sinks = new Set<EventSink>();

  addSink(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = events[name].safeParse(payload);
    if (!checked.success) {
      logger.error('event payload does not match the contract', { event: name });
      return;
    }
    for (const sink of this.sinks) {
      try {
        sink(name, checked.data);
      } catch (error) {
        logger.warn('event sink failed', { event: name, error });
      }
    }
  }
}
