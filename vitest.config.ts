import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Most suites wait on loopback servers and spawned binaries, not the CPU: one worker more than
    // the cores (vitest's default is one fewer: a single worker on 2 cores) halves the run here.
    maxWorkers: availableParallelism() + 1,
    env: { NO_COLOR: '', FORCE_COLOR: '' },
  },
})
