// A flag source on the LaunchDarkly server SDK: per-child evaluation, 'update' events as the fast path.
import type { LDClient, LDContext, LDEvaluationDetail } from '@launchdarkly/node-server-sdk';
import { FlagSourceError } from '../errors';
import type { FlagSource } from '../flagSource';

/**
 * Options of {@link launchDarklyFlags}.
 *
 * @example
 * ```ts
 * const pollingOnly: LaunchDarklyFlagsOptions = { changeEvents: false };
 * ```
 */
export interface LaunchDarklyFlagsOptions {
  /**
   * Subscribe to the client's `update` events so a flag change reaches the breaker at once.
   * Default true; with false the breaker relies on polling alone.
   */
  changeEvents?: boolean;
}

/**
 * Creates a {@link FlagSource} on a `@launchdarkly/node-server-sdk` client. Each child is evaluated
 * with its own context (`variationDetail(flagKey, context)`), so LaunchDarkly targeting rules can turn
 * single children on or off. The client is yours: create it, wait for it, close it.
 *
 * What the SDK reports becomes:
 * - a boolean value: that value;
 * - `FLAG_NOT_FOUND`, or no value for this context (flag off without an off variation): `undefined`;
 * - any other value: `FlagSourceError` `'flag_not_boolean'` carrying the value;
 * - `CLIENT_NOT_READY` (not initialised and no stored data), `MALFORMED_FLAG`, `EXCEPTION`...: a
 *   `FlagSourceError` `'flag_source_unavailable'`, which the breaker treats as an outage.
 *
 * The SDK is imported as types only: services that do not use LaunchDarkly never load it.
 *
 * @example
 * ```ts
 * import { init } from '@launchdarkly/node-server-sdk';
 * const client = init(process.env.LAUNCHDARKLY_SDK_KEY!);
 * await client.waitForInitialization({ timeout: 10 });
 * const breaker = createActor(createCircuitBreaker({ flags: launchDarklyFlags(client), children })).start();
 * ```
 */
export function launchDarklyFlags(client: LDClient, options: LaunchDarklyFlagsOptions = {}): FlagSource {
  const source: FlagSource = {
    // Not an async function: one promise hop less per evaluation, which a check makes per child.
    evaluate(flagKey, context) {
      try {
        return client.variationDetail(flagKey, context as LDContext, null).then((detail) => booleanOf(flagKey, detail));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
  if (options.changeEvents !== false) {
    source.subscribe = (onChange) => {
      const onUpdate = ({ key }: { key: string }) => onChange([key]);
      client.on('update', onUpdate);
      return () => {
        client.off('update', onUpdate);
      };
    };
  }
  return source;
}

function booleanOf(flagKey: string, { reason, value }: LDEvaluationDetail): boolean | undefined {
  if (reason.kind === 'ERROR') {
    if (reason.errorKind === 'FLAG_NOT_FOUND') return undefined;
    throw FlagSourceError.unavailable(flagKey, `LaunchDarkly ${reason.errorKind ?? 'ERROR'}`);
  }
  if (typeof value === 'boolean') return value;
  if (value === null) return undefined;
  throw FlagSourceError.notBoolean(flagKey, value);
}
