// Kept for src/kinesis, which imports it: the helper itself is core's formatValue (one implementation).
export { formatValue as describeValue } from '@xstate-otp/core';
