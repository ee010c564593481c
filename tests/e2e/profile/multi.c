/* Exercises the tracer: *at() paths through a dup'ed directory fd and a changed cwd,
 * threads, vfork, a signal handler and a W+X mapping. Each mode creates files below DIR. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dir;

static void touch_at(int dfd, const char *name) {
        int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0)
                close(fd);
}

static void *thread_main(void *arg) {
        char p[4096];
        snprintf(p, sizeof p, "%s/thread-%ld", dir, (long) arg);
        touch_at(AT_FDCWD, p);
        return NULL;
}

static void *exec_thread(void *arg) {
        (void) arg;
        char p[4096];
        snprintf(p, sizeof p, "%s/from-thread-exec", dir);
        execl("/usr/bin/touch", "touch", p, (char *) NULL);
        return NULL;
}

static void on_usr1(int sig) {
        (void) sig;
        char p[4096];
        snprintf(p, sizeof p, "%s/from-handler", dir);
        touch_at(AT_FDCWD, p);
}

int main(int argc, char **argv) {
        if (argc < 3)
                return 2;
        dir = argv[1];
        const char *mode = argv[2];
        if (!strcmp(mode, "at")) {
                int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (d < 0 || dup2(d, 50) < 0)
                        return 1;
                close(d);
                touch_at(50, "sub/via-dirfd");
                if (chdir("/") < 0 || fchdir(50) < 0 || chdir("sub") < 0)
                        return 1;
                touch_at(AT_FDCWD, "via-cwd");
                pid_t pid = fork();
                if (pid == 0) {
                        touch_at(50, "sub/child-inherited");
                        _exit(0);
                }
                waitpid(pid, NULL, 0);
        } else if (!strcmp(mode, "threads")) {
                pthread_t t[4];
                for (long i = 0; i < 4; i++)
                        pthread_create(&t[i], NULL, thread_main, (void *) i);
                for (int i = 0; i < 4; i++)
                        pthread_join(t[i], NULL);
        } else if (!strcmp(mode, "thread-exec")) {
                /* a thread that is not the leader execs: it takes over the process id */
                pthread_t t[2];
                pthread_create(&t[0], NULL, thread_main, (void *) 7L);
                pthread_join(t[0], NULL);
                pthread_create(&t[1], NULL, exec_thread, NULL);
                pause();
        } else if (!strcmp(mode, "vfork")) {
                char p[4096];
                snprintf(p, sizeof p, "%s/from-vfork", dir);
                pid_t pid = vfork();
                if (pid == 0) {
                        execl("/usr/bin/touch", "touch", p, (char *) NULL);
                        _exit(127);
                }
                waitpid(pid, NULL, 0);
        } else if (!strcmp(mode, "signal")) {
                signal(SIGUSR1, on_usr1);
                raise(SIGUSR1);
        } else if (!strcmp(mode, "wx")) {
                void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                return m == MAP_FAILED;
        } else if (!strcmp(mode, "stop")) {
                raise(SIGSTOP); /* the test sends SIGCONT */
                touch_at(AT_FDCWD, "/dev/null");
        }
        return 0;
}
