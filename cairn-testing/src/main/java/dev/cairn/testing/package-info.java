/**
 * Test support shared by Cairn's modules: contract suites that every implementation of a port
 * must pass (extend one and provide the implementation), and a {@link dev.cairn.testing.ManualClock}
 * so no test waits for time to pass.
 */
package dev.cairn.testing;
