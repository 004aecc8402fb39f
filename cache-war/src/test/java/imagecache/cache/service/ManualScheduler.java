package imagecache.cache.service;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler whose periodic tasks run when a test says so: each {@link #tick} runs every one once. */
final class ManualScheduler {

    /** A task and its period. */
    record Periodic(Runnable task, long period, TimeUnit unit) {}

    final List<Periodic> scheduled = new ArrayList<>();
    int cancelled;

    ManagedScheduledExecutorService executor() {
        ScheduledFuture<?> future = (ScheduledFuture<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ScheduledFuture.class}, (proxy, method, args) -> {
                    if (method.getName().equals("cancel")) {
                        cancelled++;
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (ManagedScheduledExecutorService) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ManagedScheduledExecutorService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("scheduleAtFixedRate")) {
                        scheduled.add(new Periodic((Runnable) args[0], (Long) args[2], (TimeUnit) args[3]));
                        return future;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    void tick() {
        scheduled.forEach(periodic -> periodic.task().run());
    }
}
