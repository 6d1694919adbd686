/*
 * The IR as one JSON document: what `moncc inspect` prints and the golden tests compare.
 *
 * The document mirrors ir.h field for field (docs/ir.md describes it), so a reader of the
 * header can read the dump: objects list their keys in the order of the struct's fields,
 * arrays keep the IR's order, NULL strings and absent pointers are `null`, enums are their
 * AWS spelling where AWS has one, spans are `"file:line:col"` strings (`null` for none).
 */
#ifndef MC_IR_IR_JSON_H
#define MC_IR_IR_JSON_H

#include "base/buf.h"
#include "diag/source.h"
#include "ir/ir.h"

/*
 * Appends the IR as JSON (two-space indent, a final newline) to out. srcs turns spans into
 * positions. The same IR gives the same bytes on every machine: numbers are printed with at
 * most 15 significant digits (the shortest text that reads back as the same double, and
 * arithmetic noise such as 14.4 * 0.005 = 0.07200000000000001 printed as 0.072), integral
 * values without a fraction.
 */
void mc_ir_to_json(const mc_ir *ir, const mc_sources *srcs, mc_buf *out);

#endif
