/**
 * Contract suites every long-term memory retrieval index must pass:
 * {@link dev.cairn.testing.memory.MemoryIndexContract} (searching) and
 * {@link dev.cairn.testing.memory.MemoryIndexLifecycleContract} (sequence, durability, crashes,
 * damage, concurrency). An implementation's tests extend each and supply the real embedding model.
 */
package dev.cairn.testing.memory;
