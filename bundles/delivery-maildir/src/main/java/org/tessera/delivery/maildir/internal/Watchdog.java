package org.tessera.delivery.maildir.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for the alarms of every delivery in progress: no thread per delivery. The thread
 * is a daemon, starts with the first alarm and ends after a minute without any, so that a target made
 * in a user process, which nobody deactivates, leaves nothing running.
 */
final class Watchdog {

    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "tessera-maildir-timeout");
            thread.setDaemon(true);
            return thread;
        });
        // A finished delivery's alarm leaves the queue at once instead of waiting there for its hour.
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(1, TimeUnit.MINUTES);
        timer.allowCoreThreadTimeOut(true);
    }

    DeliveryAlarm arm(Duration timeout) {
        DeliveryAlarm alarm = new DeliveryAlarm();
        alarm.timer(timer.schedule(alarm, timeout.toNanos(), TimeUnit.NANOSECONDS));
        return alarm;
    }

    void shutdown() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
