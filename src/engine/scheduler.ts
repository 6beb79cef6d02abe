// Which camera's frame the host's inference engine runs next: round-robin over the cameras that
// have one waiting, each camera's frames in the order sent. A camera that sends many frames (or a
// tiled one, a pass per tile) gets one pass per round like every other, so none starves; its
// worker keeps only its latest frames (the source's latest-frame slot, two calls in flight), so
// what waits here is already the newest. Pure logic: no I/O, no clock.

export class FairScheduler<T> {
  /** Per camera, its waiting requests, oldest first. */
  private readonly queues = new Map<string, T[]>();
  /** Cameras with something waiting, in the order they are served next. */
  private readonly turn: string[] = [];

  /** Queues a request of `client` behind its earlier ones. */
  push(client: string, request: T): void {
    const queue = this.queues.get(client);
    if (queue?.length) {
      queue.push(request);
      return;
    }
    this.queues.set(client, [request]);
    this.turn.push(client);
  }

  /** The next request to serve, of a client not `busy`; undefined when none waits. */
  take(busy: ReadonlySet<string> = new Set()): { client: string; request: T } | undefined {
    const at = this.turn.findIndex((c) => !busy.has(c));
    if (at < 0) return undefined;
    const [client] = this.turn.splice(at, 1);
    const queue = this.queues.get(client)!;
    const request = queue.shift()!;
    if (queue.length) this.turn.push(client);
    else this.queues.delete(client);
    return { client, request };
  }

  /** A client is gone: its waiting requests, which will not be served. */
  drop(client: string): T[] {
    const queue = this.queues.get(client) ?? [];
    this.queues.delete(client);
    const at = this.turn.indexOf(client);
    if (at >= 0) this.turn.splice(at, 1);
    return queue;
  }

  /** Requests waiting, over all clients. */
  get size(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }
}
