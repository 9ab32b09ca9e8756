import nock from 'nock'
import { afterEach, beforeAll, expect } from 'vitest'

// No network but loopback: nock answers for the fake orgs, and loopback stays open for the
// sandbox and the test servers.
beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/)
})

// Like gh's reg.Verify: a stub that was set up and never called fails the test.
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending, 'HTTP stubs that were never called').toEqual([])
})
