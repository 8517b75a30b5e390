/**
 * Contract suites every long-term memory retrieval index must pass:
 * {@link dev.cairn.testing.memory.MemoryIndexContract} (searching) and
 * {@link dev.cairn.testing.memory.MemoryIndexLifecycleContract} (sequence, durability, crashes,
 * damage, concurrency). An implementation's tests extend each and supply the real embedding model.
 *
 * <p>{@link dev.cairn.testing.memory.EvaluationSet} generates a seeded retrieval evaluation set
 * (people's memories and paraphrased or entity-naming questions), and
 * {@link dev.cairn.testing.memory.RecallEvaluation} measures an index's recall on it.
 */
package dev.cairn.testing.memory;
