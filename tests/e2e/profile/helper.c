/* The helper svc execs: appends a line to a log in the data directory. */
#include <stdio.h>

int main(int argc, char **argv) {
        char p[4096];
        if (argc < 2)
                return 2;
        snprintf(p, sizeof p, "%s/data/helper.log", argv[1]);
        FILE *f = fopen(p, "ae");
        if (!f)
                return 1;
        fprintf(f, "helper ran\n");
        return fclose(f) != 0;
}
