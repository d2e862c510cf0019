import { defineConfig } from 'vitest/config';
import SummaryReporter from './scripts/summary-reporter';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    reporters: ['default', new SummaryReporter('unit')],
  },
});
