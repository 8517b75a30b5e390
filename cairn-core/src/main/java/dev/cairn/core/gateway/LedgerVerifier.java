package dev.cairn.core.gateway;

import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.store.LedgerCall;
import dev.cairn.core.store.LedgerChain;
import dev.cairn.core.store.LedgerEntry;
import dev.cairn.core.store.LedgerQuery;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks a ledger: that every entry's hash is the one its fields give, that each links to the
 * entry before it with no entry missing, and that the policy version each model call names
 * allowed it by the rule it names ({@link ModelPolicy#decideAt}). Reads the store only.
 */
public final class LedgerVerifier {

    /** One break of the chain or policy violation, by the sequence number where it shows (0: the ledger as a whole). */
    public record Problem(long seq, String message) {
    }

    /**
     * What a verification found.
     *
     * @param first    the first entry checked's time, or null when none was
     * @param last     the last entry checked's time, or null when none was
     * @param elapsed  how long the check took
     */
    public record Report(long entries, long firstSeq, long lastSeq, Instant first, Instant last, Duration elapsed,
                         List<Problem> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean intact() {
            return problems.isEmpty();
        }

        public long entriesPerSecond() {
            return elapsed.toNanos() == 0 ? entries : entries * 1_000_000_000L / elapsed.toNanos();
        }
    }

    private static final int BATCH = 4_096;
    private static final int BATCHES_AHEAD = 8;
    private static final List<LedgerEntry> END = List.of();

    private final LedgerStore ledger;
    private final ModelPolicy policy;

    public LedgerVerifier(LedgerStore ledger, ModelPolicy policy) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Checks the entries appended in {@code [from, to)} (null: without bound) and their link to the
     * entry before. The store is read on a second thread while this one checks, a batch at a time.
     *
     * A row that cannot be read as an entry (a number column holding text, say) ends the check with
     * a problem naming it.
     */
    public Report verify(Instant from, Instant to) {
        long started = System.nanoTime();
        Walk walk = new Walk();
        BlockingQueue<List<LedgerEntry>> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().name("cairn-ledger-verify-reader").daemon(true)
                .start(() -> read(from, to, batches, failure));
        try {
            for (List<LedgerEntry> batch = batches.take(); batch != END; batch = batches.take()) {
                batch.forEach(walk::check);
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying the ledger", e);
        } catch (RuntimeException e) {
            reader.interrupt();
            throw e;
        }
        if (failure.get() instanceof StoreException unreadable) {
            walk.problems.add(new Problem(0, "reading stopped after seq " + walk.lastSeq + ": " + unreadable.getMessage()));
        } else if (failure.get() != null) {
            throw failure.get();
        }
        return new Report(walk.entries, walk.firstSeq, walk.lastSeq, walk.firstTime, walk.lastTime,
                Duration.ofNanos(System.nanoTime() - started), walk.problems);
    }

    private void read(Instant from, Instant to, BlockingQueue<List<LedgerEntry>> batches,
                      AtomicReference<RuntimeException> failure) {
        @SuppressWarnings("unchecked")
        List<LedgerEntry>[] batch = new List[] {new ArrayList<>(BATCH)};
        try {
            ledger.scan(0, from, to, entry -> {
                batch[0].add(entry);
                if (batch[0].size() == BATCH) {
                    put(batches, batch[0]);
                    batch[0] = new ArrayList<>(BATCH);
                }
            });
            put(batches, batch[0]);
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            put(batches, END);
        }
    }

    private static void put(BlockingQueue<List<LedgerEntry>> batches, List<LedgerEntry> batch) {
        try {
            batches.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the ledger", e);
        }
    }

    /** The state of one pass over the chain. */
    private final class Walk {
        final List<Problem> problems = new ArrayList<>();
        long entries;
        long firstSeq;
        long lastSeq;
        Instant firstTime;
        Instant lastTime;
        String previousHash;

        void check(LedgerEntry entry) {
            long seq = entry.seq();
            if (entries == 0) {
                firstSeq = seq;
                firstTime = entry.time();
                previousHash = predecessorHash(seq);
            } else if (seq != lastSeq + 1) {
                problems.add(new Problem(seq, "follows seq " + lastSeq + ": "
                        + (seq - lastSeq - 1 == 1 ? "entry " + (lastSeq + 1) + " is" : "entries " + (lastSeq + 1) + " to "
                        + (seq - 1) + " are") + " missing"));
            }
            if (previousHash != null && !previousHash.equals(entry.prevHash())) {
                problems.add(new Problem(seq, "its previous hash " + abbreviated(entry.prevHash())
                        + " is not the hash of the entry before it, " + abbreviated(previousHash)));
            }
            if (!LedgerChain.intact(entry)) {
                problems.add(new Problem(seq, "its hash " + abbreviated(entry.hash())
                        + " does not match its fields: the entry was changed or moved"));
            }
            if (LedgerCall.MODEL_CALL.equals(entry.call().kind())) {
                checkPolicy(entry);
            }
            entries++;
            lastSeq = seq;
            lastTime = entry.time();
            previousHash = entry.hash();
        }

        /** The hash the first entry checked must follow: the genesis, the stored entry before it, or null if that is gone. */
        private String predecessorHash(long seq) {
            if (seq == 1) {
                return LedgerChain.GENESIS;
            }
            List<LedgerEntry> before = ledger.page(LedgerQuery.all(1).after(seq - 2));
            if (before.isEmpty() || before.getFirst().seq() != seq - 1) {
                problems.add(new Problem(seq, "entry " + (seq - 1) + " before it is missing"));
                return null;
            }
            return before.getFirst().hash();
        }

        private void checkPolicy(LedgerEntry entry) {
            LedgerCall call = entry.call();
            CallSubject subject;
            try {
                subject = new CallSubject(call.tenantId(), call.agent(), call.agentVersion(), call.sessionId(), call.runId(),
                        call.userId(), call.classification(), call.step(),
                        ChatRequest.Purpose.valueOf(call.purpose().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(entry.seq(), "purpose '" + call.purpose() + "' is not a model call's purpose"));
                return;
            }
            CallTarget target = new CallTarget(call.route(), call.provider(), call.model(), call.region(), call.endpointHost());
            PolicyDecision decision;
            try {
                decision = policy.decideAt(call.policyVersion(), subject, target);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(entry.seq(), "policy version " + call.policyVersion() + " cannot decide it: "
                        + e.getMessage()));
                return;
            }
            if (!decision.allowed()) {
                problems.add(new Problem(entry.seq(), "policy version " + call.policyVersion() + " denies this call by rule '"
                        + decision.rule() + "': " + decision.message()));
            } else if (!decision.rule().equals(call.policyRule())) {
                problems.add(new Problem(entry.seq(), "policy version " + call.policyVersion() + " allows it by rule '"
                        + decision.rule() + "', but the entry names rule '" + call.policyRule() + "'"));
            }
        }
    }

    private static String abbreviated(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
