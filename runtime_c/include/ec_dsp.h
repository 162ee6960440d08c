/* ec_dsp.h - the Arm DSP extension's SIMD instructions that int8 kernels
 * use (Cortex-M4, M7, M33, M55): two 16-bit lanes in a 32-bit register.
 *
 * With __ARM_FEATURE_DSP they are the instructions themselves (ACLE
 * intrinsics from arm_acle.h); elsewhere C with the same results, so a
 * kernel written with them runs, and is tested, on any machine. Lane 0 is
 * the low half. */
#ifndef EC_DSP_H
#define EC_DSP_H

#include <string.h>

#include "ec_common.h"

/** Four bytes from any address (one unaligned load on Cortex-M4 and up). */
static inline uint32_t ec_read4(const int8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>

/** Bytes 0 and 2 of x, sign-extended to the two lanes. */
static inline uint32_t ec_sxtb16(uint32_t x) {
  return (uint32_t)__sxtb16((int8x4_t)x);
}

/** Bytes 1 and 3 of x, sign-extended to the two lanes. */
static inline uint32_t ec_sxtb16_ror8(uint32_t x) {
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}

/** acc + a.lane0 * b.lane0 + a.lane1 * b.lane1 (signed 16-bit lanes). */
static inline int32_t ec_smlad(uint32_t a, uint32_t b, int32_t acc) {
  return __smlad((int16x2_t)a, (int16x2_t)b, acc);
}

/** acc + a.lane0 * b.lane0, and with the lanes 1. */
static inline int32_t ec_smlabb(uint32_t a, uint32_t b, int32_t acc) {
  return __smlabb((int32_t)a, (int32_t)b, acc);
}
static inline int32_t ec_smlatt(uint32_t a, uint32_t b, int32_t acc) {
  return __smlatt((int32_t)a, (int32_t)b, acc);
}

/** Lane-wise a + b, each lane wrapping modulo 2^16. */
static inline uint32_t ec_sadd16(uint32_t a, uint32_t b) {
  return (uint32_t)__sadd16((int16x2_t)a, (int16x2_t)b);
}

#else

static inline uint32_t ec_lanes(int32_t lo, int32_t hi) {
  return ((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16);
}

static inline int32_t ec_lane(uint32_t x, int lane) {
  int32_t v = (int32_t)((x >> (16 * lane)) & 0xFFFFu);
  return v >= 0x8000 ? v - 0x10000 : v;
}

static inline int32_t ec_byte(uint32_t x, int byte) {
  int32_t v = (int32_t)((x >> (8 * byte)) & 0xFFu);
  return v >= 0x80 ? v - 0x100 : v;
}

static inline uint32_t ec_sxtb16(uint32_t x) {
  return ec_lanes(ec_byte(x, 0), ec_byte(x, 2));
}

static inline uint32_t ec_sxtb16_ror8(uint32_t x) {
  return ec_lanes(ec_byte(x, 1), ec_byte(x, 3));
}

static inline uint32_t ec_sadd16(uint32_t a, uint32_t b) {
  return ((a + b) & 0xFFFFu) | ((((a >> 16) + (b >> 16)) & 0xFFFFu) << 16);
}

static inline int32_t ec_smlabb(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(ec_lane(a, 0) * ec_lane(b, 0)));
}

static inline int32_t ec_smlatt(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(ec_lane(a, 1) * ec_lane(b, 1)));
}

static inline int32_t ec_smlad(uint32_t a, uint32_t b, int32_t acc) {
  /* The instruction wraps modulo 2^32 (and sets the Q flag). */
  uint32_t s = (uint32_t)acc + (uint32_t)(ec_lane(a, 0) * ec_lane(b, 0)) +
               (uint32_t)(ec_lane(a, 1) * ec_lane(b, 1));
  return s >= 0x80000000u ? (int32_t)(s - 0x80000000u) - (int32_t)0x7FFFFFFF - 1
                          : (int32_t)s;
}

#endif

#endif /* EC_DSP_H */
