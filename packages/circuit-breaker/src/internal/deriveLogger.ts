// Kept for src/kinesis, which imports it: the helper itself is core's childLogger (one implementation).
export { childLogger as deriveLogger } from '@xstate-otp/core';
