// One jest config for every package: ts-jest compiles src/ and test/ directly (the typecheck is `tsc -b`).
import type { Config } from 'jest';

// The lock file pins AWS SDK versions that support Node 20; their notice about later versions is noise here
// (jest's workers inherit this process's environment).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.browser\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@xstate-otp/circuit-breaker/kinesis$': '<rootDir>/packages/circuit-breaker/src/kinesis/index.ts',
    '^@xstate-otp/([^/]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
};

export default config;
