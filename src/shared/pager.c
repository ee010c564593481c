/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include "pager.h"
#include "terminal.h"

static pid_t pager_pid;
static int saved_stdout = -1;

static const char *pager_command(void) {
        const char *p = getenv("SYSTEMD_PAGER");
        if (!p)
                p = getenv("PAGER");
        return p;
}

static _noreturn_ void pager_exec(const char *cmd) {
        if (setenv("LESS", "FRSXMK", 0) < 0)
                _exit(EXIT_FAILURE);
        if (cmd) {
                execl("/bin/sh", "sh", "-c", cmd, (char *) NULL);
                _exit(EXIT_FAILURE);
        }
        execlp("less", "less", (char *) NULL);
        execlp("more", "more", (char *) NULL);
        /* no pager at all: copy through */
        execlp("cat", "cat", (char *) NULL);
        _exit(EXIT_FAILURE);
}

bool pager_have(void) {
        return pager_pid > 0;
}

int pager_open(bool no_pager) {
        if (no_pager || pager_pid > 0 || !terminal_stdout_is_tty())
                return 0;
        const char *cmd = pager_command();
        if (cmd && (isempty(cmd) || streq(cmd, "cat")))
                return 0;
        int fd[2];
        if (pipe2(fd, O_CLOEXEC) < 0)
                return -errno;
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
                int r = -errno;
                (void) close(fd[0]);
                (void) close(fd[1]);
                return r;
        }
        if (pid == 0) {
                if (dup2(fd[0], STDIN_FILENO) < 0)
                        _exit(EXIT_FAILURE);
                pager_exec(cmd);
        }
        saved_stdout = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
        if (dup2(fd[1], STDOUT_FILENO) < 0) {
                int r = -errno;
                (void) close(fd[0]);
                (void) close(fd[1]);
                return r;
        }
        (void) close(fd[0]);
        (void) close(fd[1]);
        (void) signal(SIGPIPE, SIG_IGN);
        pager_pid = pid;
        return 0;
}

void pager_close(void) {
        if (pager_pid <= 0)
                return;
        fflush(stdout);
        if (saved_stdout >= 0) {
                (void) dup2(saved_stdout, STDOUT_FILENO);
                (void) close(saved_stdout);
                saved_stdout = -1;
        } else
                (void) close(STDOUT_FILENO);
        while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
                ;
        pager_pid = 0;
}
