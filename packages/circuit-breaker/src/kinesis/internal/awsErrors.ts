// Sorts the errors of AWS calls into what a shard consumer does next: retry later, take a new iterator, or crash.

/** Error names AWS uses for throttling and for transient service trouble. */
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'KMSThrottlingException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  // Our own per-call timeout (AbortSignal.timeout) surfaces as the SDK's AbortError.
  'AbortError',
]);
/** Socket-level failures (connection reset, refused, DNS): the network, not the request. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface AwsLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** Throttling, 5xx, timeouts and network errors: worth another try after a backoff. */
export function isRetryable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsLikeError;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    RETRYABLE_NAMES.has(e.name ?? '') ||
    NETWORK_CODES.has(e.code ?? '') ||
    e.$retryable !== undefined ||
    status === 429 ||
    status >= 500 ||
    (depth < 5 && isRetryable(e.cause, depth + 1))
  );
}

/** The iterator is older than 5 minutes: take a new one from the checkpoint. */
export function isExpiredIterator(error: unknown): boolean {
  return (error as AwsLikeError | undefined)?.name === 'ExpiredIteratorException';
}

/** The stream (or shard) does not exist. */
export function isNotFound(error: unknown): boolean {
  return (error as AwsLikeError | undefined)?.name === 'ResourceNotFoundException';
}
