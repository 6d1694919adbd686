/*
 * The IR's invariant checker: what must hold of every mc_ir that lowering returns.
 *
 * Lowering calls it at the end in debug builds and turns a non-zero result into MC_BUG: a
 * violation is a bug in moncc, never a mistake in the spec (the spec's mistakes are
 * diagnostics, reported before the IR exists). The unit tests build IRs by hand and break one
 * invariant at a time. docs/ir.md lists the invariants.
 */
#ifndef MC_IR_IR_VERIFY_H
#define MC_IR_IR_VERIFY_H

#include "base/buf.h"
#include "ir/ir.h"

/*
 * Checks every invariant of ir and returns the number of violations; each one is appended to
 * report (when report is not NULL) as one line, `ir: WHAT: PROBLEM\n`, in a fixed order (the
 * order of the IR's arrays), so two runs over the same IR give the same report.
 */
int mc_ir_verify(const mc_ir *ir, mc_buf *report);

#endif
