// The few xstate internals supervision needs, in one place so an xstate upgrade is checked here only.
// A supervisor creates children with createActor({ parent }) to keep each start O(1) (spawnChild copies
// snapshot.children on every spawn), and xstate then leaves stopping and timing those children to the parent.
import type { ActorOptions, AnyActorLogic, AnyActorRef, EventObject } from 'xstate';

type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

interface ActorInternals {
  _stop(): void;
  clock: Clock & { now?: () => number };
  _actorScope: { emit(event: EventObject): void };
}

const internals = (ref: AnyActorRef) => ref as unknown as ActorInternals;

/** Stops a child at once, as the parent's own stopChild action would (ref.stop() refuses non-root actors). */
export function stopActor(ref: AnyActorRef): void {
  internals(ref)._stop();
}

/** Emits an event to the actor's `on(...)` listeners, as the `emit` action would, from outside a transition. */
export function emitFrom(ref: AnyActorRef, event: EventObject): void {
  internals(ref)._actorScope.emit(event);
}

/** The actor system's clock (a SimulatedClock in tests), for shutdown deadlines. */
export function clockOf(ref: AnyActorRef): Clock {
  return internals(ref).clock;
}

/** Now, by the actor system's clock when it can tell (SimulatedClock), else by Date.now(). */
export function nowOf(ref: AnyActorRef): number {
  const clock = internals(ref).clock;
  return typeof clock.now === 'function' ? clock.now() : Date.now();
}
