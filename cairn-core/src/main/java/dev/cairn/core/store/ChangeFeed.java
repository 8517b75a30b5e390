package dev.cairn.core.store;

/**
 * What other nodes sharing the store commit, announced to this node. A store that only this
 * process writes (SQLite) has nothing to announce: its {@link EventStore#addListener listeners}
 * already hear every commit, and it answers {@link #NONE}.
 *
 * <p><b>Contract.</b> A change is announced only after it is committed, so a listener reading the
 * store when it hears of a change finds it there. Announcements may be late, repeated or lost (a
 * connection to the database dropped); after a loss the feed calls {@link Listener#resync} once it
 * is connected again, and listeners then read whatever they follow from the store. Changes of one
 * session are announced in commit order. The node's own commits are not announced to it.
 * Listeners are called on the feed's thread, one call at a time; they must not block for long.
 */
public interface ChangeFeed {

    /** The feed of a store no other process writes: it never calls its listeners. */
    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public boolean shared() {
            return false;
        }

        @Override
        public void subscribe(Listener listener) {
        }
    };

    /** True when other processes write to the same store, so their commits are announced here. */
    boolean shared();

    /** Adds a listener; it hears every change announced from now on. */
    void subscribe(Listener listener);

    /** Hears what other nodes commit. */
    interface Listener {

        /** Another node committed {@code change}. */
        void changed(SessionChange change);

        /**
         * Changes may have been missed (the feed reconnected): whatever the listener follows must
         * be read again from the store.
         */
        void resync();
    }
}
