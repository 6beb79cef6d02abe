/** Listeners of one kind of event. A listener that throws is logged and does not stop the others. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** `what` names them in the log ("capture listener"). */
  constructor(private readonly what: string) {}

  /** Adds a listener; returns the function that removes it. Bound, so it can be handed around. */
  readonly subscribe = (listener: (value: T) => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (err) {
        console.error(`${this.what} failed`, err);
      }
    }
  }
}
