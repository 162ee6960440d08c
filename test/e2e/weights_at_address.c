/* weights_at_address.c - for a model built with --weights=address: before
 * main, maps the file named by $EC_WEIGHTS_BIN read-only at the address
 * $EC_WEIGHTS_ADDRESS (hex), where the generated code reads its weights, as
 * firmware would find them in memory-mapped flash. Linux only. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((constructor)) static void map_weights(void) {
  const char *path = getenv("EC_WEIGHTS_BIN");
  const char *at = getenv("EC_WEIGHTS_ADDRESS");
  struct stat st;
  int fd;
  void *want, *got;
  if (!path || !at) {
    fprintf(stderr, "set EC_WEIGHTS_BIN and EC_WEIGHTS_ADDRESS\n");
    exit(2);
  }
  want = (void *)strtoul(at, NULL, 16);
  fd = open(path, O_RDONLY);
  if (fd < 0 || fstat(fd, &st) != 0) {
    perror(path);
    exit(2);
  }
  got = mmap(want, (size_t)st.st_size, PROT_READ,
             MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
  if (got != want) {
    fprintf(stderr, "cannot map %s at %p\n", path, want);
    exit(2);
  }
  close(fd);
}
