/* A small service for the profile tests: reads its config, writes a file in its data
 * directory, talks AF_INET over loopback, forks and execs a helper. With --extra=WHAT it
 * also does one thing it did not do while profiled and reports whether that was denied. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what) {
        printf("%s: %s\n", what, strerror(errno));
        return 1;
}

static int loopback(void) {
        int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (l < 0)
                return fail("socket");
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t len = sizeof a;
        if (bind(l, (struct sockaddr *) &a, sizeof a) < 0 || listen(l, 1) < 0 ||
            getsockname(l, (struct sockaddr *) &a, &len) < 0)
                return fail("bind");
        int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c < 0 || connect(c, (struct sockaddr *) &a, sizeof a) < 0)
                return fail("connect");
        int s = accept(l, NULL, NULL);
        if (s < 0 || write(c, "x", 1) != 1)
                return fail("accept");
        char b;
        if (read(s, &b, 1) != 1)
                return fail("read");
        close(s), close(c), close(l);
        return 0;
}

static int extra(const char *what, const char *dir) {
        char p[4096];
        int r = 0;
        if (!strcmp(what, "write")) {
                snprintf(p, sizeof p, "%s/elsewhere/new-file", dir);
                FILE *f = fopen(p, "w");
                r = f ? 0 : -errno;
                if (f)
                        fclose(f);
        } else if (!strcmp(what, "inet6")) {
                int fd = socket(AF_INET6, SOCK_DGRAM, 0);
                r = fd < 0 ? -errno : 0;
        } else if (!strcmp(what, "syscall")) {
                /* modify_ldt(0): reads the LDT, harmless; outside @system-service. */
                char ldt[16];
                r = syscall(SYS_modify_ldt, 0, ldt, sizeof ldt) < 0 ? -errno : 0;
        }
        printf("extra %s: %s\n", what, r < 0 ? strerror(-r) : "allowed");
        return r < 0 ? 3 : 0;
}

int main(int argc, char **argv) {
        if (argc < 3)
                return 2;
        const char *dir = argv[1], *helper = argv[2];
        char p[4096], conf[256] = "";
        snprintf(p, sizeof p, "%s/conf/app.conf", dir);
        FILE *f = fopen(p, "re");
        if (!f || !fgets(conf, sizeof conf, f))
                return fail("config");
        fclose(f);
        snprintf(p, sizeof p, "%s/data/out.txt", dir);
        f = fopen(p, "we");
        if (!f || fprintf(f, "%s", conf) < 0 || fclose(f) != 0)
                return fail("data");
        if (loopback())
                return 1;
        pid_t pid = fork();
        if (pid == 0) {
                execl(helper, helper, dir, (char *) NULL);
                _exit(127);
        }
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
                return fail("helper");
        if (argc > 3 && !strncmp(argv[3], "--extra=", 8))
                return extra(argv[3] + 8, dir);
        printf("ok\n");
        return 0;
}
