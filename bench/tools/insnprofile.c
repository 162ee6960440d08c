/* insnprofile: a QEMU 7.2 TCG plugin (plugin API v1) that counts how many
 * times each guest instruction executes, and how many instructions execute
 * after each "marker" instruction until the next marker runs. The markers
 * (one hexadecimal address a line, in the file named by the plugin's
 * markers= argument) are the generated model's own instructions between
 * kernel calls, so the second count is the work of each layer, whether its
 * kernel was inlined or called. At exit it writes "i ADDRESS COUNT" per
 * executed instruction and "m ADDRESS COUNT" per marker to the file named
 * by INSNPROFILE_OUT. bench/arm_profile.py maps the addresses to layers and
 * kernels. Debian's QEMU ships no qemu-plugin.h, so the few declarations
 * needed are written out here.
 *   gcc -O2 -shared -fPIC -o libinsnprofile.so insnprofile.c
 *   qemu-system-arm ... -plugin ./libinsnprofile.so,markers=FILE -d plugin */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*udata_cb_t)(qemu_plugin_id_t, void *);
extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb_t);
extern void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, udata_cb_t, void *);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
extern struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t);
extern uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
typedef void (*vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
extern void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *,
                                                   vcpu_udata_cb_t,
                                                   enum qemu_plugin_cb_flags, void *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* Open addressing from instruction address to its slot. */
#define SLOTS (1u << 21)
typedef struct {
  uint64_t count;    /* executions of this instruction */
  uint64_t after;    /* instructions run while this marker was the last */
  int marker;
} slot;
static uint64_t *pcs;
static slot *slots;
static size_t used;
static slot *current;

static slot *lookup(uint64_t pc) {
  size_t i = (size_t)((pc >> 1) * 0x9E3779B97F4A7C15ull >> 43) & (SLOTS - 1);
  while (pcs[i] != ~0ull && pcs[i] != pc) i = (i + 1) & (SLOTS - 1);
  if (pcs[i] == ~0ull) {
    if (++used > SLOTS / 2) {
      fprintf(stderr, "insnprofile: too many distinct instructions\n");
      exit(1);
    }
    pcs[i] = pc;
  }
  return &slots[i];
}

static void on_insn(unsigned int vcpu, void *udata) {
  slot *s = (slot *)udata;
  (void)vcpu;
  s->count++;
  if (s->marker) current = s;
  if (current) current->after++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  size_t n = qemu_plugin_tb_n_insns(tb), i;
  (void)id;
  for (i = 0; i < n; i++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS,
                                           lookup(qemu_plugin_insn_vaddr(insn)));
  }
}

static void at_exit(qemu_plugin_id_t id, void *p) {
  const char *path = getenv("INSNPROFILE_OUT");
  FILE *f;
  size_t i;
  (void)id;
  (void)p;
  if (!path || !(f = fopen(path, "w"))) {
    fprintf(stderr, "insnprofile: set INSNPROFILE_OUT to a writable file\n");
    return;
  }
  for (i = 0; i < SLOTS; i++) {
    if (pcs[i] == ~0ull) continue;
    if (slots[i].count)
      fprintf(f, "i %llx %llu\n", (unsigned long long)pcs[i],
              (unsigned long long)slots[i].count);
    if (slots[i].marker && slots[i].after)
      fprintf(f, "m %llx %llu\n", (unsigned long long)pcs[i],
              (unsigned long long)slots[i].after);
  }
  fclose(f);
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
  size_t i;
  int a;
  (void)info;
  pcs = malloc(SLOTS * sizeof *pcs);
  slots = calloc(SLOTS, sizeof *slots);
  if (!pcs || !slots) return -1;
  for (i = 0; i < SLOTS; i++) pcs[i] = ~0ull;
  for (a = 0; a < argc; a++) {
    FILE *f;
    unsigned long long pc;
    if (strncmp(argv[a], "markers=", 8) || !(f = fopen(argv[a] + 8, "r"))) {
      fprintf(stderr, "insnprofile: unknown argument or unreadable file: %s\n", argv[a]);
      return -1;
    }
    while (fscanf(f, "%llx", &pc) == 1) lookup(pc & ~1ull)->marker = 1;
    fclose(f);
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
  qemu_plugin_register_atexit_cb(id, at_exit, NULL);
  return 0;
}
