package jp.tokuten.jobs;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the operating system's scheduling priority of the calling thread (its nice value, on Linux a
 * property of each thread): job threads run at a higher nice value than request threads, so that reading
 * receipts takes the cores only while uploads leave them idle, and a share of them when uploads do not
 * (decision 099). Java has no call for it; libc's {@code setpriority} on the thread's id does it. Raising
 * a nice value needs no privilege; lowering it back would, so a thread's value only ever goes up.
 */
final class ThreadNiceness {

    private static final Logger log = LoggerFactory.getLogger(ThreadNiceness.class);
    private static final int PRIO_PROCESS = 0;

    interface C extends Library {
        int setpriority(int which, int who, int prio);

        int gettid();
    }

    private static volatile C c;
    private static volatile boolean unavailable;

    private ThreadNiceness() {}

    /** Sets the calling thread's nice value to {@code nice} (1 to 19); false when the platform cannot. */
    static boolean lower(int nice) {
        if (nice <= 0 || unavailable || !Platform.isLinux()) {
            return false;
        }
        try {
            C lib = c;
            if (lib == null) {
                lib = Native.load("c", C.class);
                c = lib;
            }
            return lib.setpriority(PRIO_PROCESS, lib.gettid(), Math.min(nice, 19)) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            unavailable = true;
            log.warn("Job threads keep the normal scheduling priority: {}", e.toString());
            return false;
        }
    }
}
