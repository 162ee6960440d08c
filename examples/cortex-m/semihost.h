/* semihost.h - Arm semihosting calls: console output and exit status. */
#ifndef SEMIHOST_H
#define SEMIHOST_H

#include <stdint.h>

static inline int32_t semihost_call(int32_t op, const void *arg) {
  register int32_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void semihost_write(const char *s) { semihost_call(0x04, s); }

/* SYS_EXIT_EXTENDED: QEMU exits with `code` as its own status. */
static inline void semihost_exit(int code) {
  const uint32_t block[2] = {0x20026u, (uint32_t)code};
  semihost_call(0x20, block);
  for (;;) {
  }
}

#endif
