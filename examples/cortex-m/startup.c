/* startup.c - minimal reset code for the Arm MPS2/MPS3 boards under QEMU:
 * vector table, .data copy, .bss clear, FPU enable, semihosting exit. */
#include <stdint.h>

#include "semihost.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void reset_handler(void) {
  uint32_t *src = &_sidata, *dst = &_sdata;
  while (dst < &_edata) *dst++ = *src++;
  for (dst = &_sbss; dst < &_ebss; ++dst) *dst = 0;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  /* CPACR: full access to CP10/CP11 before the first FP or MVE instruction. */
  *(volatile uint32_t *)0xE000ED88 |= 0xFu << 20;
  __asm volatile("dsb\n isb");
#endif
  semihost_exit(main());
}

static void fault_handler(void) {
  semihost_write("hard fault\n");
  semihost_exit(3);
}

__attribute__((section(".vectors"), used)) static const void *vectors[] = {
    &_estack, (void *)reset_handler, (void *)fault_handler,
    (void *)fault_handler, (void *)fault_handler, (void *)fault_handler,
    (void *)fault_handler};
