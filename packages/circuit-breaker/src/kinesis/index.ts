// @xstate-otp/circuit-breaker: in progress.
export {};
