/* Needs no network and no privilege: copies its input file to its output file. */
#include <stdio.h>

int main(int argc, char **argv) {
        if (argc < 3)
                return 2;
        FILE *in = fopen(argv[1], "re"), *out = fopen(argv[2], "we");
        if (!in || !out)
                return 1;
        int c;
        while ((c = fgetc(in)) != EOF)
                fputc(c, out);
        fclose(in);
        return fclose(out) != 0;
}
