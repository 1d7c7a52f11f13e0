// A flag source held in memory, for tests and for services that drive the breaker themselves.
import type { FlagSource } from '../flagSource';

/**
 * A {@link FlagSource} whose flags are set in code; every context sees the same value.
 *
 * @example
 * ```ts
 * const flags: MemoryFlags = memoryFlags();
 * flags.set('consumer.orders', true);
 * ```
 */
export interface MemoryFlags extends FlagSource {
  /** Sets a flag and notifies subscribers with its key (even when the value is unchanged, like LaunchDarkly). */
  set(flagKey: string, value: boolean): void;
  subscribe(onChange: (flagKeys: string[]) => void): () => void;
}

/**
 * Creates a {@link FlagSource} held in memory. A key that was never set is unknown (`undefined`),
 * which the breaker counts as off.
 *
 * @example
 * ```ts
 * const flags = memoryFlags({ 'consumer.orders': true });
 * const breaker = createActor(createCircuitBreaker({ flags, children: [ordersConsumer] })).start();
 * flags.set('consumer.orders', false); // stops the consumer at once, through the change event
 * ```
 */
export function memoryFlags(initial: Record<string, boolean> = {}): MemoryFlags {
  const values = new Map<string, boolean>(Object.entries(initial));
  const listeners = new Set<(flagKeys: string[]) => void>();
  return {
    evaluate: async (flagKey) => values.get(flagKey),
    set(flagKey, value) {
      values.set(flagKey, value);
      for (const listener of [...listeners]) listener([flagKey]);
    },
    subscribe(onChange) {
      // A wrapper per subscription, so subscribing the same function twice unsubscribes independently.
      const listener = (flagKeys: string[]) => onChange(flagKeys);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
