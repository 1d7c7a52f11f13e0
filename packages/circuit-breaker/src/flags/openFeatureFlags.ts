// A flag source on any OpenFeature server provider, with ConfigurationChanged events as the fast path.
import type { Client, EvaluationContext, EventHandler, ProviderEvents } from '@openfeature/server-sdk';
import { FlagSourceError } from '../errors';
import type { FlagContext, FlagSource } from '../flagSource';

/**
 * Options of {@link openFeatureFlags}.
 *
 * @example
 * ```ts
 * const pollingOnly: OpenFeatureFlagsOptions = { changeEvents: false };
 * ```
 */
export interface OpenFeatureFlagsOptions {
  /**
   * Listen to the provider's `ConfigurationChanged` (and `Ready`) events so a change reaches the
   * breaker at once. Default true; with false the breaker relies on polling alone.
   */
  changeEvents?: boolean;
}

// The SDK's event names, spelled here so that this module loads without @openfeature/server-sdk.
const CONFIGURATION_CHANGED = 'PROVIDER_CONFIGURATION_CHANGED' as ProviderEvents.ConfigurationChanged;
const READY = 'PROVIDER_READY' as ProviderEvents.Ready;

/**
 * Creates a {@link FlagSource} on an OpenFeature server `Client` (`@openfeature/server-sdk`), so the
 * breaker works with any vendor that has a provider, including LaunchDarkly's
 * (`@launchdarkly/openfeature-node-server`). A child's {@link FlagContext} becomes the evaluation
 * context `{ targetingKey: key, kind, ...attributes }`.
 *
 * What the client reports becomes:
 * - a boolean value: that value (a disabled flag resolves to its default: off);
 * - `FLAG_NOT_FOUND`: `undefined`;
 * - `TYPE_MISMATCH`: `FlagSourceError` `'flag_not_boolean'`, carrying the value read back as a string,
 *   number or object so the warning can name it;
 * - any other error code (`PROVIDER_NOT_READY`, `PROVIDER_FATAL`, `GENERAL`, `PARSE_ERROR`...): a
 *   `FlagSourceError` `'flag_source_unavailable'`, which the breaker treats as an outage.
 *
 * `ConfigurationChanged` with `flagsChanged` names the keys to check at once; without it, and on
 * `Ready`, the breaker checks every child. The SDK is imported as types only.
 *
 * @example
 * ```ts
 * import { OpenFeature } from '@openfeature/server-sdk';
 * await OpenFeature.setProviderAndWait(new LaunchDarklyProvider(sdkKey));
 * const flags = openFeatureFlags(OpenFeature.getClient());
 * ```
 */
export function openFeatureFlags(client: Client, options: OpenFeatureFlagsOptions = {}): FlagSource {
  const source: FlagSource = {
    async evaluate(flagKey, context) {
      const evaluationContext = toEvaluationContext(context);
      const details = await client.getBooleanDetails(flagKey, false, evaluationContext);
      const errorCode: string | undefined = details.errorCode;
      if (errorCode === undefined) {
        if (typeof details.value === 'boolean') return details.value;
        throw FlagSourceError.notBoolean(flagKey, details.value);
      }
      if (errorCode === 'FLAG_NOT_FOUND') return undefined;
      if (errorCode === 'TYPE_MISMATCH') throw FlagSourceError.notBoolean(flagKey, await readBack(client, flagKey, evaluationContext));
      const message = details.errorMessage ? `OpenFeature ${errorCode}: ${details.errorMessage}` : `OpenFeature ${errorCode}`;
      throw FlagSourceError.unavailable(flagKey, message);
    },
  };
  if (options.changeEvents !== false) {
    source.subscribe = (onChange) => {
      const onConfigurationChanged: EventHandler<ProviderEvents.ConfigurationChanged> = (details) => onChange(details?.flagsChanged ?? []);
      const onReady: EventHandler = () => onChange([]);
      client.addHandler(CONFIGURATION_CHANGED, onConfigurationChanged);
      client.addHandler(READY, onReady);
      return () => {
        client.removeHandler(CONFIGURATION_CHANGED, onConfigurationChanged);
        client.removeHandler(READY, onReady);
      };
    };
  }
  return source;
}

function toEvaluationContext({ key, ...attributes }: FlagContext): EvaluationContext {
  return { ...(attributes as EvaluationContext), targetingKey: key };
}

// OpenFeature's TYPE_MISMATCH drops the value; asking for the other types finds it for the warning.
async function readBack(client: Client, flagKey: string, context: EvaluationContext): Promise<unknown> {
  const attempts = [
    () => client.getStringDetails(flagKey, '', context),
    () => client.getNumberDetails(flagKey, 0, context),
    () => client.getObjectDetails(flagKey, {}, context),
  ];
  for (const attempt of attempts) {
    const details = await attempt();
    if (details.errorCode === undefined) return details.value;
  }
  return undefined;
}
