import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/summary-reporter';

// End-to-end: starts the real `kairos` server and drives Chromium; one file at a time.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', new SummaryReporter('e2e')],
  },
});
