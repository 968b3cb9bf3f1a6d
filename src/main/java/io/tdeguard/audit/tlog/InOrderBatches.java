package io.tdeguard.audit.tlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Works on a stream of items in batches on other threads while the caller reads on, and folds the results on the
 * caller's thread strictly in the order the items were added, whatever order the batches finish in: a verifier
 * hashes and checks leaves on every core and still names the first break by the lowest index. At most
 * {@code ahead} batches are in work beyond the one being filled, so memory stays bounded however long the stream.
 * Not thread-safe: one caller adds, finishes and folds.
 *
 * @param <I> an item as read
 * @param <R> what the work makes of one item
 */
public final class InOrderBatches<I, R> {

    private final int batchSize;
    private final int ahead;
    private final Executor executor;
    private final Function<I, R> work;
    private final Predicate<R> fold;
    private final Deque<CompletableFuture<List<R>>> inWork = new ArrayDeque<>();
    private List<I> filling;
    private boolean stopped;

    /**
     * @param batchSize items given to the executor as one task, 1 or more
     * @param ahead     batches in work at once beyond the one being filled, 1 or more
     * @param executor  runs the work (e.g. the common fork-join pool)
     * @param work      what is done to each item on the executor's threads; must be thread-safe. An exception it
     *                  throws is thrown by {@link #add} or {@link #finish} (wrapped in a
     *                  {@link java.util.concurrent.CompletionException}) when its batch's turn to be folded comes
     * @param fold      takes the results in item order on the caller's thread; false stops the fold for good
     */
    public InOrderBatches(int batchSize, int ahead, Executor executor, Function<I, R> work, Predicate<R> fold) {
        if (batchSize < 1 || ahead < 1) {
            throw new IllegalArgumentException("batchSize and ahead must be 1 or more");
        }
        this.batchSize = batchSize;
        this.ahead = ahead;
        this.executor = executor;
        this.work = work;
        this.fold = fold;
        this.filling = new ArrayList<>(batchSize);
    }

    /** Adds the next item. False once the fold has stopped: reading on is useless. */
    public boolean add(I item) {
        if (stopped) {
            return false;
        }
        filling.add(item);
        if (filling.size() == batchSize) {
            submit();
            while (!stopped && inWork.size() > ahead) {
                foldOldest();
            }
        }
        return !stopped;
    }

    /** Works on what is left and folds every batch in order, up to a stop. False when the fold stopped. */
    public boolean finish() {
        if (!stopped && !filling.isEmpty()) {
            submit();
        }
        while (!stopped && !inWork.isEmpty()) {
            foldOldest();
        }
        inWork.clear();
        return !stopped;
    }

    private void submit() {
        List<I> batch = filling;
        filling = new ArrayList<>(batchSize);
        inWork.add(CompletableFuture.supplyAsync(() -> {
            List<R> results = new ArrayList<>(batch.size());
            for (I item : batch) {
                results.add(work.apply(item));
            }
            return results;
        }, executor));
    }

    private void foldOldest() {
        for (R result : inWork.removeFirst().join()) {
            if (!fold.test(result)) {
                stopped = true;
                return;
            }
        }
    }
}
