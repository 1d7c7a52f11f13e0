// The public surface of @xstate-otp/circuit-breaker (the Kinesis consumer is the ./kinesis subpath).
export {
  createCircuitBreaker,
  type CircuitBreakerChildSpec,
  type CircuitBreakerContext,
  type CircuitBreakerEvent,
  type CircuitBreakerLogic,
  type CircuitBreakerOptions,
} from './createCircuitBreaker';
export { addChild } from './addChild';
export { breakerChildren, type BreakerChildInfo, type BreakerChildStatus } from './breakerChildren';
export type {
  CircuitBreakerCheckEvent,
  CircuitBreakerCounts,
  CircuitBreakerCrashEvent,
  CircuitBreakerEmitted,
} from './circuitBreakerEvents';
export type { FlagContext, FlagSource } from './flagSource';
export { memoryFlags, type MemoryFlags } from './flags/memoryFlags';
export { launchDarklyFlags, type LaunchDarklyFlagsOptions } from './flags/launchDarklyFlags';
export { openFeatureFlags, type OpenFeatureFlagsOptions } from './flags/openFeatureFlags';
export {
  CircuitBreakerError,
  FlagSourceError,
  type CircuitBreakerErrorCode,
  type FlagSourceErrorCode,
} from './errors';
