/**
 * Jest for the dashboard's browser tests (`npm run test:browser`): headless Chromium through playwright-core.
 * The root config (`npm test`) ignores *.browser.test.ts; this one runs only them, with the root's mappings.
 * The loader options compile this file as the root's tsconfig.json does (CommonJS), not as the package's.
 *
 * @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"module": "commonjs", "moduleResolution": "node10"}}
 */
import type { Config } from 'jest';
import root from '../../jest.config';

const config: Config = {
  ...root,
  rootDir: '../..',
  roots: ['<rootDir>/packages/dashboard'],
  testMatch: ['**/test/**/*.browser.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60_000,
};

export default config;
