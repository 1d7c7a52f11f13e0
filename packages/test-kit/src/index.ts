// The test helpers every package shares, so each test waits and records logs the same way.
export { waitFor, type WaitForOptions } from './waitFor';
export { recordingLogger, type LogLevel, type LogLine, type RecordingLogger } from './recordingLogger';
