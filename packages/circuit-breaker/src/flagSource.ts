// The vendor-neutral contract between the circuit breaker and a feature-flag service.

/**
 * Who a flag is evaluated for: one breaker child. Defaults to `{ kind: 'service', key: <child id> }`,
 * so a single flag can target single children (for example one hot shard) from the vendor's UI.
 * Extra attributes are passed through to the vendor's targeting rules.
 *
 * @example
 * ```ts
 * const context: FlagContext = { kind: 'service', key: 'orders-consumer', region: 'eu-west-1' };
 * ```
 */
export interface FlagContext {
  kind: string;
  key: string;
  [attribute: string]: unknown;
}

/**
 * Where the circuit breaker reads its flags from: LaunchDarkly ({@link launchDarklyFlags}),
 * any OpenFeature provider ({@link openFeatureFlags}), memory ({@link memoryFlags}) or your own.
 *
 * How `evaluate` reports what it found:
 * - resolves `true` / `false`: the flag's value for this context;
 * - resolves `undefined`: the source does not know the flag (the breaker counts it as off and warns);
 * - rejects with `FlagSourceError` code `'flag_not_boolean'` (make it with
 *   `FlagSourceError.notBoolean(flagKey, value)`): the flag holds a value that is not a boolean. The
 *   breaker counts the child as off and logs one warning naming the flag and that value. A rejection
 *   carries the value because the resolved type is `boolean | undefined`, and the value is what an
 *   engineer needs to fix the flag;
 * - rejects with anything else: the source is failing (outage). The breaker then changes nothing.
 *
 * The breaker never calls `close`: the application owns the source and closes it at shutdown.
 *
 * @example
 * ```ts
 * const fromEnv: FlagSource = {
 *   async evaluate(flagKey) {
 *     const raw = process.env[flagKey];
 *     if (raw === undefined) return undefined;
 *     if (raw === 'true' || raw === 'false') return raw === 'true';
 *     throw FlagSourceError.notBoolean(flagKey, raw);
 *   },
 * };
 * ```
 */
export interface FlagSource {
  /** Current boolean value of flagKey for this context; undefined when the source does not know it. */
  evaluate(flagKey: string, context: FlagContext): Promise<boolean | undefined>;
  /**
   * Optional fast path: calls `onChange` with the keys that may have changed, and returns a function
   * that unsubscribes. An empty array means "something changed, the source cannot tell which":
   * the breaker then checks every child. Polling stays the source of truth, so a missed event only
   * delays a change until the next check.
   */
  subscribe?(onChange: (flagKeys: string[]) => void): () => void;
  /** Releases what the source owns. */
  close?(): Promise<void>;
}
