package io.tdeguard.audit.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Results are folded in item order, so the first break named is the lowest, even when later batches finish first. */
class InOrderBatchesTest {

    @Test
    void theLowestBrokenItemIsFoldedFirstWhenLaterBatchesFinishFirst() {
        int batches = 5;
        ReverseExecutor executor = new ReverseExecutor(batches);
        List<Integer> folded = new ArrayList<>();
        Set<Integer> broken = Set.of(6, 13);
        InOrderBatches<Integer, Integer> checks = new InOrderBatches<>(4, batches, executor, item -> {
            executor.finished.add(item / 4);
            return item;
        }, item -> {
            folded.add(item);
            return !broken.contains(item);
        });
        for (int item = 0; item < 4 * batches; item++) {
            assertTrue(checks.add(item), "every batch is in work before the first is folded");
        }
        assertFalse(checks.finish());
        assertEquals(IntStream.rangeClosed(0, 6).boxed().toList(), folded, "folded up to the lowest break, 6");
        List<Integer> batchOrder = executor.finished.stream().distinct().toList();
        assertEquals(List.of(4, 3, 2, 1, 0), batchOrder, "the batches finished last to first");
    }

    @Test
    void foldsAStreamLongerThanTheWindowInOrderOnThePool() {
        List<Integer> folded = new ArrayList<>();
        InOrderBatches<Integer, Integer> checks = new InOrderBatches<>(7, 2, ForkJoinPool.commonPool(),
                item -> item * 2, folded::add);
        for (int item = 0; item < 10_000; item++) {
            assertTrue(checks.add(item));
        }
        assertTrue(checks.finish());
        assertEquals(IntStream.range(0, 10_000).map(item -> item * 2).boxed().toList(), folded);
    }

    @Test
    void stopsTakingItemsOnceTheFoldStopped() {
        List<Integer> folded = new ArrayList<>();
        InOrderBatches<Integer, Integer> checks = new InOrderBatches<>(2, 1, Runnable::run, item -> item,
                item -> folded.add(item) && item < 3);
        boolean accepted = true;
        int added = 0;
        while (accepted && added < 100) {
            accepted = checks.add(added++);
        }
        assertFalse(accepted);
        assertFalse(checks.finish());
        assertEquals(List.of(0, 1, 2, 3), folded);
    }

    @Test
    void aFailureOfTheWorkIsThrownAtItsTurn() {
        List<Integer> folded = new ArrayList<>();
        InOrderBatches<Integer, Integer> checks = new InOrderBatches<>(2, 4, ForkJoinPool.commonPool(), item -> {
            if (item == 5) {
                throw new IllegalStateException("item 5");
            }
            return item;
        }, folded::add);
        for (int item = 0; item < 8; item++) {
            checks.add(item);
        }
        CompletionException thrown = assertThrows(CompletionException.class, checks::finish);
        assertEquals("item 5", thrown.getCause().getMessage());
        assertEquals(List.of(0, 1, 2, 3), folded, "the batches before the failing one were folded");
    }

    /** Runs task i only after task i + 1 finished: the last task submitted finishes first. */
    private static final class ReverseExecutor implements Executor {
        private final List<CountDownLatch> done = new ArrayList<>();
        final List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
        private final int tasks;
        private int submitted;

        ReverseExecutor(int tasks) {
            this.tasks = tasks;
            for (int i = 0; i < tasks; i++) {
                done.add(new CountDownLatch(1));
            }
        }

        @Override
        public void execute(Runnable task) {
            int index;
            synchronized (this) {
                index = submitted++;
            }
            Thread thread = new Thread(() -> {
                try {
                    if (index + 1 < tasks) {
                        done.get(index + 1).await();
                    }
                    task.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.get(index).countDown();
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
    }
}
